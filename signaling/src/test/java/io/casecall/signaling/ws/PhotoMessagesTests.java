package io.casecall.signaling.ws;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.evidence.Photos;
import io.casecall.signaling.evidence.Uploads;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code photo_request} and {@code photo_added} over real sockets, the upload over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.sfu.type=fake", "casecall.evidence.request-interval=1h" })
@Import(TestApp.WithFakeSfu.class)
class PhotoMessagesTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
		registry.add("casecall.evidence.local.dir", () -> uncheckedTemp().toString());
	}

	private static java.nio.file.Path uncheckedTemp() {
		try {
			return java.nio.file.Files.createTempDirectory("casecall-evidence");
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@LocalServerPort
	int port;

	@Test
	void theAgentsRequestReachesTheCustomerAndTheAnswerIsAnnouncedToBoth() {
		TestCall call = TestCall.create(this.port);
		try (TestSocket agent = TestSocket.connect(this.port, call.agentToken());
				TestSocket customer = TestSocket.connect(this.port, call.inviteToken())) {
			agent.send(call.join("agent-device-photo")).next("joined");
			customer.send(call.join("customer-device-photo")).next("joined");

			agent.send("{\"type\":\"photo_request\"}");

			JsonNode request = customer.next("photo_request");
			String requestId = request.get("requestId").asString();
			assertThat(requestId).startsWith("pr_");
			assertThat(request.get("countdown").asInt()).isEqualTo(3);
			assertThat(agent.next("photo_request").get("requestId").asString()).isEqualTo(requestId);

			Uploads.Response stored = new Uploads(this.port).upload(call.id(), call.inviteToken(),
					Photos.jpegWithGps(), "?request=" + requestId + "&notice=true");
			assertThat(stored.status()).isEqualTo(201);
			String evidenceId = stored.json().get("evidenceId").asString();

			for (TestSocket side : new TestSocket[] { agent, customer }) {
				JsonNode added = side.next("photo_added");
				assertThat(added.get("evidenceId").asString()).isEqualTo(evidenceId);
				assertThat(added.get("requestedBy").asString()).isEqualTo("agent");
				assertThat(added.get("contentType").asString()).isEqualTo("image/jpeg");
			}
			JsonNode item = new Uploads(this.port).list(call.id()).json().get("items").get(0);
			assertThat(item.get("requestedBy").asString()).isEqualTo("agent");
			assertThat(item.get("uploadedBy").asString()).isEqualTo("customer");
			assertThat(item.get("noticeShown").asBoolean()).isTrue();

			Uploads.Response again = new Uploads(this.port).upload(call.id(), call.inviteToken(),
					Photos.pngWithGps(), "?request=" + requestId);
			assertThat(again.status()).isEqualTo(400); // a request is answered once
			assertThat(again.json().get("code").asString()).isEqualTo("unknown_photo_request");
		}
	}

	@Test
	void aSecondRequestWithinTheIntervalIsRefusedAndTheSocketStaysOpen() {
		TestCall call = TestCall.create(this.port);
		try (TestSocket agent = TestSocket.connect(this.port, call.agentToken())) {
			agent.send(call.join("agent-device-photo2")).next("joined");
			agent.send("{\"type\":\"photo_request\"}").next("photo_request");

			agent.send("{\"type\":\"photo_request\"}");

			JsonNode error = agent.next("error");
			assertThat(error.get("code").asString()).isEqualTo("photo_request_too_soon");
			assertThat(error.get("fatal").asBoolean()).isFalse();
			assertThat(agent.send("{\"type\":\"ping\",\"ts\":1}").next("pong")).isNotNull();
		}
	}

	@Test
	void onlyAJoinedAgentAsksForAPhoto() {
		TestCall call = TestCall.create(this.port);
		try (TestSocket customer = TestSocket.connect(this.port, call.inviteToken());
				TestSocket agent = TestSocket.connect(this.port, call.agentToken())) {
			agent.send("{\"type\":\"photo_request\"}");
			assertThat(agent.next("error").get("code").asString()).isEqualTo("not_joined");

			customer.send(call.join("customer-device-photo3")).next("joined");
			customer.send("{\"type\":\"photo_request\"}");

			JsonNode error = customer.next("error");
			assertThat(error.get("code").asString()).isEqualTo("agent_only");
			assertThat(error.get("fatal").asBoolean()).isFalse();
		}
	}

}
