package io.casecall.signaling.ws;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.room.test.MutableClock;
import io.casecall.room.token.RoomToken;
import io.casecall.room.token.RoomTokenService;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestSocket;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A participant in a long call gets a fresh room token over its socket before the link's runs
 * out, and can reconnect with it after the link's token has expired (real Redis, real sockets,
 * the in-memory SFU, a clock the test moves).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "casecall.sfu.type=fake")
@Import({ TestApp.WithFakeSfu.class, TokenRefreshTests.Clocks.class })
class TokenRefreshTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	CallSessions sessions;

	@Autowired
	RoomTokenService tokens;

	@Test
	void aJoinedAgentGetsAFreshTokenPastHalfItsLifetimeAndReconnectsWithItAfterTheFirstExpired() {
		JsonNode created = new Http(this.port)
			.postJson("/api/v1/calls", "{\"caseId\":\"CASE-" + UUID.randomUUID().toString().substring(0, 8) + "\"}")
			.json();
		String callId = created.get("callId").asString();
		String linkToken = token(created.get("agentJoinUrl").asString());
		RoomToken link = this.tokens.verify(linkToken);
		String join = "{\"type\":\"join\",\"callId\":\"" + callId + "\",\"device\":\"agent-laptop\"}";

		try (TestSocket agent = TestSocket.connect(this.port, linkToken)) {
			agent.send(join).next("joined");
			this.sessions.heartbeat();
			assertThat(agent.send("{\"type\":\"ping\"}").next().get("type").asString())
				.as("no refresh while more than half the lifetime is left")
				.isEqualTo("pong");

			this.clock.advance(Duration.ofMinutes(8)); // the agent's 15 minutes: 7 left
			this.sessions.heartbeat();
			JsonNode refreshed = agent.next("token");
			String fresh = refreshed.get("token").asString();
			RoomToken renewed = this.tokens.verify(fresh);
			assertThat(renewed.participantId()).isEqualTo(link.participantId());
			assertThat(renewed.role()).isEqualTo(link.role());
			assertThat(renewed.callId()).isEqualTo(callId);
			assertThat(renewed.tokenId()).isNotEqualTo(link.tokenId());
			assertThat(renewed.expiresAt())
				.isEqualTo(this.clock.instant().plus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.SECONDS));
			assertThat(Instant.parse(refreshed.get("expiresAt").asString())).isAfter(link.expiresAt());

			this.sessions.heartbeat();
			assertThat(agent.send("{\"type\":\"ping\"}").next().get("type").asString())
				.as("one refresh per half lifetime, not one per heartbeat")
				.isEqualTo("pong");

			this.clock.advance(Duration.ofMinutes(8)); // the link's token has expired
			assertThatThrownBy(() -> TestSocket.connect(this.port, linkToken))
				.isInstanceOfSatisfying(TestSocket.Refused.class, (refused) -> {
					assertThat(refused.status).isEqualTo(401);
					assertThat(refused.body).contains("\"code\":\"token_expired\"");
				});
			try (TestSocket again = TestSocket.connect(this.port, fresh)) {
				assertThat(again.send(join).next("joined").get("join").asInt()).isEqualTo(2);
			}
		}
	}

	private static String token(String url) {
		return url.substring(url.indexOf("#token=") + "#token=".length());
	}

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock();
		}

	}

}
