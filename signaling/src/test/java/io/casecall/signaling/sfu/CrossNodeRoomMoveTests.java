package io.casecall.signaling.sfu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.casecall.room.test.JanusProcess;
import io.casecall.signaling.support.AppNode;
import io.casecall.signaling.support.CuttableLink;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.JanusAdmin;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A room moved by one node reaches the participant on another node: two real app nodes
 * (processes of their own), two real Janus, real Redis, real WebSocket clients. The agent is on
 * node 1, the customer on node 2, both in the call's room. Node 1 reaches the two Janus through
 * links the test can cut; cutting the one to the room's Janus is a split: node 1 loses that Janus,
 * and moves the room (its own lost-instance path), node 2 still reaches it. Node 2 hears of the
 * move, tells its customer the media is gone ({@code sfu_unavailable}, 4503) and destroys the old
 * room; both rejoin (as their pages do) and meet in the room on the other Janus.
 */
class CrossNodeRoomMoveTests {

	private static final Duration START = Duration.ofSeconds(150);

	private static final Duration BACK = Duration.ofSeconds(30);

	private static final List<JanusProcess> janus = new ArrayList<>();

	@TempDir
	Path keys;

	@BeforeAll
	static void startJanus() throws Exception {
		String[] rtp = SpareJanus.rtpHalves();
		for (int i = 0; i < 2; i++) {
			JanusProcess process = JanusProcess.render(
					Files.createDirectories(Path.of("target", "janus-move-" + i).toAbsolutePath()), rtp[i]);
			process.start();
			janus.add(process);
		}
	}

	@AfterAll
	static void stopJanus() throws InterruptedException {
		for (JanusProcess process : janus) {
			process.close();
		}
	}

	@Test
	void aRoomMovedByOneNodeMovesTheOtherNodesParticipantAndLeavesNoRoomBehind() throws Exception {
		List<TestSocket> sockets = new ArrayList<>();
		try (CuttableLink toA = CuttableLink.to(janus.get(0).wsPort());
				CuttableLink toB = CuttableLink.to(janus.get(1).wsPort());
				AppNode one = AppNode.start("move-node-1", this.keys, "http://localhost:0",
						instances(toA.port(), toB.port()));
				AppNode two = AppNode.start("move-node-2", this.keys, "http://localhost:0",
						instances(janus.get(0).wsPort(), janus.get(1).wsPort()))) {
			one.awaitReady(START);
			two.awaitReady(START);
			TestCall call = TestCall.create(one.port());
			String agentId = join(one, call.agentToken(), call, "agent-device", sockets);
			String customerId = join(two, call.inviteToken(), call, "customer-device", sockets);
			TestSocket agent = sockets.get(0);
			TestSocket customer = sockets.get(1);
			int from = (JanusAdmin.rooms(janus.get(0).adminPort()).isEmpty()) ? 1 : 0;
			int to = 1 - from;
			String room = JanusAdmin.rooms(janus.get(from).adminPort()).get(0);
			await().atMost(BACK)
				.untilAsserted(() -> assertThat(JanusAdmin.participants(janus.get(from).adminPort(), room))
					.as("both in the room, each through its own node")
					.containsExactlyInAnyOrder(agentId, customerId));

			long cut = System.nanoTime();
			CuttableLink link = (from == 0) ? toA : toB;
			link.cut(); // node 1 cannot reconnect ...
			link.reset(); // ... and its connection to the room's Janus breaks now; node 2's does not

			await().atMost(BACK).until(customer::closed);
			System.out.printf("Cross-node room move: the customer on the other node was told %d ms after node 1 "
					+ "lost the room's Janus (lost-after 1 s)%n", (System.nanoTime() - cut) / 1_000_000);
			assertThat(customer.closeCode()).isEqualTo(4503);
			assertThat(customer.next("error").get("code").asString()).isEqualTo("sfu_unavailable");
			await().atMost(BACK).until(agent::closed);
			assertThat(agent.closeCode()).as("node 1 lost the agent's session with its connection").isEqualTo(4503);
			assertThat(Files.readString(Path.of("target", "nodes", "move-node-2.log")))
				.as("node 2 moved its customer on hearing of the move, not on a later check")
				.contains("moved from SFU instance " + instanceId(from) + " to " + instanceId(to) + ": the customer rejoins");

			// the pages rejoin, each on its own node: both join the room on the other Janus
			String agentBack = join(one, call.agentToken(), call, "agent-device", sockets);
			String customerBack = join(two, call.inviteToken(), call, "customer-device", sockets);
			await().atMost(BACK)
				.untilAsserted(() -> assertThat(JanusAdmin.participants(janus.get(to).adminPort(), room))
					.containsExactlyInAnyOrder(agentBack, customerBack));
			assertThat(List.of(agentBack, customerBack)).containsExactly(agentId, customerId);
			await().atMost(BACK)
				.untilAsserted(() -> assertThat(JanusAdmin.rooms(janus.get(from).adminPort()))
					.as("node 2 destroyed the room left behind on the old Janus")
					.isEmpty());

			JsonNode record = new Http(two.port()).getAsClient("/api/v1/calls/" + call.id()).json();
			List<String> history = new ArrayList<>();
			record.get("presence").forEach((entry) -> history.add(entry.get("role").asString() + " "
					+ entry.get("cause").asString() + (entry.has("instance") ? " " + entry.get("instance").asString() : "")));
			assertThat(history).as("the move in both seats' history, the customer's loss and return")
				.contains("agent sfu_moved " + instanceId(to), "customer sfu_moved " + instanceId(to), "customer sfu_lost",
						"customer sfu_back");
			assertThat(history.indexOf("customer sfu_back")).isGreaterThan(history.indexOf("customer sfu_lost"));
		}
		finally {
			sockets.forEach(TestSocket::close);
		}
	}

	/** The two Janus as a node's {@code casecall.sfu.janus.instances}, on these WebSocket ports. */
	private static String[] instances(int portA, int portB) {
		return new String[] { "casecall.sfu.janus.instances[0].id=" + instanceId(0),
				"casecall.sfu.janus.instances[0].url=ws://127.0.0.1:" + portA,
				"casecall.sfu.janus.instances[1].id=" + instanceId(1),
				"casecall.sfu.janus.instances[1].url=ws://127.0.0.1:" + portB };
	}

	private static String instanceId(int index) {
		return (index == 0) ? "janus-a" : "janus-b";
	}

	/** Joins on {@code node} with {@code token}; returns the participant id. */
	private static String join(AppNode node, String token, TestCall call, String device, List<TestSocket> sockets) {
		TestSocket socket = TestSocket.connect(node.port(), token);
		sockets.add(socket);
		return socket.send(call.join(device)).next("joined").get("participantId").asString();
	}

}
