package io.casecall.room.call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.casecall.room.system.RedisKeys;
import io.casecall.room.test.MutableClock;
import io.casecall.room.token.Role;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The call's presence history in the test stack's Redis: every join and leave with its cause. */
class PresenceHistoryTests extends CallIntegrationSupport {

	@Autowired
	CallService calls;

	@Autowired
	CallAccess access;

	@Autowired
	CallPresence presence;

	@Autowired
	CallSweeper sweeper;

	@Autowired
	MutableClock clock;

	@Autowired
	StringRedisTemplate redis;

	private Admission agent;

	private Admission customer;

	private Instant clockAtStart;

	@BeforeEach
	void newCall() {
		this.clockAtStart = this.clock.instant();
		CreatedCall created = this.calls.create(CallServiceTests.spec(CallServiceTests.newCase()), "janus", "crm",
				null);
		this.agent = this.access.admit(created.agentToken());
		this.customer = this.access.admit(created.inviteToken());
	}

	/**
	 * The clock is shared by this context's tests, and the calls they create are ordered by it in
	 * the recent-calls index the signaling tests read from the same Redis: give the time back.
	 */
	@AfterEach
	void giveTheClockBack() {
		this.clock.set(this.clockAtStart);
	}

	@Test
	void recordsJoinsLeavesAndRejoinsWithTheirCausesInTimeOrder() {
		Instant start = this.clock.instant();
		this.presence.join(this.agent, "s-agent", "device-agent");
		this.clock.advance(Duration.ofSeconds(1));
		this.presence.join(this.customer, "s-1", "device-cust");
		this.clock.advance(Duration.ofSeconds(1));
		this.presence.leave(this.customer, "s-1", this.clock.instant(), PresenceCause.CONNECTION_LOST);
		this.clock.advance(Duration.ofSeconds(1));
		this.presence.join(this.customer, "s-2", "device-cust");
		this.presence.join(this.customer, "s-3", "device-cust"); // a reload takes the seat over
		this.presence.leave(this.customer, "s-2", this.clock.instant(), PresenceCause.LEFT); // replaced: no entry

		assertThat(this.calls.presence(this.customer.callId())).containsExactly(
				new PresenceEntry(start, Role.AGENT, PresenceCause.JOINED),
				new PresenceEntry(start.plusSeconds(1), Role.CUSTOMER, PresenceCause.JOINED),
				new PresenceEntry(start.plusSeconds(2), Role.CUSTOMER, PresenceCause.CONNECTION_LOST),
				new PresenceEntry(start.plusSeconds(3), Role.CUSTOMER, PresenceCause.REJOINED),
				new PresenceEntry(start.plusSeconds(3), Role.CUSTOMER, PresenceCause.SEAT_TAKEN_OVER),
				new PresenceEntry(start.plusSeconds(3), Role.CUSTOMER, PresenceCause.REJOINED));
		assertThat(this.calls.get(this.customer.callId()).customer().leftCause())
			.isEqualTo(PresenceCause.CONNECTION_LOST);
	}

	@Test
	void aLeaveWrittenLateKeepsItsTimeAndIsWrittenOnce() {
		Instant start = this.clock.instant();
		this.presence.join(this.customer, "s-1", "device-cust");
		this.clock.advance(Duration.ofSeconds(10));
		this.presence.leave(this.customer, "s-1", start.plusSeconds(4), PresenceCause.CONNECTION_LOST);
		this.presence.leave(this.customer, "s-1", start.plusSeconds(4), PresenceCause.CONNECTION_LOST); // a retry

		assertThat(this.calls.presence(this.customer.callId())).containsExactly(
				new PresenceEntry(start, Role.CUSTOMER, PresenceCause.JOINED),
				new PresenceEntry(start.plusSeconds(4), Role.CUSTOMER, PresenceCause.CONNECTION_LOST));
	}

	@Test
	void aSeatLostToTheMediaServiceComesBackAsSfuBackAndTheCallOutlivesTheCustomerLeftTimeout() {
		Instant start = this.clock.instant();
		this.presence.join(this.agent, "s-agent", "device-agent");
		this.presence.join(this.customer, "s-1", "device-cust");
		this.presence.leave(this.customer, "s-1", start, PresenceCause.SFU_LOST);

		Call call = this.calls.get(this.customer.callId());
		// past the 2 min customer-left timeout, within the 10 min grace
		assertThat(this.sweeper.reasonToEnd(call, start.plus(Duration.ofMinutes(3)))).isNull();
		assertThat(this.sweeper.reasonToEnd(call, start.plus(Duration.ofMinutes(10)).minusMillis(1))).isNull();
		assertThat(this.sweeper.reasonToEnd(call, start.plus(Duration.ofMinutes(10))))
			.isEqualTo(EndReason.CUSTOMER_LEFT_TIMEOUT);

		this.presence.join(this.customer, "s-2", "device-cust");
		assertThat(this.calls.presence(this.customer.callId())).extracting(PresenceEntry::cause)
			.containsExactly(PresenceCause.JOINED, PresenceCause.JOINED, PresenceCause.SFU_LOST, PresenceCause.SFU_BACK);
	}

