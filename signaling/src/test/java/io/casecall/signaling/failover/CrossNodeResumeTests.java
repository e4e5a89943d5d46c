package io.casecall.signaling.failover;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.AppNode;
import io.casecall.signaling.support.JanusAdmin;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A resume on another node is for the page whose session it was, and nobody else: two real app
 * nodes (processes of their own), real Janus and Redis, real WebSocket clients. Participants join
 * on node 1, which is killed ({@code kill -9}); on node 2 each asks to resume. Only the same call,
 * seat and device as the token's and the lost socket's join, naming only connections the session
 * had, get {@code resumed: true}; a foreign participant id, unknown connections or a session Janus
 * no longer has get {@code resumed: false}, and their join goes on as any other (the page rebuilds)
 * without an error; another device is refused the seat ({@code seat_taken}) and leaves the session
 * to its own page.
 */
class CrossNodeResumeTests {

	private static final Duration START = Duration.ofSeconds(150);

	private static final String JOINED = "casecall_participants_connected";

	@TempDir
	Path keys;

	@Test
	void onlyTheSamePageResumesItsSessionOnAnotherNodeAndEveryOtherJoinRebuilds() throws Exception {
		try (AppNode one = AppNode.start("resume-node-1", this.keys, "http://localhost:0");
				AppNode two = AppNode.start("resume-node-2", this.keys, "http://localhost:0")) {
			one.awaitReady(START);
			two.awaitReady(START);
			List<Joined> seats = new ArrayList<>();
			List<TestSocket> sockets = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					seats.add(join(one, TestCall.create(one.port()), sockets));
				}
				// the fourth one's Janus session is the only new one while it joins
				List<Long> before = JanusAdmin.sessions();
				Joined gone = join(one, TestCall.create(one.port()), sockets);
				List<Long> created = new ArrayList<>(JanusAdmin.sessions());
				created.removeAll(before);
				assertThat(created).as("the fourth customer's Janus session").hasSize(1);
				await().atMost(Duration.ofSeconds(10)).until(() -> one.metric(JOINED) == 4);

				one.kill();
				await().atMost(Duration.ofSeconds(10)).until(() -> !one.alive());
				JanusAdmin.destroySession(created.get(0)); // as if Janus had timed it out

				Joined own = seats.get(0);
				TestSocket otherDevice = TestSocket.connect(two.port(), own.call().inviteToken());
				sockets.add(otherDevice);
				otherDevice.send(resumeMessage(own, "other-device", own.participantId(), "[]"));
				assertThat(otherDevice.next().get("code").asString()).as("another device").isEqualTo("seat_taken");
				assertThat(otherDevice.closeCode()).isEqualTo(4409);
				Joined unknownPcs = seats.get(1);
				assertThat(resume(two, sockets, unknownPcs, unknownPcs.participantId(), "[\"sub-4711\"]"))
					.as("a connection the session never had").isFalse();
				Joined foreignParticipant = seats.get(2);
				assertThat(resume(two, sockets, foreignParticipant, foreignParticipant.agentId(), "[]"))
					.as("another seat's participant").isFalse();
				assertThat(resume(two, sockets, gone, gone.participantId(), "[]"))
					.as("a session Janus no longer has").isFalse();
				// the page whose session it is resumes it, though another device tried first
				assertThat(resume(two, sockets, own, own.participantId(), "[]")).as("its own session").isTrue();
				await().atMost(Duration.ofSeconds(10)).until(() -> two.metric(JOINED) == 4);
			}
			finally {
				sockets.forEach(TestSocket::close);
			}
		}
	}

	/** A customer joined on {@code node} from {@code device-1}. */
	private static Joined join(AppNode node, TestCall call, List<TestSocket> sockets) {
		TestSocket customer = TestSocket.connect(node.port(), call.inviteToken());
		sockets.add(customer);
		JsonNode joined = customer.send(call.join("device-1")).next("joined");
		String agentId = joined.get("participants").get(0).get("participantId").asString();
		return new Joined(call, joined.get("participantId").asString(), agentId);
	}

	/**
	 * The customer's page on a new socket to {@code node}, resuming {@code participantId} holding
	 * {@code pcs}: whether {@code joined} said {@code resumed}. No error may come before it.
	 */
	private static boolean resume(AppNode node, List<TestSocket> sockets, Joined seat, String participantId,
			String pcs) {
		TestSocket socket = TestSocket.connect(node.port(), seat.call().inviteToken());
		sockets.add(socket); // kept open until the test ends: its seat stays joined
		socket.send(resumeMessage(seat, "device-1", participantId, pcs));
		JsonNode joined = socket.next();
		assertThat(joined.get("type").asString()).as("the answer to the join: " + joined).isEqualTo("joined");
		assertThat(joined.get("participantId").asString()).isEqualTo(seat.participantId());
		if (!joined.get("resumed").asBoolean()) {
			// the join goes on as any other: the socket stays and answers
			socket.send("{\"type\":\"ping\",\"ts\":1}");
			assertThat(socket.next("pong").get("ts").asLong()).isEqualTo(1);
		}
		return joined.get("resumed").asBoolean();
	}

	private static String resumeMessage(Joined seat, String device, String participantId, String pcs) {
		return "{\"type\":\"join\",\"callId\":\"" + seat.call().id() + "\",\"device\":\"" + device
				+ "\",\"resume\":{\"participantId\":\"" + participantId + "\",\"pcs\":" + pcs + "}}";
	}

	private record Joined(TestCall call, String participantId, String agentId) {
	}

}
