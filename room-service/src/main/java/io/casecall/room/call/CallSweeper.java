package io.casecall.room.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.system.StoreUnavailableException;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends calls nobody will finish: an invite that expired unused, a customer who left and did not
 * come back, a call that outlived {@code casecall.call.max-duration}. Lets go seats whose
 * connection stopped renewing its lease (its node died), so the record and the other side learn
 * that participant is gone. Every node runs it; ending and letting go are atomic and idempotent,
 * so two nodes looking at the same call do no harm, and each node claims its batches of due calls
 * (see {@link CallRepository#claimDue}), so nodes share a backlog instead of repeating each other.
 * <p>
 * A sweep takes batches until no call is due or it has run for {@code casecall.call.sweep-budget}
 * (then the next sweep, one interval later, goes on), so any number of due calls is caught up
 * within a sweep or two and a sweep never holds the scheduler for long.
 */
@Component
class CallSweeper {

	private static final Logger log = LoggerFactory.getLogger(CallSweeper.class);

	private static final int BATCH = 200;

	/** How long a claimed batch is this node's before another sweeper may claim it again. */
	private static final Duration CLAIM = Duration.ofSeconds(30);

	private final CallRepository repository;

	private final CallService calls;

	private final CallProperties properties;

	private final CallPresence presence;

	private final Clock clock;

	/**
	 * Since when this node has reached the store without interruption, or {@code null}. Leases are
	 * only judged after one lease length of that: after an outage every lease looks stale until the
	 * live connections have renewed theirs.
	 */
	private volatile Instant storeSeenSince;

	CallSweeper(CallRepository repository, CallService calls, CallProperties properties, CallPresence presence,
			Clock clock) {
		this.repository = repository;
		this.calls = calls;
		this.properties = properties;
		this.presence = presence;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${casecall.call.sweep-interval:5s}")
	void sweepQuietly() {
		try {
			sweep();
		}
		catch (StoreUnavailableException ex) {
			this.storeSeenSince = null;
			log.debug("Sweep skipped: call store unavailable");
		}
	}

	/**
	 * Handles every call whose deadline has passed, batch after batch, until none is due or the
	 * sweep budget is spent; returns how many were ended.
	 */
	int sweep() {
		Instant now = this.clock.instant();
		if (this.storeSeenSince == null) {
			this.storeSeenSince = now;
		}
		boolean judgeLeases = !now.isBefore(this.storeSeenSince.plus(this.properties.presenceLease()));
		long deadline = System.nanoTime() + this.properties.sweepBudget().toNanos();
		int ended = 0;
		List<String> due;
		do {
			due = this.repository.claimDue(now, BATCH, now.plus(CLAIM));
			ended += sweep(due, now, judgeLeases);
		}
		while (due.size() == BATCH && System.nanoTime() - deadline < 0);
		if (due.size() == BATCH) {
			log.info("Sweep budget spent with calls still due; the next sweep goes on");
		}
		return ended;
	}

	private int sweep(List<String> due, Instant now, boolean judgeLeases) {
		int ended = 0;
		List<Call> records = this.repository.findEach(due);
		for (int i = 0; i < due.size(); i++) {
			String callId = due.get(i);
			Call call = records.get(i);
			if (call == null || call.ended()) {
				this.repository.unschedule(callId);
				continue;
			}
			if (judgeLeases && this.presence.expireStale(call, now)) {
				call = this.repository.find(callId);
				if (call == null || call.ended()) {
					continue;
				}
			}
			EndReason reason = reasonToEnd(call, now);
			if (reason != null) {
				this.calls.end(callId, reason, null, null);
				ended++;
			}
			else {
				// a deadline already past (a lease not judged yet) waits for the next sweep, so this
				// sweep's next batch does not claim the same call again
				Instant next = nextDeadline(call);
				this.repository.schedule(callId, next.isAfter(now) ? next : now.plusMillis(1), false);
			}
		}
		return ended;
	}

	/** Why the call should end now, or {@code null} when it may go on. */
	EndReason reasonToEnd(Call call, Instant now) {
		if (!now.isBefore(call.createdAt().plus(this.properties.maxDuration()))) {
			return EndReason.EXPIRED;
		}
		Seat customer = call.customer();
		if (customer.firstJoinedAt() == null && !now.isBefore(call.inviteExpiresAt())) {
			return EndReason.EXPIRED;
		}
		if (customer.firstJoinedAt() != null && !customer.present() && customer.lastLeftAt() != null
				&& !now.isBefore(customer.lastLeftAt().plus(this.properties.customerGone(customer.leftCause())))) {
			return EndReason.CUSTOMER_LEFT_TIMEOUT;
		}
		return null;
	}

	/** The next moment one of the rules could apply. */
	Instant nextDeadline(Call call) {
		Instant next = call.createdAt().plus(this.properties.maxDuration());
		Seat customer = call.customer();
		if (customer.firstJoinedAt() == null && call.inviteExpiresAt().isBefore(next)) {
			next = call.inviteExpiresAt();
		}
		if (customer.firstJoinedAt() != null && !customer.present() && customer.lastLeftAt() != null) {
			Instant timeout = customer.lastLeftAt().plus(this.properties.customerGone(customer.leftCause()));
			next = timeout.isBefore(next) ? timeout : next;
		}
		for (Seat seat : List.of(call.agent(), customer)) {
			if (seat.present() && seat.leaseUntil() != null) {
				Instant stale = seat.leaseUntil().plus(this.properties.presenceLease());
				next = stale.isBefore(next) ? stale : next;
			}
		}
		return next;
	}

}