	@Test
	void aLostConnectionWaitsTheReconnectGraceButALeaveOnlyTheCustomerLeftTimeout() {
		Instant start = this.clock.instant();
		this.presence.join(this.agent, "s-agent", "device-agent");
		this.presence.join(this.customer, "s-1", "device-cust");
		this.presence.leave(this.customer, "s-1", start, PresenceCause.CONNECTION_LOST);

		Call lost = this.calls.get(this.customer.callId());
		// a network gone for two minutes and more is not a customer who left (reconnect-grace 5 min)
		assertThat(this.sweeper.reasonToEnd(lost, start.plus(Duration.ofMinutes(3)))).isNull();
		assertThat(this.sweeper.reasonToEnd(lost, start.plus(Duration.ofMinutes(5)).minusMillis(1))).isNull();
		assertThat(this.sweeper.reasonToEnd(lost, start.plus(Duration.ofMinutes(5))))
			.isEqualTo(EndReason.CUSTOMER_LEFT_TIMEOUT);

		this.presence.join(this.customer, "s-2", "device-cust");
		this.presence.leave(this.customer, "s-2", start.plusSeconds(10), PresenceCause.LEFT);
		Call left = this.calls.get(this.customer.callId());
		assertThat(this.sweeper.reasonToEnd(left, start.plusSeconds(10).plus(Duration.ofMinutes(2)).minusMillis(1)))
			.isNull();
		assertThat(this.sweeper.reasonToEnd(left, start.plusSeconds(10).plus(Duration.ofMinutes(2))))
			.isEqualTo(EndReason.CUSTOMER_LEFT_TIMEOUT);
	}

	@Test
	void aRoomMovedOffALostInstanceIsInTheHistoryOfTheSeatsThatJoinedOnceWithTheNewInstance() {
		Instant start = this.clock.instant();
		String callId = this.agent.callId();
		this.presence.join(this.agent, "s-agent", "device-agent");
		this.presence.claimSfuInstance(callId, "janus-a");

		CallPresence.SfuMove moved = this.presence.moveSfuInstance(callId, "janus-a", "janus-b");
		CallPresence.SfuMove late = this.presence.moveSfuInstance(callId, "janus-a", "janus-c"); // another node

		assertThat(moved).isEqualTo(new CallPresence.SfuMove("janus-b", true));
		assertThat(late).isEqualTo(new CallPresence.SfuMove("janus-b", false));
		assertThat(this.calls.get(callId).sfuInstance()).isEqualTo("janus-b");
		assertThat(this.calls.presence(callId)).containsExactly(new PresenceEntry(start, Role.AGENT, PresenceCause.JOINED),
				new PresenceEntry(start, Role.AGENT, PresenceCause.SFU_MOVED, "janus-b"));
		assertThat(this.presence.moveSfuInstance("no-such-call", "janus-a", "janus-b").instance()).isNull();
	}

	@Test
	void aStaleLeaseAndTheCallsEndAreInTheHistoryWhichExpiresWithTheRecord() {
		Instant start = this.clock.instant();
		this.presence.join(this.agent, "s-agent", "device-agent");
		this.presence.join(this.customer, "s-cust", "device-cust");
		Call call = this.calls.get(this.customer.callId());
		Instant lease = call.customer().leaseUntil();

		// the customer's node stopped renewing: its lease ran out one lease ago; the agent's did not
		this.clock.advance(Duration.ofSeconds(20));
		this.presence.renew(this.agent, "s-agent");
		assertThat(this.presence.expireStale(call, lease.plus(Duration.ofSeconds(16)))).isTrue();
		this.calls.end(call.id(), EndReason.AGENT_ENDED, null, null);

		assertThat(this.calls.presence(call.id())).containsExactly(
				new PresenceEntry(start, Role.AGENT, PresenceCause.JOINED),
				new PresenceEntry(start, Role.CUSTOMER, PresenceCause.JOINED),
				new PresenceEntry(lease, Role.CUSTOMER, PresenceCause.LEASE_EXPIRED),
				new PresenceEntry(this.clock.instant(), Role.AGENT, PresenceCause.CALL_ENDED));
		long recordTtl = this.redis.getExpire(RedisKeys.call(call.id()));
		assertThat(this.redis.getExpire(RedisKeys.presence(call.id()))).isPositive()
			.isCloseTo(recordTtl, org.assertj.core.data.Offset.offset(1L));
	}

	@Test
	void keepsTheNewestEntriesUpToItsCap() {
		this.presence.join(this.customer, "s-first", "device-cust");
		for (int i = 0; i < CallRepository.PRESENCE_CAP; i++) {
			this.clock.advance(Duration.ofMillis(1));
			this.presence.join(this.customer, "s-" + i, "device-cust");
		}

		List<PresenceEntry> history = this.calls.presence(this.customer.callId());
		assertThat(history).hasSize(CallRepository.PRESENCE_CAP);
		assertThat(history).noneMatch((entry) -> entry.cause() == PresenceCause.JOINED);
		assertThat(history.get(history.size() - 1).at()).isEqualTo(this.clock.instant());
	}

}
