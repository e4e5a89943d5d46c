package io.casecall.room.sfu.jvb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two signaling nodes sharing Redis and one bridge, the agent on one and the customer on the
 * other: each node re-offers its own participant from the room's state in Redis when the other
 * node's participant joins or leaves.
 */
class JvbTwoNodesTests {

	private final FakeJitsiVideobridge bridge = FakeJitsiVideobridge.start();

	private final JvbTestRig node1 = JvbTestRig.on(this.bridge);

	private final JvbTestRig node2 = JvbTestRig.on(this.bridge);

	@AfterEach
	void stop() {
		this.node1.close();
		this.node2.close();
		this.bridge.close();
	}

	@Test
	void eachNodeReoffersItsOwnParticipantWhenTheOtherNodesParticipantJoinsAndLeaves() {
		SfuRoom room = this.node1.gateway.allocate(JvbTestRig.newRoomId(), null);
		assertThat(this.node2.gateway.allocate(room.roomId(), room.instance())).as("the room keeps its bridge")
			.isEqualTo(room);
		RecordingListener agentEvents = new RecordingListener();
		SfuParticipant agent = this.node1.gateway.connect(room, "agent-1", "Ana", agentEvents);
		agent.start();
		agent.answer("jvb", JvbColibriTrafficTests.AGENT_ANSWER);

		RecordingListener customerEvents = new RecordingListener();
		SfuParticipant customer = this.node2.gateway.connect(room, "customer-1", "Chen", customerEvents);
		customer.start();
		assertThat(customerEvents.offer(1).sdp()).contains("msid:agent-1 ");
		customer.answer("jvb", JvbColibriTrafficTests.CUSTOMER_ANSWER);

		assertThat(agentEvents.offer(2).sdp()).contains("a=ssrc:2454265782 msid:customer-1 ");
		agent.answer("jvb", JvbColibriTrafficTests.AGENT_ANSWER);

		customer.close();
		assertThat(agentEvents.offer(3).sdp()).contains("a=mid:2\r\na=inactive");
		assertThat(customerEvents.offers).as("a closed session gets no offers").hasSize(1);

		this.node2.gateway.release(room);
		agent.close();
		assertThat(this.bridge.colibri()).last()
			.satisfies((request) -> assertThat(request.body().path("expire").asBoolean()).isTrue());
		assertThat(this.bridge.colibri().stream().filter((r) -> r.body().toString().contains("\"expire\":true")))
			.as("the customer's endpoint and the conference; the agent's close after the release costs nothing")
			.hasSize(2);
	}

}
