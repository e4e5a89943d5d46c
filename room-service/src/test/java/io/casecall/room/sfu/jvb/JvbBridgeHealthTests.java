package io.casecall.room.sfu.jvb;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.casecall.room.sfu.SfuInstanceStatus;
import io.casecall.room.sfu.selection.BridgeSelectionFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Health checks and load reports of real (fake) bridges steering least-loaded selection. */
class JvbBridgeHealthTests {

	private final FakeJitsiVideobridge busy = FakeJitsiVideobridge.start();

	private final FakeJitsiVideobridge idle = FakeJitsiVideobridge.start();

	private final JvbTestRig rig = new JvbTestRig("least-loaded",
			List.of(JvbTestRig.bridge("busy", this.busy, null), JvbTestRig.bridge("idle", this.idle, null)));

	@AfterEach
	void stop() {
		this.rig.close();
		this.busy.close();
		this.idle.close();
	}

	@Test
	void newRoomsGoToTheBridgeReportingTheLowestStress() {
		this.busy.stressLevel(0.6);
		this.idle.stressLevel(0.05);
		this.rig.checker.checkAll();

		assertThat(this.rig.gateway.allocate(JvbTestRig.newRoomId(), null).instance()).isEqualTo("idle");
		assertThat(this.rig.gateway.status()).extracting(SfuInstanceStatus::name, SfuInstanceStatus::up,
				SfuInstanceStatus::load)
			.containsExactly(tuple("busy", true, 0.6),
					tuple("idle", true, 0.05));
		assertThat(this.rig.gateway.status().get(0).detail()).contains("region eu-central", "stress 0.6");
		assertThat(this.rig.requests("health", "ok")).isEqualTo(2);
		assertThat(this.rig.requests("stats", "ok")).isEqualTo(2);
	}

	@Test
	void anUnhealthyOrUnreachableBridgeIsSkipped() {
		this.busy.stressLevel(0.6);
		this.idle.stressLevel(0.05);
		this.idle.healthy(false);
		this.rig.checker.checkAll();

		assertThat(this.rig.gateway.allocate(JvbTestRig.newRoomId(), null).instance()).isEqualTo("busy");
		assertThat(this.rig.gateway.status().get(1).up()).isFalse();
		assertThat(this.rig.gateway.status().get(1).detail()).contains("health check answered HTTP 500");

		this.busy.down();
		this.rig.checker.checkAll();
		assertThatThrownBy(() -> this.rig.gateway.allocate(JvbTestRig.newRoomId(), null))
			.isInstanceOf(BridgeSelectionFailedException.class);
		assertThat(this.rig.requests("health", "unavailable")).isEqualTo(1);

		this.idle.healthy(true);
		this.rig.checker.checkAll();
		assertThat(this.rig.gateway.allocate(JvbTestRig.newRoomId(), null).instance()).isEqualTo("idle");
	}

	@Test
	void aRoomKeepsTheBridgeItWasGivenWhateverTheLoadDoesLater() {
		this.busy.stressLevel(0.6);
		this.idle.stressLevel(0.05);
		this.rig.checker.checkAll();
		String roomId = JvbTestRig.newRoomId();
		assertThat(this.rig.gateway.allocate(roomId, null).instance()).isEqualTo("idle");

		this.idle.stressLevel(0.9);
		this.rig.checker.checkAll();

		assertThat(this.rig.gateway.allocate(roomId, "idle").instance()).isEqualTo("idle");
		assertThat(this.rig.gateway.allocate(JvbTestRig.newRoomId(), null).instance()).isEqualTo("busy");
	}

}
