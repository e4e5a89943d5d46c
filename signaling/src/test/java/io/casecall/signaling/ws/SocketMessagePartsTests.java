package io.casecall.signaling.ws;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container reads a text message in parts of a small buffer (an idle socket keeps no buffer
 * the size of the largest message); the handler joins the parts: a message up to the protocol
 * limit arrives whole, and one of any size beyond it gets the typed error and 1009.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "casecall.sfu.type=fake")
@Import(TestApp.WithFakeSfu.class)
class SocketMessagePartsTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void aMessageOfManyBufferLengthsArrivesWhole() {
		TestCall call = TestCall.create(this.port);
		try (TestSocket agent = TestSocket.connect(this.port, call.agentToken())) {
			JsonNode pong = agent.send("{\"type\":\"ping\",\"ts\":7.5,\"pad\":\"" + "é".repeat(30 * 1024) + "\"}")
				.next("pong");

			assertThat(pong.get("ts").asDouble()).isEqualTo(7.5);
			assertThat(agent.send("{\"type\":\"ping\",\"ts\":8}").next("pong").get("ts").asDouble())
				.as("the next message starts afresh")
				.isEqualTo(8.0);
		}
	}

	@Test
	void aMessageFarBeyondTheLimitGetsTheTypedErrorNotJustAClose() {
		TestCall call = TestCall.create(this.port);
		try (TestSocket agent = TestSocket.connect(this.port, call.agentToken())) {
			agent.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}");

			JsonNode error = agent.next("error");
			assertThat(error.get("code").asString()).isEqualTo("message_too_large");
			assertThat(error.get("fatal").asBoolean()).isTrue();
			assertThat(agent.closeCode()).isEqualTo(1009);
		}
	}

}
