package io.casecall.signaling.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.casecall.room.test.TestStack;
import io.casecall.signaling.CaseCallApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole application started and stopped by a test itself (restarts, outages). */
public final class RunningApp implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final int managementPort;

	private RunningApp(ConfigurableApplicationContext context, int managementPort) {
		this.context = context;
		this.managementPort = managementPort;
	}

	/** Starts the app with the in-memory SFU, the given Redis port and keys folder. */
	public static RunningApp start(int redisPort, Path keys, String... extra) {
		int managementPort = freePort();
		List<String> properties = new ArrayList<>(List.of("server.port=0", "management.server.port=" + managementPort,
				"casecall.sfu.type=fake",
				"spring.data.redis.port=" + redisPort, "casecall.token.keys-dir=" + keys,
				"casecall.security.api-keys[0].name=test-crm",
				"casecall.security.api-keys[0].sha256=" + TestApp.sha256(TestApp.API_KEY)));
		if (java.util.Arrays.stream(extra).noneMatch((property) -> property.startsWith("casecall.ratelimit.key-prefix="))) {
			properties.add("casecall.ratelimit.key-prefix=" + TestApp.rateLimitPrefix());
		}
		properties.addAll(List.of(extra));
		return new RunningApp(new SpringApplicationBuilder(CaseCallApplication.class, TestApp.WithFakeSfu.class)
			.run(properties.stream().map((property) -> "--" + property).toArray(String[]::new)), managementPort);
	}

	public static RunningApp start(Path keys) {
		return start(TestStack.redisPort(), keys);
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public Http http() {
		return new Http(port());
	}

	/** Health and metrics. */
	public Http management() {
		return new Http(this.managementPort);
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
