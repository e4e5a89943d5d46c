package io.casecall.room.sfu.janus;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: starts at {@code min}, doubles after each failed attempt up to {@code max},
 * with up to 20% random jitter so that many nodes do not hammer a restarting Janus in step.
 * Not thread-safe; the connection uses it from one place at a time.
 */
final class Backoff {

	private final Duration min;

	private final Duration max;

	private Duration next;

	Backoff(Duration min, Duration max) {
		this.min = min;
		this.max = (max.compareTo(min) < 0) ? min : max;
		this.next = min;
	}

	/** The delay before the next attempt; each call doubles the one after. */
	Duration next() {
		Duration current = this.next;
		Duration doubled = current.multipliedBy(2);
		this.next = (doubled.compareTo(this.max) > 0) ? this.max : doubled;
		long jitter = (long) (current.toMillis() * 0.2 * ThreadLocalRandom.current().nextDouble());
		return current.plusMillis(jitter);
	}

	/** After a successful attempt the next failure starts over at {@code min}. */
	void reset() {
		this.next = this.min;
	}

}
