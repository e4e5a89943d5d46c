package io.casecall.room.call;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.casecall.room.test.MutableClock;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls by the time of their status changes, as the webhook catch-up reads them, in the test stack's Redis. */
class CallChangesTests extends CallIntegrationSupport {

	@Autowired
	CallService calls;

	@Autowired
	CallAccess access;

	@Autowired
	CallPresence presence;

	@Autowired
	CallChanges changes;

	@Autowired
	MutableClock clock;

	private Instant clockAtStart;

	@BeforeEach
	void noteTheClock() {
		this.clockAtStart = this.clock.instant();
	}

	/** The clock is shared by this context's tests: give the time back. */
	@AfterEach
	void giveTheClockBack() {
		this.clock.set(this.clockAtStart);
	}

	@Test
	void aCallIsFoundByTheTimeOfItsLatestStatusChange() {
		Instant start = this.clock.instant();
		CreatedCall created = this.calls.create(CallServiceTests.spec(CallServiceTests.newCase()), "janus", "crm", null);
		String id = created.call().id();
		assertThat(this.calls.changedBetween(start, start)).extracting(Call::id).contains(id);

		this.clock.advance(Duration.ofMinutes(3));
		this.presence.join(this.access.admit(created.agentToken()), "s-agent", "device-agent"); // waiting
		Instant joined = this.clock.instant();
		assertThat(this.calls.changedBetween(joined, joined)).extracting(Call::id).contains(id);

		this.clock.advance(Duration.ofMinutes(3));
		this.calls.end(id, EndReason.AGENT_ENDED, null, null);
		Instant end = this.clock.instant();
		assertThat(this.calls.changedBetween(end, end)).filteredOn((call) -> call.id().equals(id)).singleElement()
			.satisfies((call) -> assertThat(call.status()).isEqualTo(CallStatus.ENDED));
		// one entry per call, at its latest change: the catch-up then sends every event the record shows
		assertThat(this.changes.between(start, joined)).doesNotContain(id);
	}

	@Test
	void aReaderDropsTheMarksOlderThanWhatItAsksForAndSkipsRecordsThatAreGone() {
		Instant now = this.clock.instant();
		this.changes.mark("no-such-call", now);
		this.changes.mark("too-old", now.minus(Duration.ofHours(1)));

		assertThat(this.calls.changedBetween(now.minusSeconds(1), now.plusSeconds(1))).extracting(Call::id)
			.doesNotContain("no-such-call");
		assertThat(this.changes.between(now.minus(Duration.ofDays(1)), now.plusSeconds(1))).contains("no-such-call")
			.doesNotContain("too-old");
	}

}
