package io.casecall.room.sfu.jvb;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;
import io.casecall.room.sfu.SfuUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What participants see when the bridge restarts, goes away or stalls. */
class JvbBridgeFailureTests {

	private final FakeJitsiVideobridge bridge = FakeJitsiVideobridge.start();

	private JvbTestRig rig;

	@AfterEach
	void stop() {
		if (this.rig != null) {
			this.rig.close();
		}
		this.bridge.close();
	}

	@Test
	void aRestartedBridgeIsALostSessionForEveryoneInTheRoomAndTheNextJoinStartsAfresh() {
		this.rig = JvbTestRig.on(this.bridge);
		SfuRoom room = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
		RecordingListener agent = join(room, "agent-1", JvbColibriTrafficTests.AGENT_ANSWER);
		RecordingListener customer = join(room, "customer-1", JvbColibriTrafficTests.CUSTOMER_ANSWER);

		this.bridge.restart();
		SfuParticipant observer = this.rig.gateway.connect(room, "observer-1", "Olga", new RecordingListener());

		assertThatThrownBy(observer::start).isInstanceOf(SfuUnavailableException.class)
			.hasMessageContaining("lost the call's conference");
		await().untilAsserted(() -> {
			assertThat(agent.lost).hasSize(1);
			assertThat(customer.lost).hasSize(1);
		});
		assertThat(this.rig.roomState(room.roomId())).as("the lost room's state is dropped").isEmpty();

		RecordingListener rejoined = join(room, "agent-1", JvbColibriTrafficTests.AGENT_ANSWER);
		assertThat(rejoined.offers).hasSize(1);
		assertThat(this.bridge.conference(room.roomId()).endpoints).hasSize(1);
	}

	@Test
	void anAnswerForAForgottenConferenceLosesTheSession() {
		this.rig = JvbTestRig.on(this.bridge);
		SfuRoom room = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
		RecordingListener customer = join(room, "customer-1", JvbColibriTrafficTests.CUSTOMER_ANSWER);
		SfuParticipant agent = this.rig.gateway.connect(room, "agent-1", "Ana", new RecordingListener());
		agent.start();

		this.bridge.restart();

		assertThatThrownBy(() -> agent.answer("jvb", JvbColibriTrafficTests.AGENT_ANSWER))
			.isInstanceOf(SfuUnavailableException.class);
		await().untilAsserted(() -> assertThat(customer.lost).hasSize(1));
		assertThatThrownBy(() -> agent.answer("jvb", JvbColibriTrafficTests.AGENT_ANSWER))
			.as("the session is over").isInstanceOf(SfuUnavailableException.class);
	}

	@Test
	void anUnreachableBridgeFailsAtOnceAndIsAvoidedUntilItPassesACheck() {
		this.rig = JvbTestRig.on(this.bridge);
		SfuRoom room = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
		this.bridge.down();

		long started = System.nanoTime();
		SfuParticipant agent = this.rig.gateway.connect(room, "agent-1", "Ana", new RecordingListener());
		assertThatThrownBy(agent::start).isInstanceOf(SfuUnavailableException.class)
			.hasMessageContaining("jvb1 cannot be reached");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
		assertThat(this.rig.requests("allocate_endpoint", "unavailable")).isEqualTo(1);
		assertThat(this.rig.gateway.status().get(0).up()).isFalse();

		SfuParticipant customer = this.rig.gateway.connect(room, "customer-1", "Chen", new RecordingListener());
		assertThatThrownBy(customer::start).isInstanceOf(SfuUnavailableException.class).hasMessageContaining("down");
		assertThat(this.rig.requests("allocate_endpoint", "unavailable")).as("no request to a bridge known down")
			.isEqualTo(1);

		this.bridge.up();
		this.rig.checker.checkAll();
		assertThat(this.rig.gateway.status().get(0).up()).isTrue();
		SfuParticipant retry = this.rig.gateway.connect(room, "customer-1", "Chen", new RecordingListener());
		retry.start();
		assertThat(this.rig.requests("allocate_endpoint", "ok")).isEqualTo(1);
	}

	@Test
	void aStalledBridgeTimesOutWithinTheRequestTimeout() {
		this.rig = new JvbTestRig("single", List.of(JvbTestRig.bridge("jvb1", this.bridge, null)),
				Duration.ofMillis(300));
		SfuRoom room = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
		this.bridge.respondAfter(Duration.ofSeconds(2));

		long started = System.nanoTime();
		SfuParticipant agent = this.rig.gateway.connect(room, "agent-1", "Ana", new RecordingListener());
		assertThatThrownBy(agent::start).isInstanceOf(SfuUnavailableException.class)
			.hasMessageContaining("did not answer allocate_endpoint within 300 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
		assertThat(this.rig.requests("allocate_endpoint", "timeout")).isEqualTo(1);
	}

	@Test
	void releasingARoomOnAnUnreachableBridgeDoesNotThrow() {
		this.rig = JvbTestRig.on(this.bridge);
		SfuRoom room = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
		join(room, "agent-1", JvbColibriTrafficTests.AGENT_ANSWER);
		this.bridge.down();

		this.rig.gateway.release(room);

		assertThat(this.rig.requests("expire_conference", "unavailable")).isEqualTo(1);
		assertThat(this.rig.roomState(room.roomId())).isEmpty();
	}

	private RecordingListener join(SfuRoom room, String participantId, String answer) {
		RecordingListener events = new RecordingListener();
		SfuParticipant participant = this.rig.gateway.connect(room, participantId, participantId, events);
		participant.start();
		participant.answer("jvb", answer);
		return events;
	}

}
