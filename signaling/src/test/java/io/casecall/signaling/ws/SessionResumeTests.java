package io.casecall.signaling.ws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.SfuListener;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.FakeSfuApp;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Session resume (issue 13, "signaling loss never interrupts media") on one node, with real
 * sockets against the whole application (real Redis, the in-memory SFU, whose participants say
 * which peer connections they hold): a joined socket lost without a leave keeps its SFU
 * participant for {@code resume-grace} (3 s here), and a {@code join} with {@code resume} on the
 * next socket takes it over ({@code resumed: true}); anything else rebuilds ({@code resumed: false}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.sfu.type=fake", "casecall.signaling.resume-grace=3s" })
@Import(TestApp.WithFakeSfu.class)
class SessionResumeTests extends FakeSfuApp {

	private static final String PHONE = "phone-resume-device";

	@Test
	void aCutSocketIsResumedOnTheNextWithItsMediaSessionAndWhatTheSfuSaidMeanwhile() {
		TestCall call = TestCall.create(this.port);
		try (TestSocket agent = socket(call.agentToken())) {
			agent.send(call.join("agent-desk-resume")).next("joined");
			TestSocket first = socket(call.inviteToken());
			String customer = publish(first, call).get("participantId").asString();
			first.cut();
			await().untilAsserted(() -> assertThat(causes(call)).last().isEqualTo("customer connection_lost"));
			this.sfu.mediaState(customer, "pub", SfuListener.MediaState.SLOW); // said while nobody holds it

			try (TestSocket second = socket(call.inviteToken())) {
				JsonNode joined = second.send(resume(call, PHONE, customer, "pub")).next("joined");
				assertThat(joined.get("resumed").asBoolean()).isTrue();
				assertThat(second.next("media-state").get("state").asString()).isEqualTo("slow");
				this.sfu.mediaState(customer, "pub", SfuListener.MediaState.RECEIVING);
				assertThat(second.next("media-state").get("state").asString()).isEqualTo("receiving");
				assertThat(this.sfu.requests).filteredOn(("offer " + customer + " pub")::equals).hasSize(1);
				assertThat(causes(call)).containsExactly("agent joined", "customer joined", "customer connection_lost",
						"customer resumed");
				assertThat(agent.next("participant-joined").get("participantId").asString()).isEqualTo(customer);
			}
		}
	}

	@Test
	void aSocketNotYetSeenLostHandsItsSessionToTheResumingOneWithoutATakeover() {
		TestCall call = TestCall.create(this.port);
		TestSocket first = socket(call.inviteToken());
		String customer = publish(first, call).get("participantId").asString();
		try (TestSocket second = socket(call.inviteToken())) {
			assertThat(second.send(resume(call, PHONE, customer, "pub")).next("joined").get("resumed").asBoolean())
				.isTrue();
			assertThat(first.next("error").get("code").asString()).isEqualTo("replaced");
			assertThat(first.closeCode()).isEqualTo(4409);
			this.sfu.mediaState(customer, "pub", SfuListener.MediaState.RECEIVING);
			assertThat(second.next("media-state").get("state").asString()).isEqualTo("receiving");
			assertThat(causes(call)).containsExactly("customer joined", "customer resumed");
		}
	}

	@Test
	void aResumeOfAnotherSeatAnotherDeviceOrConnectionsItNeverHadRebuilds() {
		for (String[] attempt : new String[][] { { "other-seat", PHONE, "pub" }, { "own", "other-phone-device", "pub" },
				{ "own", PHONE, "sub-foreign" } }) {
			TestCall call = TestCall.create(this.port);
			TestSocket first = socket(call.inviteToken());
			String customer = publish(first, call).get("participantId").asString();
			first.cut();
			await().untilAsserted(() -> assertThat(causes(call)).last().isEqualTo("customer connection_lost"));
			String claimed = attempt[0].equals("own") ? customer : "a1b2c3d4-other-seat";
			int closes = closes(customer);
			try (TestSocket second = socket(call.inviteToken())) {
				JsonNode joined = second.send(resume(call, attempt[1], claimed, attempt[2])).next("joined");
				assertThat(joined.get("resumed").asBoolean()).as(String.join(" ", attempt)).isFalse();
				// the page rebuilds: what was kept for the seat is closed (the new socket's pre-warm is its own)
				await().until(() -> closes(customer) > closes);
				assertThat(causes(call)).last().isEqualTo("customer rejoined");
			}
		}
	}

	@Test
	void aSocketOpenedToResumePreparesNoMediaAndPreparesItOnlyWhenTheResumeFails() {
		TestCall call = TestCall.create(this.port);
		TestSocket first = socket(call.inviteToken());
		String customer = publish(first, call).get("participantId").asString();
		first.cut();
		await().untilAsserted(() -> assertThat(causes(call)).last().isEqualTo("customer connection_lost"));
		try (TestSocket second = TestSocket.connectResuming(this.port, call.inviteToken())) {
			assertThat(second.send(resume(call, PHONE, customer, "pub")).next("joined").get("resumed").asBoolean())
				.isTrue();
			// on Jitsi Videobridge a pre-warm would have taken the room's record from the endpoint resumed
			assertThat(connects(customer)).as("the first socket's only").isEqualTo(1);
			second.cut();
		}
		await().untilAsserted(() -> assertThat(causes(call)).last().isEqualTo("customer connection_lost"));
		try (TestSocket third = TestSocket.connectResuming(this.port, call.inviteToken())) {
			JsonNode joined = third.send(resume(call, PHONE, customer, "sub-foreign")).next("joined");
			assertThat(joined.get("resumed").asBoolean()).isFalse();
			assertThat(connects(customer)).as("prepared for the rebuild").isEqualTo(2);
		}
	}

	@Test
	void aSessionNotResumedWithinTheGraceIsClosedAndALaterResumeRebuilds() {
		TestCall call = TestCall.create(this.port);
		TestSocket first = socket(call.inviteToken());
		String customer = publish(first, call).get("participantId").asString();
		int closes = closes(customer);
		first.cut();
		await().untilAsserted(() -> assertThat(causes(call)).last().isEqualTo("customer connection_lost"));
		assertThat(closes(customer)).as("kept through the leave").isEqualTo(closes);
		await().atMost(Duration.ofSeconds(10)).until(() -> closes(customer) > closes);
		try (TestSocket second = socket(call.inviteToken())) {
			assertThat(second.send(resume(call, PHONE, customer, "pub")).next("joined").get("resumed").asBoolean())
				.isFalse();
		}
	}

	@Test
	void aMalformedResumeIsATypedErrorAndTheSocketCanStillJoin() {
		TestCall call = TestCall.create(this.port);
		try (TestSocket socket = socket(call.inviteToken())) {
			for (String resume : List.of("\"pub\"", "{\"participantId\":\"p1\"}", "{\"participantId\":\"p1\",\"pcs\":\"pub\"}",
					"{\"participantId\":\"p1\",\"pcs\":[\"bad id!\"]}", "{\"participantId\":7,\"pcs\":[]}")) {
				JsonNode error = socket.send("{\"type\":\"join\",\"callId\":\"" + call.id() + "\",\"device\":\"" + PHONE
						+ "\",\"resume\":" + resume + "}").next("error");
				assertThat(error.get("code").asString()).as(resume).isEqualTo("invalid_field");
				assertThat(error.get("fatal").asBoolean()).isFalse();
			}
			assertThat(socket.send(call.join(PHONE)).next("joined").get("resumed").asBoolean()).isFalse();
		}
	}

	@Test
	void aMalformedOrImpossibleRestartIsATypedError() {
		TestCall call = TestCall.create(this.port);
		try (TestSocket socket = socket(call.inviteToken())) {
			assertThat(socket.send("{\"type\":\"restart\",\"pc\":\"pub\"}").next("error").get("code").asString())
				.isEqualTo("not_joined");
			publish(socket, call);
			for (String restart : List.of("{\"type\":\"restart\"}", "{\"type\":\"restart\",\"pc\":\"bad id!\"}",
					"{\"type\":\"restart\",\"pc\":7}")) {
				JsonNode error = socket.send(restart).next("error");
				assertThat(error.get("code").asString()).as(restart).isEqualTo("invalid_field");
			}
			// the in-memory SFU restarts nothing (as Jitsi Videobridge here): the client rebuilds
			JsonNode refused = socket.send("{\"type\":\"restart\",\"pc\":\"sub-1\"}").next("error");
			assertThat(refused.get("code").asString()).isEqualTo("sfu_error");
			assertThat(refused.get("fatal").asBoolean()).isFalse();
			assertThat(refused.get("ref").asString()).isEqualTo("restart");
			socket.send("{\"type\":\"ping\",\"ts\":1}").next("pong");
		}
	}

	private TestSocket socket(String token) {
		return TestSocket.connect(this.port, token);
	}

	/** The customer joins from {@link #PHONE} with its publishing offer; returns its {@code joined}. */
	private JsonNode publish(TestSocket socket, TestCall call) {
		JsonNode joined = socket.send(call.join(PHONE)).next("joined");
		socket.send("{\"type\":\"offer\",\"pc\":\"pub\",\"sdp\":" + quote(SignalingProtocolTests.SDP) + "}").next("answer");
		return joined;
	}

	private static String resume(TestCall call, String device, String participantId, String pc) {
		return "{\"type\":\"join\",\"callId\":\"" + call.id() + "\",\"device\":\"" + device
				+ "\",\"resume\":{\"participantId\":\"" + participantId + "\",\"pcs\":[\"" + pc + "\"]}}";
	}

	private int connects(String participantId) {
		return (int) this.sfu.requests.stream().filter(("connect " + participantId)::equals).count();
	}

	private int closes(String participantId) {
		return (int) this.sfu.requests.stream().filter(("close " + participantId)::equals).count();
	}

	private List<String> causes(TestCall call) {
		List<String> causes = new ArrayList<>();
		new Http(this.port).getAsClient("/api/v1/calls/" + call.id())
			.json()
			.get("presence")
			.forEach((entry) -> causes.add(entry.get("role").asString() + " " + entry.get("cause").asString()));
		return causes;
	}

	private static String quote(String text) {
		return "\"" + text.replace("\r", "\\r").replace("\n", "\\n") + "\"";
	}

}
