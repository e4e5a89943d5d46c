package io.casecall.room.sfu.jvb;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRejectedException;
import io.casecall.room.sfu.SfuRoom;
import io.casecall.room.sfu.SfuUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bridge that refuses (4xx) is a fault to report, not an outage to wait out; one that fails
 * (5xx) or drains is avoided for new rooms; what the bridge would do twice is never asked; and an
 * endpoint the bridge may have expired (unconnected for 2 minutes) is not used.
 */
class JvbRefusalTests {

	private static final Pattern FIRST_SSRC = Pattern.compile("a=ssrc:(\\d+) ");

	private final FakeJitsiVideobridge bridge = FakeJitsiVideobridge.start();

	private final FakeJitsiVideobridge spare = FakeJitsiVideobridge.start();

	private JvbTestRig rig;

	@AfterEach
	void stop() {
		if (this.rig != null) {
			this.rig.close();
		}
		this.bridge.close();
		this.spare.close();
	}

	@Test
	void aRefusedJoinEndsWithTheBridgesReasonAndTheBridgeStaysInService() {
		this.rig = JvbTestRig.on(this.bridge);
		SfuRoom room = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
		this.bridge.refuseConferences("Invalid conference name (not a JID)");

		SfuParticipant agent = this.rig.gateway.connect(room, "agent-1", "Ana", new RecordingListener());

		assertThatThrownBy(agent::start).isInstanceOf(SfuRejectedException.class)
			.hasMessage("Bridge jvb1 refused allocate_endpoint: HTTP 400 Failed to create conference: Invalid "
					+ "conference name (not a JID)")
			.extracting((ex) -> ((SfuRejectedException) ex).code())
			.isEqualTo("sfu_rejected");
		assertThat(this.bridge.colibri()).as("one request, no fallback for a refusal that is not a race").hasSize(1);
		assertThat(this.rig.gateway.status().get(0).up()).as("a refusal is no outage").isTrue();
	}

	@Test
	void aRoomTheBridgeRefusedThreeTimesWithinAMinuteIsNotSentToItAgainUntilTheMinutePassed() {
		this.rig = JvbTestRig.on(this.bridge);
		SfuRoom room = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
		this.bridge.refuseConferences("Source name support is mandatory.");
		for (int i = 0; i < Refusals.MAX_PER_WINDOW; i++) {
			assertThatThrownBy(connect(room, "agent-1")::start).isInstanceOf(SfuRejectedException.class);
			this.rig.clock.advance(Duration.ofSeconds(10));
		}
		assertThat(this.bridge.colibri()).hasSize(3);

		assertThatThrownBy(connect(room, "agent-1")::start).isInstanceOf(SfuRejectedException.class)
			.hasMessageContaining("refused room " + room.roomId() + " 3 times");
		assertThatThrownBy(connect(room, "customer-1")::start).isInstanceOf(SfuRejectedException.class);
		assertThat(this.bridge.colibri()).as("the bridge is not asked again").hasSize(3);
		SfuRoom other = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
		assertThatThrownBy(connect(other, "agent-2")::start).isInstanceOf(SfuRejectedException.class);
		assertThat(this.bridge.colibri()).as("other rooms are asked").hasSize(4);

		this.bridge.refuseConferences(null);
		this.rig.clock.advance(Duration.ofSeconds(31));
		connect(room, "agent-1").start();
		assertThat(this.bridge.conference(room.roomId()).endpoints).hasSize(1);
	}

	@Test
	void aBridgeAnswering5xxIsMarkedDownAndTheNextNewRoomGoesToAnother() {
		this.rig = new JvbTestRig("least-loaded", List.of(JvbTestRig.bridge("jvb1", this.bridge, null),
				JvbTestRig.bridge("jvb2", this.spare, null)));
		this.bridge.stressLevel(0.01);
		this.spare.stressLevel(0.5);
		this.rig.checker.checkAll();
		SfuRoom first = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
		assertThat(first.instance()).isEqualTo("jvb1");
		this.bridge.failWith(500);

		assertThatThrownBy(connect(first, "agent-1")::start).isInstanceOf(SfuUnavailableException.class)
			.hasMessageContaining("jvb1 failed allocate_endpoint (HTTP 500)");

		SfuRoom next = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
		assertThat(next.instance()).isEqualTo("jvb2");
		connect(next, "agent-1").start();
		assertThat(this.spare.conference(next.roomId()).endpoints).hasSize(1);
	}

