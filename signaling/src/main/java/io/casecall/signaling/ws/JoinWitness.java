package io.casecall.signaling.ws;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.casecall.signaling.metrics.ServerEvidence;

/**
 * What the server itself saw of one socket's join: when it received the join and when the SFU
 * first reported that participant's media up. A connect-time report is held against it; the
 * join's start is kept here only.
 */
final class JoinWitness {

	private volatile long joinNanos;

	private final CompletableFuture<Long> mediaUp = new CompletableFuture<>();

	/** The SFU reported media up before the join (a pre-connected connection). Guarded by this. */
	private boolean earlyMediaUp;

	/**
	 * The server received the join at {@code nanos} ({@link System#nanoTime()}); media up before
	 * it (pre-connected) counts as up at that moment.
	 */
	void joined(long nanos) {
		boolean early;
		synchronized (this) {
			this.joinNanos = nanos;
			early = this.earlyMediaUp;
		}
		if (early) {
			this.mediaUp.complete(nanos);
		}
	}

	/** {@link System#nanoTime()} when the server received the join, or 0 before it. */
	long joinNanos() {
		return this.joinNanos;
	}

	/**
	 * The SFU reported media up for one of the participant's connections; the first one counts.
	 * Before the join (a pre-connected connection) it is kept and counts as up at the join.
	 */
	void mediaUp(long nanos) {
		synchronized (this) {
			if (this.joinNanos == 0) {
				this.earlyMediaUp = true;
				return;
			}
		}
		this.mediaUp.complete(nanos);
	}

	/** The pre-connected connections were given back before the join: their media-up no longer counts. */
	synchronized void forgetEarlyMediaUp() {
		this.earlyMediaUp = false;
	}

	/**
	 * The evidence for a report received now: complete at once unless the report claims a
	 * connection the SFU has not confirmed yet, then complete when it does or after {@code wait}.
	 */
	CompletableFuture<ServerEvidence> evidence(boolean claimsConnected, boolean sfuReportsMediaUp, Duration wait) {
		long received = System.nanoTime();
		if (!claimsConnected || !sfuReportsMediaUp || this.mediaUp.isDone()) {
			return CompletableFuture.completedFuture(snapshot(received, sfuReportsMediaUp));
		}
		return this.mediaUp.copy()
			.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
			.thenApply((up) -> snapshot(received, true));
	}

	private ServerEvidence snapshot(long received, boolean sfuReportsMediaUp) {
		Long up = this.mediaUp.getNow(null);
		return new ServerEvidence(millis(received - this.joinNanos), (up != null) ? millis(up - this.joinNanos) : null,
				sfuReportsMediaUp);
	}

	private static double millis(long nanos) {
		return nanos / 1_000_000.0;
	}

}
