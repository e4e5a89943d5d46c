package io.casecall.signaling.ratelimit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets by key: in Redis (one bucket for the whole cluster), or, while Redis does not
 * answer, in this node's memory with the same size. Neither fails closed (an outage must not
 * lock everyone out) nor fully open (an outage must not lift the limits): during an outage each
 * node enforces the limits on its own, so a cluster of n nodes admits at most n times a limit.
 */
final class Buckets {

	private static final Logger log = LoggerFactory.getLogger(Buckets.class);

	private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final ProxyManager<byte[]> redis;

	private final String prefix;

	private final Map<String, Bucket> remote;

	private final Map<String, Bucket> local;

	private volatile boolean degraded;

	private volatile long lastWarning;

	private final MeterRegistry meters;

	private final Counter fallbacks;

	Buckets(ProxyManager<byte[]> redis, String prefix, int localBuckets, MeterRegistry meters) {
		this.redis = redis;
		this.prefix = prefix;
		this.meters = meters;
		this.fallbacks = Counter.builder("casecall.rate.limit.fallbacks")
			.description("Bucket decisions taken by a node-local bucket because Redis did not answer")
			.register(meters);
		this.remote = lru(localBuckets);
		this.local = lru(localBuckets);
	}

	private static Map<String, Bucket> lru(int size) {
		return new LinkedHashMap<>(256, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
				return size() > size;
			}
		};
	}

	/** Counts a request refused by the bucket {@code key} ({@code <limit>:<subject>}), by limit. */
	void refused(String key) {
		Counter.builder("casecall.rate.limited")
			.description("Requests refused with 429 rate_limited")
			.tag("limit", key.substring(0, key.indexOf(':')))
			.register(this.meters)
			.increment();
	}

	/** Takes one token; when there is none, how long until there is. */
	Decision take(String key, RateLimitProperties.Limit limit) {
		ConsumptionProbe probe = call(key, limit, (bucket) -> bucket.tryConsumeAndReturnRemaining(1));
		return probe.isConsumed() ? Decision.ALLOWED : Decision.refused(probe.getNanosToWaitForRefill());
	}

	/** Whether a token is there, without taking it. */
	Decision peek(String key, RateLimitProperties.Limit limit) {
		EstimationProbe probe = call(key, limit, (bucket) -> bucket.estimateAbilityToConsume(1));
		return probe.canBeConsumed() ? Decision.ALLOWED : Decision.refused(probe.getNanosToWaitForRefill());
	}

	private <T> T call(String key, RateLimitProperties.Limit limit, Function<Bucket, T> operation) {
		String name = key + "|" + limit;
		try {
			T result = operation.apply(remote(name, key, limit));
			if (this.degraded) {
				this.degraded = false;
				log.info("Rate limits are shared through Redis again");
			}
			return result;
		}
		catch (RuntimeException ex) {
			this.fallbacks.increment();
			long now = System.nanoTime();
			// at most one warning a minute (a slow or contended moment must not flood the log)
			if (this.lastWarning == 0 || now - this.lastWarning > WARNING_INTERVAL_NANOS) {
				this.degraded = true;
				this.lastWarning = now;
				log.warn("Rate limit store unavailable ({}); each node now limits on its own", ex.toString());
			}
			Bucket bucket;
			synchronized (this.local) {
				bucket = this.local.computeIfAbsent(name,
						(ignored) -> Bucket.builder().addLimit(bandwidth(limit)).build());
			}
			return operation.apply(bucket);
		}
	}

	/**
	 * One proxy per bucket, kept: concurrent requests for the same bucket are then batched into
	 * one Redis round trip instead of competing compare-and-swap retries.
	 */
	private Bucket remote(String name, String key, RateLimitProperties.Limit limit) {
		synchronized (this.remote) {
			return this.remote.computeIfAbsent(name, (ignored) -> {
				BucketConfiguration configuration = configuration(limit);
				return this.redis.builder()
					.withOptimization(Optimizations.batching())
					.build((this.prefix + key).getBytes(StandardCharsets.UTF_8), () -> configuration);
			});
		}
	}

	private static BucketConfiguration configuration(RateLimitProperties.Limit limit) {
		return BucketConfiguration.builder().addLimit(bandwidth(limit)).build();
	}

	private static Bandwidth bandwidth(RateLimitProperties.Limit limit) {
		return Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()).build();
	}

	/** Whether a request may go on, and if not, the {@code Retry-After} in whole seconds. */
	record Decision(boolean allowed, long retryAfterSeconds) {

		static final Decision ALLOWED = new Decision(true, 0);

		static Decision refused(long nanosToWait) {
			return new Decision(false, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanosToWait + 999_999_999L)));
		}

	}

}
