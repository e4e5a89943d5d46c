package io.casecall.signaling.api;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.TestApp;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With STUN and TURN configured, each page's session carries them, TURN with its own credentials. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.sfu.type=fake", "casecall.ice.stun-urls=stun:stun.example.test:3478",
				"casecall.ice.turn-urls=turns:turn.example.test:443?transport=tcp",
				"casecall.ice.turn-secret=test-turn-secret" })
@Import(TestApp.WithFakeSfu.class)
class SessionIceServersTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void eachPageGetsTheStunAndTurnServersWithItsOwnTurnCredentials() {
		Http http = new Http(this.port);
		JsonNode call = http
			.postJson("/api/v1/calls", "{\"caseId\":\"CASE-" + UUID.randomUUID().toString().substring(0, 8) + "\"}")
			.json();
		JsonNode agentSession = session(http, call.get("agentJoinUrl").asString());
		JsonNode customerSession = session(http, call.get("customerInviteUrl").asString());
		JsonNode customer = customerSession.get("iceServers");

		assertThat(customer.get(0).get("urls").get(0).asString()).isEqualTo("stun:stun.example.test:3478");
		assertThat(customer.get(0).has("credential")).isFalse();
		JsonNode turn = customer.get(1);
		assertThat(turn.get("urls").get(0).asString()).isEqualTo("turns:turn.example.test:443?transport=tcp");
		String[] username = turn.get("username").asString().split(":", 2);
		assertThat(username[1]).isEqualTo(customerSession.get("participantId").asString());
		assertThat(Instant.ofEpochSecond(Long.parseLong(username[0])))
			.isBetween(Instant.now().plus(Duration.ofMinutes(239)), Instant.now().plus(Duration.ofMinutes(241)));
		assertThat(turn.get("credential").asString())
			.isEqualTo(IceServers.hmacSha1("test-turn-secret", turn.get("username").asString()));
		assertThat(agentSession.get("iceServers").get(1).get("username").asString())
			.endsWith(":" + agentSession.get("participantId").asString());
	}

	private static JsonNode session(Http http, String url) {
		String token = url.substring(url.indexOf("#token=") + "#token=".length());
		return http.get("/api/v1/session", "Authorization", "Bearer " + token).json();
	}

}
