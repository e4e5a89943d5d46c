package io.casecall.signaling.ws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.sfu.SfuListener.OfferHints;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.FakeSfuApp;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestSocket;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an SFU says during the pre-warm, before the participant joined: the offer waits for
 * {@code joined}, a side channel (Jitsi Videobridge's bridge channel) goes out at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "casecall.sfu.type=fake")
@Import(TestApp.WithFakeSfu.class)
class PreJoinMessagesTests extends FakeSfuApp {

	@Test
	void aSideChannelGoesOutBeforeTheJoinWhileTheOfferWaitsForJoined() {
		JsonNode created = new Http(this.port)
			.postJson("/api/v1/calls", "{\"caseId\":\"CASE-" + UUID.randomUUID().toString().substring(0, 8) + "\"}")
			.json();
		String link = created.get("agentJoinUrl").asString();
		String token = link.substring(link.indexOf("#token=") + 7);
		String participant = subjectOf(token);
		try (TestSocket agent = TestSocket.connect(this.port, token)) {
			await().until(() -> this.sfu.requests.contains("connect " + participant));
			this.sfu.play(participant, (listener) -> {
				listener.onSideChannel("ws://127.0.0.1:9/colibri-ws/jvb1/c/e?pwd=x",
						List.of("{\"colibriClass\":\"ReceiverVideoConstraints\"}"),
						List.of("{\"colibriClass\":\"ReceiverAudioSubscription\"}"));
				listener.onOffer("jvb", "v=0 offer", new OfferHints(true, null));
			});

			JsonNode channel = agent.next("side-channel");
			assertThat(channel.get("onOpen").get(0).get("colibriClass").asString())
				.isEqualTo("ReceiverVideoConstraints");
			assertThat(channel.get("onJoin").get(0).get("colibriClass").asString())
				.isEqualTo("ReceiverAudioSubscription");

			agent.send("{\"type\":\"join\",\"callId\":\"" + created.get("callId").asString()
					+ "\",\"device\":\"agent-device-prejoin\"}");
			List<String> types = new ArrayList<>();
			JsonNode message;
			do {
				message = agent.next();
				types.add(message.get("type").asString());
			}
			while (!"offer".equals(types.get(types.size() - 1)));
			assertThat(types).contains("joined");
			assertThat(types.indexOf("joined")).isLessThan(types.indexOf("offer"));
			assertThat(message.get("pc").asString()).isEqualTo("jvb");
		}
	}

	/** The participant id (the {@code sub} claim) of a room token. */
	static String subjectOf(String jwt) {
		String payload = jwt.split("\\.")[1];
		return JsonMapper.builder()
			.build()
			.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
			.get("sub")
			.asString();
	}

}
