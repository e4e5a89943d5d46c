package io.casecall.room.sfu.janus;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs an action at most once per interval without losing the last request: a request inside the
 * interval runs once at its end, together with every other request made meanwhile. (Dropping it
 * instead loses exactly the request that matters when several come in a burst: for keyframes, the
 * first ones go before the media path carries anything, the last one after.)
 */
final class TrailingThrottle {

	private final long intervalNanos;

	private final ScheduledExecutorService scheduler;

	private final LongSupplier nanoTime;

	private final Runnable action;

	/** When the action last ran (scheduler's clock), valid once {@link #ran}. */
	private long lastNanos;

	private boolean ran;

	private ScheduledFuture<?> pending;

	TrailingThrottle(long intervalNanos, ScheduledExecutorService scheduler, LongSupplier nanoTime, Runnable action) {
		this.intervalNanos = intervalNanos;
		this.scheduler = scheduler;
		this.nanoTime = nanoTime;
		this.action = action;
	}

	/** Runs the action now, or once at the end of the current interval if it ran less than that ago. */
	void request() {
		synchronized (this) {
			if (this.pending != null) {
				return;
			}
			long now = this.nanoTime.getAsLong();
			long wait = this.ran ? this.intervalNanos - (now - this.lastNanos) : 0;
			if (wait > 0) {
				this.pending = this.scheduler.schedule(this::runPending, wait, TimeUnit.NANOSECONDS);
				return;
			}
			ran(now);
		}
		this.action.run();
	}

	/** A request waiting for the end of its interval does not run. */
	void cancel() {
		synchronized (this) {
			if (this.pending != null) {
				this.pending.cancel(false);
				this.pending = null;
			}
		}
	}

	private void runPending() {
		synchronized (this) {
			if (this.pending == null) {
				return; // cancelled
			}
			this.pending = null;
			ran(this.nanoTime.getAsLong());
		}
		this.action.run();
	}

	private void ran(long now) {
		this.lastNanos = now;
		this.ran = true;
	}

}
