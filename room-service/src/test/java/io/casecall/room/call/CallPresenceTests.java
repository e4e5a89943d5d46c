package io.casecall.room.call;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.casecall.room.test.MutableClock;

import org.springframework.beans.factory.annotation.Autowired;
import io.casecall.room.token.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CallPresenceTests extends CallIntegrationSupport {

	@Autowired
	CallService calls;

	@Autowired
	CallAccess access;

	@Autowired
	CallPresence presence;

	@Autowired
	CallEventBus events;

	@Autowired
	MutableClock clock;

	private final List<CallEvent> seen = new CopyOnWriteArrayList<>();

	private Admission agent;

	private Admission customer;

	@BeforeEach
	void newCall() {
		this.events.subscribe(this.seen::add);
		CreatedCall created = this.calls.create(CallServiceTests.spec(CallServiceTests.newCase()), "janus", "crm",
				null);
		this.agent = this.access.admit(created.agentToken());
		this.customer = this.access.admit(created.inviteToken());
	}

	@Test
	void agentJoinMakesTheCallWaitingAndTheCustomerConnectsIt() {
		assertThat(this.presence.join(this.agent, "s-agent", "device-agent").status()).isEqualTo(CallStatus.WAITING);
		this.clock.advance(Duration.ofSeconds(3));
		assertThat(this.presence.join(this.customer, "s-cust", "device-cust").status()).isEqualTo(CallStatus.CONNECTED);

		Call call = this.calls.get(this.agent.callId());
		assertThat(call.waitingAt()).isEqualTo(call.connectedAt().minusSeconds(3));
		assertThat(call.agent().present()).isTrue();
		assertThat(call.customer().present()).isTrue();
		assertThat(call.customer().joins()).isEqualTo(1);
		await().untilAsserted(() -> assertThat(this.seen).contains(
				new CallEvent.SeatJoined(call.id(), Role.CUSTOMER, this.customer.participantId(), "s-cust",
						CallStatus.CONNECTED)));
	}

	@Test
	void aRoomMoveIsToldToEveryNodeOnceAndTheLeaseRenewalSaysWhereTheRoomIsNow() {
		String callId = this.customer.callId();
		this.presence.join(this.customer, "s-1", "device-phone");
		assertThat(this.presence.renew(this.customer, "s-1")).as("no room yet")
			.isEqualTo(new CallPresence.SeatLease(true, null, false));
		this.presence.claimSfuInstance(callId, "janus-a");
		assertThat(this.presence.renew(this.customer, "s-1")).isEqualTo(new CallPresence.SeatLease(true, "janus-a", false));

		this.presence.moveSfuInstance(callId, "janus-a", "janus-b");
		this.presence.moveSfuInstance(callId, "janus-a", "janus-c"); // another node, too late: no move, no event
		this.presence.media(this.customer, false, true); // published after both

		assertThat(this.presence.renew(this.customer, "s-1")).isEqualTo(new CallPresence.SeatLease(true, "janus-b", false));
		assertThat(this.presence.renew(this.customer, "s-other")).as("not the seat's connection")
			.isEqualTo(new CallPresence.SeatLease(false, null, false));
		await().untilAsserted(() -> assertThat(this.seen).contains(
				new CallEvent.MediaChanged(callId, Role.CUSTOMER, this.customer.participantId(), false, true)));
		assertThat(this.seen).filteredOn((event) -> event instanceof CallEvent.RoomMoved)
			.containsExactly(new CallEvent.RoomMoved(callId, "janus-a", "janus-b"));
	}

	@Test
	void aCustomerWhoArrivesFirstIsConnectedWhenTheAgentJoins() {
		assertThat(this.presence.join(this.customer, "s-cust", "device-cust").status()).isEqualTo(CallStatus.CREATED);
		assertThat(this.presence.join(this.agent, "s-agent", "device-agent").status()).isEqualTo(CallStatus.CONNECTED);
	}

	@Test
	void refusesASecondDeviceWhileTheFirstHoldsTheSeat() {
		this.presence.join(this.customer, "s-1", "device-phone");

		assertThatThrownBy(() -> this.presence.join(this.customer, "s-2", "device-laptop"))
			.isInstanceOf(SeatTakenException.class)
			.hasFieldOrPropertyWithValue("code", "seat_taken");
		assertThat(this.presence.renew(this.customer, "s-1").held()).isTrue();
	}

	@Test
	void theSameDeviceTakesItsSeatOverAndTheOldConnectionIsTold() {
		this.presence.join(this.customer, "s-old", "device-phone");

		this.presence.join(this.customer, "s-new", "device-phone");
		this.presence.leave(this.customer, "s-old");

		Call call = this.calls.get(this.customer.callId());
		assertThat(call.customer().present()).isTrue();
		assertThat(call.customer().joins()).isEqualTo(2);
		assertThat(this.presence.renew(this.customer, "s-old").held()).isFalse();
		assertThat(this.presence.renew(this.customer, "s-new").held()).isTrue();
		await().untilAsserted(() -> assertThat(this.seen)
			.contains(new CallEvent.SeatReplaced(call.id(), Role.CUSTOMER, "s-old")));
	}

	@Test
	void theJoinReturnsItsJoinCountAndTheOtherSeatFromTheOneWrite() {
		this.presence.join(this.agent, "s-agent", "device-agent");
		this.presence.media(this.agent, false, true);

		JoinedSeat first = this.presence.join(this.customer, "s-1", "device-phone");
		JoinedSeat second = this.presence.join(this.customer, "s-2", "device-phone");

		assertThat(first).isEqualTo(new JoinedSeat(CallStatus.CONNECTED, 1, true, false, true));
		assertThat(second.joins()).isEqualTo(2);
		Call call = this.calls.get(this.customer.callId());
		assertThat(second.joins()).isEqualTo(call.customer().joins());
		assertThat(second.otherPresent()).isEqualTo(call.agent().present());
	}

	@Test
	void aTakeOverIsPublishedBeforeTheJoinThatCausedIt() {
		this.presence.join(this.customer, "s-old", "device-phone");
		this.presence.join(this.customer, "s-new", "device-phone");

		String callId = this.customer.callId();
		CallEvent replaced = new CallEvent.SeatReplaced(callId, Role.CUSTOMER, "s-old");
		CallEvent joined = new CallEvent.SeatJoined(callId, Role.CUSTOMER, this.customer.participantId(), "s-new",
				CallStatus.CREATED);
		await().untilAsserted(() -> assertThat(this.seen).contains(replaced, joined));
		assertThat(this.seen.indexOf(replaced)).isLessThan(this.seen.indexOf(joined));
	}

	@Test
	void aSeatWhoseLeaseRanOutCanBeTakenFromAnotherDevice() {
		this.presence.join(this.customer, "s-1", "device-phone");

		this.clock.advance(Duration.ofSeconds(16));

		assertThat(this.presence.join(this.customer, "s-2", "device-laptop").status()).isEqualTo(CallStatus.CREATED);
	}

	@Test
	void leavingFreesTheSeatAndTellsTheOtherSide() {
		this.presence.join(this.agent, "s-agent", "device-agent");
		this.presence.join(this.customer, "s-cust", "device-cust");
		this.clock.advance(Duration.ofSeconds(5));

		this.presence.leave(this.customer, "s-cust");

		Call call = this.calls.get(this.customer.callId());
		assertThat(call.customer().present()).isFalse();
		assertThat(call.customer().lastLeftAt()).isEqualTo(this.clock.instant());
		assertThat(call.status()).isEqualTo(CallStatus.CONNECTED);
		await().untilAsserted(() -> assertThat(this.seen).contains(
				new CallEvent.SeatLeft(call.id(), Role.CUSTOMER, this.customer.participantId(), "s-cust")));
	}

	@Test
	void recordsAndRelaysMuteState() {
		this.presence.join(this.agent, "s-agent", "device-agent");

		this.presence.media(this.agent, false, true);

		Call call = this.calls.get(this.agent.callId());
		assertThat(call.agent().audio()).isFalse();
		assertThat(call.agent().video()).isTrue();
		await().untilAsserted(() -> assertThat(this.seen).contains(
				new CallEvent.MediaChanged(call.id(), Role.AGENT, this.agent.participantId(), false, true)));
	}

	@Test
	void theLeaseRenewalOfAnEndedCallSaysSoRatherThanThatTheSeatIsTaken() {
		this.presence.join(this.customer, "s-1", "device-phone");
		this.calls.end(this.customer.callId(), EndReason.AGENT_ENDED, null, null);

		assertThat(this.presence.renew(this.customer, "s-1")).isEqualTo(new CallPresence.SeatLease(false, null, true));
		assertThat(this.presence.renew(this.customer, "s-other")).as("any connection of the call")
			.isEqualTo(new CallPresence.SeatLease(false, null, true));
	}

	@Test
	void nobodyJoinsAnEndedCall() {
		this.calls.end(this.agent.callId(), EndReason.AGENT_ENDED, null, null);

		assertThatThrownBy(() -> this.presence.join(this.customer, "s-cust", "device-cust"))
			.isInstanceOf(CallEndedException.class);
	}

	@Test
	void theFirstSfuInstanceClaimedForACallWins() {
		assertThat(this.presence.claimSfuInstance(this.agent.callId(), "jvb-eu-1")).isEqualTo("jvb-eu-1");
		assertThat(this.presence.claimSfuInstance(this.agent.callId(), "jvb-eu-2")).isEqualTo("jvb-eu-1");
		assertThat(this.calls.get(this.agent.callId()).sfuInstance()).isEqualTo("jvb-eu-1");
	}

}
