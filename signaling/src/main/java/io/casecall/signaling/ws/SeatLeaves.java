package io.casecall.signaling.ws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.Admission;
import io.casecall.room.call.CallPresence;
import io.casecall.room.call.PresenceCause;
import io.casecall.room.system.StoreUnavailableException;
import io.casecall.signaling.metrics.CallMetrics;

import org.springframework.stereotype.Component;

/**
 * Writes a closed socket's leave to the call record, and keeps trying until it lands: the record
 * is evidence, so a leave that met a busy or unreachable store is retried (from 200 ms, doubling
 * to every 5 s) with the time the socket actually closed and its cause, instead of being lost:
 * the leave's entry in the call's presence history lands with it.
 */
@Component
class SeatLeaves {

	private static final Logger log = LoggerFactory.getLogger(SeatLeaves.class);

	private static final Duration FIRST_RETRY = Duration.ofMillis(200);

	private static final Duration MAX_RETRY = Duration.ofSeconds(5);

	private final CallPresence presence;

	private final Clock clock;

	private final CallMetrics metrics;

	private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "casecall-seat-leaves");
		thread.setDaemon(true);
		return thread;
	});

	SeatLeaves(CallPresence presence, Clock clock, CallMetrics metrics) {
		this.presence = presence;
		this.clock = clock;
		this.metrics = metrics;
	}

	/**
	 * Lets the seat go as of now; tries once on this thread, then in the background until it lands.
	 * The leave and its presence-history entry ({@code cause}, at the time the socket closed) are
	 * one write, so a retried leave lands both.
	 * @param landed run once the leave is on the record
	 */
	void leave(Admission admission, String session, PresenceCause cause, Runnable landed) {
		attempt(admission, session, cause, this.clock.instant(), landed, FIRST_RETRY);
	}

	private void attempt(Admission admission, String session, PresenceCause cause, Instant at, Runnable landed,
			Duration next) {
		try {
			this.presence.leave(admission, session, at, cause);
		}
		catch (StoreUnavailableException ex) {
			log.warn("Could not record that the {} left call {} ({}); trying again in {} ms",
					admission.role().wire(), admission.callId(), ex.getMessage(), next.toMillis());
			this.metrics.storeRetry("leave");
			Duration after = next.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : next.multipliedBy(2);
			try {
				this.retries.schedule(() -> attempt(admission, session, cause, at, landed, after), next.toMillis(),
						TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException stopped) {
				log.warn("Shutting down: the leave of the {} of call {} is left to the seat lease",
						admission.role().wire(), admission.callId());
			}
			return;
		}
		catch (RuntimeException ex) {
			// not the store being away: trying again would fail the same way
			log.error("Could not record that the {} left call {}; the seat lease will let it go", admission.role().wire(),
					admission.callId(), ex);
			return;
		}
		landed.run();
	}

	@PreDestroy
	void stop() {
		this.retries.shutdownNow();
	}

}
