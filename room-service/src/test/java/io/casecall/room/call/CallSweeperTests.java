package io.casecall.room.call;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.casecall.room.test.MutableClock;

import org.springframework.beans.factory.annotation.Autowired;
import io.casecall.room.token.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CallSweeperTests extends CallIntegrationSupport {

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
	CallEventBus events;

	@Autowired
	CallRepository repository;

	@Autowired
	CallProperties properties;

	private CreatedCall created;

	@BeforeEach
	void newCall() {
		this.created = this.calls.create(CallServiceTests.spec(CallServiceTests.newCase()), "janus", "crm", null);
	}

	@Test
	void endsACallWhoseInviteExpiredUnused() {
		this.presence.join(this.access.admit(this.created.agentToken()), "s-agent", "device-agent");

		this.clock.advance(Duration.ofMinutes(29));
		this.sweeper.sweep();
		assertThat(status()).isEqualTo(CallStatus.WAITING);

		this.clock.advance(Duration.ofMinutes(1));
		this.sweeper.sweep();
		assertThat(call().status()).isEqualTo(CallStatus.ENDED);
		assertThat(call().endReason()).isEqualTo(EndReason.EXPIRED);
	}

	@Test
	void endsACallWhoseCustomerLeftAndDidNotComeBack() {
		Admission customer = this.access.admit(this.created.inviteToken());
		this.presence.join(this.access.admit(this.created.agentToken()), "s-agent", "device-agent");
		this.presence.join(customer, "s-cust", "device-cust");
		this.presence.leave(customer, "s-cust");

		this.clock.advance(Duration.ofSeconds(119));
		this.sweeper.sweep();
		assertThat(status()).isEqualTo(CallStatus.CONNECTED);

		this.clock.advance(Duration.ofSeconds(1));
		this.sweeper.sweep();
		assertThat(call().endReason()).isEqualTo(EndReason.CUSTOMER_LEFT_TIMEOUT);
	}

	@Test
	void letsGoASeatWhoseConnectionStoppedRenewingAndTellsTheOtherSide() {
		List<CallEvent> events = new CopyOnWriteArrayList<>();
		this.events.subscribe(events::add);
		Admission agent = this.access.admit(this.created.agentToken());
		Admission customer = this.access.admit(this.created.inviteToken());
		this.presence.join(agent, "s-agent", "device-agent");
		this.presence.join(customer, "s-cust", "device-cust");
		this.sweeper.sweep(); // this sweeper now sees the store: it judges leases one lease from now

		// the agent's node keeps renewing; the customer's node died right after the join
		for (int i = 0; i < 7; i++) { // 35 s: the customer's lease ran out at 15 s, stale from 30 s on
			this.clock.advance(Duration.ofSeconds(5));
			assertThat(this.presence.renew(agent, "s-agent").held()).isTrue();
			this.sweeper.sweep();
		}

		Call call = call();
		assertThat(call.agent().present()).isTrue();
		assertThat(call.customer().present()).isFalse();
		assertThat(call.customer().lastLeftAt()).isEqualTo(call.customer().lastJoinedAt().plusSeconds(15));
		assertThat(call.status()).isEqualTo(CallStatus.CONNECTED);
		await().untilAsserted(() -> assertThat(events).anySatisfy((event) -> assertThat(event)
			.isInstanceOfSatisfying(CallEvent.SeatLeft.class, (left) -> {
				assertThat(left.role()).isEqualTo(Role.CUSTOMER);
				assertThat(left.session()).isEqualTo("s-cust");
			})));
		assertThat(this.presence.renew(customer, "s-cust").held()).as("the dead connection no longer holds the seat").isFalse();

		// a lost node is not a customer who left: the call waits reconnect-grace (5 min) from there,
		// not the 2 min customer-left timeout
		Instant lost = call().customer().lastLeftAt();
		this.clock.set(lost.plus(Duration.ofMinutes(5)).minusSeconds(1));
		this.presence.renew(agent, "s-agent");
		this.sweeper.sweep();
		assertThat(call().status()).isEqualTo(CallStatus.CONNECTED);
		this.clock.set(lost.plus(Duration.ofMinutes(5)));
		this.presence.renew(agent, "s-agent");
		this.sweeper.sweep();
		assertThat(call().endReason()).isEqualTo(EndReason.CUSTOMER_LEFT_TIMEOUT);
	}

	@Test
	void judgesNoLeaseBeforeItHasSeenTheStoreForOneLease() {
		CallSweeper fresh = new CallSweeper(this.repository, this.calls, this.properties, this.presence, this.clock);
		this.presence.join(this.access.admit(this.created.agentToken()), "s-agent", "device-agent");
		this.clock.advance(Duration.ofSeconds(40)); // as if the store had been away: no renewal got through

		fresh.sweep();
		assertThat(call().agent().present()).as("live connections get one lease to renew first").isTrue();

		this.clock.advance(Duration.ofSeconds(15));
		fresh.sweep();
		assertThat(call().agent().present()).isFalse();
	}

	@Test
	void aCallWhoseDeadlineIsPastButNotYetJudgedWaitsForTheNextSweep() {
		CallSweeper fresh = new CallSweeper(this.repository, this.calls, this.properties, this.presence, this.clock);
		this.presence.join(this.access.admit(this.created.agentToken()), "s-agent", "device-agent");
		this.clock.advance(Duration.ofSeconds(40)); // its lease is stale, but this sweeper judges none yet

		fresh.sweep();

		assertThat(this.repository.claimDue(this.clock.instant(), 10_000, this.clock.instant().plusSeconds(30)))
			.as("not claimed again by the same sweep's next batch")
			.doesNotContain(this.created.call().id());
		this.clock.advance(Duration.ofSeconds(15));
		fresh.sweep();
		assertThat(call().agent().present()).as("the next sweep takes it up").isFalse();
	}

	@Test
	void aCustomerWhoCameBackKeepsTheCallGoing() {
		Admission customer = this.access.admit(this.created.inviteToken());
		this.presence.join(customer, "s-cust", "device-cust");
		this.presence.leave(customer, "s-cust");
		this.clock.advance(Duration.ofSeconds(60));
		this.presence.join(customer, "s-cust-2", "device-cust");

		this.clock.advance(Duration.ofSeconds(90));
		this.sweeper.sweep();

		assertThat(status()).isNotEqualTo(CallStatus.ENDED);
	}

	@Test
	void endsACallThatOutlivedTheMaximumDuration() {
		this.presence.join(this.access.admit(this.created.agentToken()), "s-agent", "device-agent");
		this.presence.join(this.access.admit(this.created.inviteToken()), "s-cust", "device-cust");

		this.clock.advance(Duration.ofHours(4));
		this.sweeper.sweep();

		assertThat(call().endReason()).isEqualTo(EndReason.EXPIRED);
	}

	@Test
	void catchesUpWithHundredsOfDueCallsWithinTwoSweeps() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 600; i++) { // three batches and more
			ids.add(this.calls.create(CallServiceTests.spec(CallServiceTests.newCase()), "janus", "crm", null)
				.call()
				.id());
		}

		this.clock.advance(Duration.ofMinutes(31));
		this.sweeper.sweep();
		this.sweeper.sweep();

		assertThat(this.repository.findEach(ids)).allSatisfy((call) -> {
			assertThat(call.status()).isEqualTo(CallStatus.ENDED);
			assertThat(call.endReason()).isEqualTo(EndReason.EXPIRED);
		});
	}

	@Test
	void aClaimedCallIsLeftToTheSweeperThatClaimedIt() {
		this.clock.advance(Duration.ofMinutes(31));
		List<String> claimed = this.repository.claimDue(this.clock.instant(), 10_000,
				this.clock.instant().plusSeconds(30));
		assertThat(claimed).contains(this.created.call().id());

		assertThat(this.repository.claimDue(this.clock.instant(), 10_000, this.clock.instant().plusSeconds(30)))
			.as("another node's sweeper takes other calls").doesNotContain(this.created.call().id());
		this.clock.advance(Duration.ofSeconds(30));
		this.sweeper.sweep();
		assertThat(status()).as("a sweeper that died mid-batch leaves it to the next one").isEqualTo(CallStatus.ENDED);
	}

	private Call call() {
		return this.calls.get(this.created.call().id());
	}

	private CallStatus status() {
		return call().status();
	}

}
