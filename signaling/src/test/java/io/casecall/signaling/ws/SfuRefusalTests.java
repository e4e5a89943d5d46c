package io.casecall.signaling.ws;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.SfuRejectedException;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.FakeSfuApp;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestSocket;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A media server that refuses a join (HTTP 4xx from a bridge): the socket gets the typed
 * {@code sfu_rejected} error and close code 4502, after which clients do not reconnect by
 * themselves, and other calls are not affected.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "casecall.sfu.type=fake")
@Import(TestApp.WithFakeSfu.class)
class SfuRefusalTests extends FakeSfuApp {

	@AfterEach
	void sfuAcceptsAgain() {
		this.sfu.startFailure = null;
	}

	@Test
	void aRefusedJoinEndsWithSfuRejectedAndCloseCode4502() {
		String[] call = createCall();
		this.sfu.startFailure = new SfuRejectedException(
				"Bridge jvb1 refused allocate_endpoint: HTTP 400 Invalid conference name (not a JID)");
		try (TestSocket agent = TestSocket.connect(this.port, call[1])) {
			agent.send(join(call[0], "agent-device-1"));

			JsonNode error = agent.next("error");
			assertThat(error.get("code").asString()).isEqualTo("sfu_rejected");
			assertThat(error.get("fatal").asBoolean()).isTrue();
			assertThat(error.get("message").asString()).isNotBlank().doesNotContain("jvb1").doesNotContain("HTTP");
			assertThat(agent.closeCode()).isEqualTo(CloseCodes.SFU_REJECTED);
		}
	}

	@Test
	void otherCallsJoinOnceTheMediaServerAcceptsAgain() {
		String[] refused = createCall();
		this.sfu.startFailure = new SfuRejectedException("Bridge jvb1 refused allocate_endpoint: HTTP 400");
		try (TestSocket agent = TestSocket.connect(this.port, refused[1])) {
			agent.send(join(refused[0], "agent-device-1"));
			assertThat(agent.next("error").get("code").asString()).isEqualTo("sfu_rejected");
		}
		this.sfu.startFailure = null;
		String[] other = createCall();
		try (TestSocket agent = TestSocket.connect(this.port, other[1])) {
			JsonNode joined = agent.send(join(other[0], "agent-device-2")).next("joined");

			assertThat(joined.get("callId").asString()).isEqualTo(other[0]);
			// the media session starts right after 'joined' went out
			await().untilAsserted(() -> assertThat(this.sfu.requests)
				.contains("start " + joined.get("participantId").asString()));
		}
	}

	/** A new call: its id and the agent's room token. */
	private String[] createCall() {
		JsonNode created = new Http(this.port)
			.postJson("/api/v1/calls", "{\"caseId\":\"CASE-" + UUID.randomUUID().toString().substring(0, 8) + "\"}")
			.json();
		String link = created.get("agentJoinUrl").asString();
		return new String[] { created.get("callId").asString(), link.substring(link.indexOf("#token=") + 7) };
	}

	private static String join(String callId, String device) {
		return "{\"type\":\"join\",\"callId\":\"" + callId + "\",\"device\":\"" + device + "\"}";
	}

}
