package io.casecall.signaling.ws;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10, finding 9: a new agent link ({@code POST /calls/{id}/agent-link}) revokes the previous
 * agent token. The old token is refused at the handshake, a socket opened with it is closed at
 * once, and the new link works; the customer's link is untouched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "casecall.sfu.type=fake")
@Import(TestApp.WithFakeSfu.class)
class AgentLinkRevocationTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void aNewAgentLinkRevokesTheOldTokenAtTheHandshakeAndOnItsOpenSocket() {
		Http http = new Http(this.port);
		TestCall call = TestCall.create(this.port);
		String callId = call.id();
		String oldToken = call.agentToken();

		try (TestSocket old = TestSocket.connect(this.port, oldToken);
				TestSocket customer = TestSocket.connect(this.port, call.inviteToken())) {
			old.send(call.join("agent-laptop-1")).next("joined");
			customer.send(call.join("customer-phone")).next("joined");

			Http.Response link = http.postJson("/api/v1/calls/" + callId + "/agent-link", "");
			assertThat(link.status()).as(link.body()).isEqualTo(200);
			String newToken = TestCall.token(link.json().get("agentJoinUrl").asString());

			JsonNode error = old.next("error");
			assertThat(error.get("code").asString()).isEqualTo("replaced");
			assertThat(old.closeCode()).isEqualTo(4409);
			assertThatThrownBy(() -> TestSocket.connect(this.port, oldToken))
				.isInstanceOfSatisfying(TestSocket.Refused.class, (refused) -> {
					assertThat(refused.status).isEqualTo(403);
					assertThat(refused.body).contains("\"code\":\"token_revoked\"");
				});
			try (TestSocket fresh = TestSocket.connect(this.port, newToken)) {
				assertThat(fresh.send(call.join("agent-laptop-2")).next("joined").get("join").asInt()).isEqualTo(2);
			}
			assertThat(customer.send("{\"type\":\"ping\"}").next("pong")).isNotNull();
			assertThat(customer.closed()).isFalse();
		}
	}

}
