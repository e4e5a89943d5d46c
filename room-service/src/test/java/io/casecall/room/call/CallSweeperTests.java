package io.casecall.room.call;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.casecall.room.test.MutableClock;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class CallSweeperTests extends CallIntegrationTest {

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

	private Call call() {
		return this.calls.get(this.created.call().id());
	}

	private CallStatus status() {
		return call().status();
	}

}
