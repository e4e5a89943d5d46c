package io.casecall.room.sfu.jvb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two signaling nodes sharing Redis and one bridge, the agent on one and the customer on the
 * other: each node re-offers its own participant from the room's state in Redis when the other
 * node's participant joins or leaves; one node takes over a participant another node let go.
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

	/**
	 * A participant's endpoint outlives the node that drove it: node 2 lets the customer's session
	 * go (it shuts down), node 1 takes it over from its snapshot and drives the same endpoint on (the
	 * page talks to the bridge directly, nothing on the bridge moves): the bridge is asked nothing,
	 * and the agent leaving re-offers the customer through node 1.
	 */
	@Test
	void anotherNodeTakesTheEndpointOverWithoutTouchingTheBridge() {
		SfuRoom room = this.node1.gateway.allocate(JvbTestRig.newRoomId(), null);
		SfuParticipant agent = this.node1.gateway.connect(room, "agent-1", "Ana", new RecordingListener());
		agent.start();
		agent.answer("jvb", JvbColibriTrafficTests.AGENT_ANSWER);
		RecordingListener customerEvents = new RecordingListener();
		SfuParticipant customer = this.node2.gateway.connect(room, "customer-1", "Chen", customerEvents);
		assertThat(customer.snapshot()).as("nothing to take over before the endpoint exists").isNull();
		customer.start();
		customer.answer("jvb", JvbColibriTrafficTests.CUSTOMER_ANSWER);
		String snapshot = customer.snapshot();
		assertThat(snapshot).startsWith("jvb1|").endsWith("|jvb");
		int requests = this.bridge.colibri().size();

		assertThat(customer.handOff()).isTrue();
		RecordingListener resumed = new RecordingListener();
		SfuParticipant taken = this.node1.gateway.restore(room, "customer-1", snapshot, resumed);

		assertThat(taken.holds("jvb")).isTrue();
		assertThat(taken.holds("jvb-1")).isFalse();
		assertThat(this.bridge.colibri()).as("the bridge was not asked anything").hasSize(requests);
		agent.close();
		assertThat(resumed.offer(1).sdp()).as("re-offered through the new node").contains("a=inactive");
		assertThat(customerEvents.offers).as("the old node's listener hears nothing").hasSize(1);
		assertThatThrownBy(() -> this.node1.gateway.restore(room, "customer-1", "jvb1|00000000|jvb", resumed))
			.isInstanceOf(SfuException.class);
		assertThatThrownBy(() -> this.node1.gateway.restore(room, "customer-1", "other|x|jvb", resumed))
			.isInstanceOf(SfuException.class);
		taken.close();
		this.node1.gateway.release(room);
	}

}
