package io.casecall.signaling.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import io.micrometer.core.instrument.MeterRegistry;

import io.casecall.room.test.TestStack;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Settings shared by the application's integration tests. */
public final class TestApp {

	public static final String API_KEY = "test-api-key-0123456789";

	public static final String OPS_KEY = "test-ops-key-0123456789";

	private TestApp() {
	}

	/** Real Redis (and Janus, when the real adapter runs) from the test stack; a fresh keys folder. */
	public static void properties(DynamicPropertyRegistry registry) {
		try {
			Path keys = Files.createTempDirectory("casecall-keys");
			registry.add("casecall.token.keys-dir", keys::toString);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		for (String property : TestStack.properties()) {
			String[] pair = property.split("=", 2);
			registry.add(pair[0], () -> pair[1]);
		}
		registry.add("casecall.security.api-keys[0].name", () -> "test-crm");
		registry.add("casecall.security.api-keys[0].sha256", () -> sha256(API_KEY));
		registry.add("casecall.security.ops-keys[0].name", () -> "test-ops");
		registry.add("casecall.security.ops-keys[0].sha256", () -> sha256(OPS_KEY));
		// every test context has buckets of its own (they would otherwise outlive it in the shared
		// Redis), roomy enough for tests that are not about limits; RateLimitTests uses small ones
		registry.add("casecall.ratelimit.key-prefix", TestApp::rateLimitPrefix);
		registry.add("casecall.ratelimit.address.capacity", () -> "100000");
		registry.add("casecall.ratelimit.address.period", () -> "10s");
		registry.add("casecall.ratelimit.api-key.capacity", () -> "100000");
		registry.add("casecall.ratelimit.api-key.period", () -> "10s");
		registry.add("casecall.ratelimit.handshake-address.capacity", () -> "100000");
		registry.add("casecall.ratelimit.handshake-address.period", () -> "10s");
		registry.add("casecall.ratelimit.handshake-token.capacity", () -> "100000");
		registry.add("casecall.ratelimit.handshake-token.period", () -> "10s");
		registry.add("casecall.ratelimit.failed-auth.capacity", () -> "100000");
		registry.add("casecall.ratelimit.failed-auth.period", () -> "10s");
	}

	/** A Redis key prefix no other test context uses. */
	public static String rateLimitPrefix() {
		return "cc:rl:test-" + java.util.UUID.randomUUID() + ":";
	}

	/** The in-memory SFU, for tests of the signaling layer alone. */
	@TestConfiguration
	public static class WithFakeSfu {

		@Bean
		@Primary
		FakeSfuGateway fakeSfuGateway(ObjectProvider<MeterRegistry> meters) {
			return new FakeSfuGateway(meters.getIfAvailable());
		}

	}

	public static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