	@Test
	void aBridgeInGracefulShutdownIsAvoidedLikeAnUnavailableOne() {
		this.rig = JvbTestRig.on(this.bridge);
		SfuRoom room = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
		this.bridge.gracefulShutdown(true);

		assertThatThrownBy(connect(room, "agent-1")::start).isInstanceOf(SfuUnavailableException.class)
			.hasMessageContaining("jvb1 is in graceful shutdown");
		assertThat(this.rig.gateway.status().get(0).up()).isFalse();
	}

	@Test
	void aLaterAnswerWithOtherSourcesSendsOnlyTheSourcesSoTheBridgeSetsUpDtlsOnce() {
		this.rig = JvbTestRig.on(this.bridge);
		SfuRoom room = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
		SfuParticipant agent = connect(room, "agent-1");
		agent.start();
		String endpoint = this.bridge.colibri().get(0).body().at("/endpoints/0/id").asString();
		agent.answer("jvb", JvbColibriTrafficTests.AGENT_ANSWER);
		SfuParticipant customer = connect(room, "customer-1");
		customer.start();

		// the camera changed (another SSRC) by the time the agent answers its re-offer
		agent.answer("jvb", otherAudioSsrc(JvbColibriTrafficTests.AGENT_ANSWER));

		FakeBridgeState.Endpoint onBridge = this.bridge.conference(room.roomId()).endpoints.get(endpoint);
		assertThat(onBridge.dtlsSetups).isEqualTo(1);
		assertThat(onBridge.sourceUpdates).isEqualTo(2);
		FakeJitsiVideobridge.Request last = this.bridge.colibri().get(this.bridge.colibri().size() - 1);
		assertThat(last.body().at("/endpoints/0").has("transport")).isFalse();
		assertThat(last.body().at("/endpoints/0/sources")).hasSize(2);
	}

	@Test
	void aFirstAnswerLaterThanTheBridgeKeepsUnconnectedEndpointsGetsAFreshEndpointOnANewConnection() {
		this.rig = JvbTestRig.on(this.bridge);
		SfuRoom room = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
		RecordingListener events = new RecordingListener();
		SfuParticipant customer = this.rig.gateway.connect(room, "customer-1", "Chen", events);
		assertThat(customer.startsBeforeJoin()).isTrue();
		customer.start();
		String first = this.bridge.colibri().get(0).body().at("/endpoints/0/id").asString();

		this.rig.clock.advance(JvbParticipant.FRESH_FOR.plusSeconds(1));
		customer.answer("jvb", JvbColibriTrafficTests.CUSTOMER_ANSWER);

		assertThat(events.events).containsExactly("side-channel", "offer", "closed", "side-channel", "offer");
		RecordingListener.Offer renewed = events.offer(2);
		assertThat(renewed.pc()).isEqualTo("jvb-1");
		assertThat(this.bridge.conference(room.roomId()).endpoints).doesNotContainKey(first).hasSize(1);
		FakeBridgeState.Endpoint fresh = this.bridge.conference(room.roomId()).endpoints.values().iterator().next();
		assertThat(renewed.sdp()).contains("a=ice-ufrag:" + fresh.ufrag);

		customer.answer("jvb", JvbColibriTrafficTests.CUSTOMER_ANSWER);
		assertThat(fresh.iceStarted()).as("an answer for the replaced connection is ignored").isFalse();
		customer.answer("jvb-1", JvbColibriTrafficTests.CUSTOMER_ANSWER);
		assertThat(fresh.iceStarted()).isTrue();
		assertThat(fresh.dtlsSetups).isEqualTo(1);
	}

	private SfuParticipant connect(SfuRoom room, String participantId) {
		return this.rig.gateway.connect(room, participantId, participantId, new RecordingListener());
	}

	private static String otherAudioSsrc(String sdp) {
		Matcher first = FIRST_SSRC.matcher(sdp);
		assertThat(first.find()).isTrue();
		return sdp.replace(first.group(1), String.valueOf(Long.parseLong(first.group(1)) + 1));
	}

}
