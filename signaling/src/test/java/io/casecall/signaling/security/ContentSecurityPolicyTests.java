package io.casecall.signaling.security;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.casecall.signaling.support.FakeSfuGateway;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages' {@code connect-src}: this origin, the configured connect sources, and the origins of
 * the SFU's side channel (with Jitsi Videobridge the bridge channel goes to the bridge itself, so
 * a policy without it would block every JVB call's video constraints).
 */
class ContentSecurityPolicyTests {

	private final FakeSfuGateway sfu = new FakeSfuGateway();

	@Test
	void connectsToThisOriginOnlyByDefault() {
		assertThat(SecurityHeaders.contentSecurityPolicy(properties(List.of()), this.sfu))
			.contains("connect-src 'self';", "frame-ancestors 'none'");
	}

	@Test
	void addsTheSfusSideChannelOriginsToTheConfiguredSourcesOnce() {
		this.sfu.browserOrigins = List.of("wss://media.example.test", "ws://127.0.0.1:19090");

		assertThat(SecurityHeaders.contentSecurityPolicy(
				properties(List.of("wss://other.example.test", "wss://media.example.test")), this.sfu))
			.contains("connect-src 'self' wss://other.example.test wss://media.example.test ws://127.0.0.1:19090;");
	}

	private static SecurityProperties properties(List<String> connectSources) {
		return new SecurityProperties(List.of(), List.of(), List.of(), connectSources, Duration.ofDays(365));
	}

}
