package io.casecall.signaling.ws;

/** A token bucket: {@code burst} messages at once, refilled at {@code perSecond}. Not thread-safe. */
final class RateLimiter {

	private final double perNano;

	private final double burst;

	private double tokens;

	private long last;

	RateLimiter(int perSecond, int burst, long nowNanos) {
		this.perNano = perSecond / 1e9;
		this.burst = burst;
		this.tokens = burst;
		this.last = nowNanos;
	}

	boolean tryAcquire(long nowNanos) {
		this.tokens = Math.min(this.burst, this.tokens + (nowNanos - this.last) * this.perNano);
		this.last = nowNanos;
		if (this.tokens < 1) {
			return false;
		}
		this.tokens -= 1;
		return true;
	}

}
