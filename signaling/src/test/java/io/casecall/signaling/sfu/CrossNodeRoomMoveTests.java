package io.casecall.signaling.sfu;

import java.io.IOException;
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
import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.CuttableLink;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.JanusAdmin;
import io.casecall.signaling.support.LiveCall;
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
 * room; both rejoin (as their pages do) and meet in the room on the other Janus. With two real
 * Chromium pages (agent's on node 1, customer's on node 2) both decode video again there.
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
		try (Split split = Split.start(this.keys, "move-node")) {
			List<String> before = allRooms();
			TestCall call = TestCall.create(split.one().port());
			String agentId = join(split.one(), call.agentToken(), call, "agent-device", sockets);
			String customerId = join(split.two(), call.inviteToken(), call, "customer-device", sockets);
			TestSocket agent = sockets.get(0);
			TestSocket customer = sockets.get(1);
			String room = newRoom(before);
			int from = JanusAdmin.rooms(janus.get(0).adminPort()).contains(room) ? 0 : 1;
			int to = 1 - from;
			await().atMost(BACK)
				.untilAsserted(() -> assertThat(JanusAdmin.participants(janus.get(from).adminPort(), room))
					.as("both in the room, each through its own node")
					.containsExactlyInAnyOrder(agentId, customerId));

			long cut = split.cut(from);

			await().atMost(BACK).until(customer::closed);
			System.out.printf("Cross-node room move: the customer on the other node was told %d ms after node 1 "
					+ "lost the room's Janus (lost-after 1 s)%n", (System.nanoTime() - cut) / 1_000_000);
			assertThat(customer.closeCode()).isEqualTo(4503);
			assertThat(customer.next("error").get("code").asString()).isEqualTo("sfu_unavailable");
			await().atMost(BACK).until(agent::closed);
			assertThat(agent.closeCode()).as("node 1 lost the agent's session with its connection").isEqualTo(4503);
			assertThat(Files.readString(Path.of("target", "nodes", "move-node-2.log")))
				.as("node 2 moved its customer on hearing of the move, not on a later check")
				.contains("call " + call.id() + " moved from SFU instance " + instanceId(from) + " to " + instanceId(to)
						+ ": the customer rejoins");

			// the pages rejoin, each on its own node: both join the room on the other Janus
			String agentBack = join(split.one(), call.agentToken(), call, "agent-device", sockets);
			String customerBack = join(split.two(), call.inviteToken(), call, "customer-device", sockets);
			await().atMost(BACK)
				.untilAsserted(() -> assertThat(JanusAdmin.participants(janus.get(to).adminPort(), room))
					.containsExactlyInAnyOrder(agentBack, customerBack));
			assertThat(List.of(agentBack, customerBack)).containsExactly(agentId, customerId);
			assertNothingLeftOn(from, room);
			assertMoveInHistory(split.two(), call.id(), instanceId(to));
		}
		finally {
			sockets.forEach(TestSocket::close);
		}
	}

	@Test
	void bothPagesDecodeAgainInTheMovedRoomWhenOnlyTheAgentsNodeLostItsJanus() throws Exception {
		try (Split split = Split.start(this.keys, "move-pages-node");
				Browser agent = Browser.open(1280, 800);
				Browser customer = Browser.open(1280, 800)) {
			List<String> before = allRooms();
			LiveCall call = LiveCall.start(split.one().port(), split.two().port(), agent, customer, "CASE-MOVE-");
			String room = newRoom(before);
			int from = JanusAdmin.rooms(janus.get(0).adminPort()).contains(room) ? 0 : 1;
			int to = 1 - from;

			long cut = split.cut(from);

			// both pages rejoined (the customer's because node 2 was told of the move) before video counts as back
			await().atMost(BACK)
				.untilAsserted(() -> assertThat(JanusAdmin.participants(janus.get(to).adminPort(), room)).hasSize(2));
			long[] back = call.awaitVideoBack(cut, BACK);
			System.out.printf("Cross-node room move (only node 1 lost %s): video decoded again %d ms (customer page, "
					+ "node 2) and %d ms (agent page, node 1) after the cut%n", instanceId(from), back[0], back[1]);
			call.awaitConnected(BACK);
			assertNothingLeftOn(from, room);
			assertMoveInHistory(split.two(), call.id(), instanceId(to));
		}
	}

	/** Every room on the two Janus now (earlier tests' rooms stay: their nodes were killed). */
	private static List<String> allRooms() {
		List<String> rooms = new ArrayList<>(JanusAdmin.rooms(janus.get(0).adminPort()));
		rooms.addAll(JanusAdmin.rooms(janus.get(1).adminPort()));
		return rooms;
	}

	/** The one room created since {@code before}. */
	private static String newRoom(List<String> before) {
		List<String> now = allRooms();
		now.removeAll(before);
		assertThat(now).as("the call's room").hasSize(1);
		return now.get(0);
	}

	private static void assertNothingLeftOn(int from, String room) {
		await().atMost(BACK)
			.untilAsserted(() -> assertThat(JanusAdmin.rooms(janus.get(from).adminPort()))
				.as("node 2 destroyed the room left behind on the old Janus")
				.doesNotContain(room));
	}

	private static void assertMoveInHistory(AppNode node, String callId, String to) {
		JsonNode record = new Http(node.port()).getAsClient("/api/v1/calls/" + callId).json();
		List<String> history = new ArrayList<>();
		record.get("presence").forEach((entry) -> history.add(entry.get("role").asString() + " "
				+ entry.get("cause").asString() + (entry.has("instance") ? " " + entry.get("instance").asString() : "")));
		assertThat(history).as("the move in both seats' history, the customer's loss and return")
			.contains("agent sfu_moved " + to, "customer sfu_moved " + to, "customer sfu_lost", "customer sfu_back");
		assertThat(history.lastIndexOf("customer sfu_back")).isGreaterThan(history.lastIndexOf("customer sfu_lost"));
	}

	/**
	 * Two app nodes on the two Janus: node 1 through links the test can cut, node 2 directly.
	 */
	private record Split(CuttableLink toA, CuttableLink toB, AppNode one, AppNode two) implements AutoCloseable {

		static Split start(Path keys, String name) throws IOException {
			CuttableLink toA = CuttableLink.to(janus.get(0).wsPort());
			CuttableLink toB = CuttableLink.to(janus.get(1).wsPort());
			AppNode one = AppNode.start(name + "-1", keys, "http://localhost:0", instances(toA.port(), toB.port()));
			AppNode two = AppNode.start(name + "-2", keys, "http://localhost:0",
					instances(janus.get(0).wsPort(), janus.get(1).wsPort()));
			Split split = new Split(toA, toB, one, two);
			try {
				one.awaitReady(START);
				two.awaitReady(START);
			}
			catch (RuntimeException ex) {
				split.close();
				throw ex;
			}
			return split;
		}

		/** Node 1 loses Janus {@code index} (its connection breaks now and cannot come back); node 2 does not. */
		long cut(int index) {
			CuttableLink link = (index == 0) ? this.toA : this.toB;
			link.cut();
			long now = System.nanoTime();
			link.reset();
			return now;
		}

		@Override
		public void close() throws IOException {
			this.one.close();
			this.two.close();
			this.toA.close();
			this.toB.close();
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
