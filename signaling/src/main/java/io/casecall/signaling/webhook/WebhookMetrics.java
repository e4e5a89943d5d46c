package io.casecall.signaling.webhook;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Webhook series (docs/metrics.md): attempts by endpoint and result, the queue lag (the oldest
 * waiting delivery over all endpoints) and the dead letters held. The gauges are refreshed from Redis by {@link WebhookWorker} (every node
 * reports the same shared queue).
 */
@Component
class WebhookMetrics {

	private final MeterRegistry meters;

	private final Map<String, AtomicLong> lagMillis = new ConcurrentHashMap<>();

	private final AtomicLong deadLetters = new AtomicLong();

	WebhookMetrics(MeterRegistry meters, WebhookEndpoints endpoints) {
		this.meters = meters;
		Gauge.builder("casecall.webhook.dead.letters", this.deadLetters, AtomicLong::get)
			.description("Webhook deliveries dead-lettered and not replayed, within the retention (the shared queue)")
			.register(meters);
		// one series whatever the endpoints (also none), so the alert rules always have it; /ops
		// shows the lag per endpoint
		Gauge.builder("casecall.webhook.queue.lag", this, (metrics) -> metrics.maxLagMillis() / 1000.0)
			.description("Age of the oldest webhook delivery waiting for an attempt, over all endpoints")
			.baseUnit("seconds")
			.register(meters);
		for (WebhookEndpoint endpoint : endpoints.all()) {
			this.lagMillis.put(endpoint.name(), new AtomicLong());
			for (String result : new String[] { "delivered", "failed", "dead" }) {
				counter(endpoint.name(), result);
			}
		}
	}

	/** One attempt: {@code delivered}, {@code failed} (to be retried) or {@code dead}. */
	void attempt(String endpoint, String result) {
		counter(endpoint, result).increment();
	}

	void lag(String endpoint, long millis) {
		AtomicLong lag = this.lagMillis.get(endpoint);
		if (lag != null) {
			lag.set(millis);
		}
	}

	/** The last measured lag of an endpoint's queue, in milliseconds. */
	long lagMillis(String endpoint) {
		AtomicLong lag = this.lagMillis.get(endpoint);
		return (lag != null) ? lag.get() : 0;
	}

	private long maxLagMillis() {
		return this.lagMillis.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
	}

	void deadLetters(long count) {
		this.deadLetters.set(count);
	}

	private Counter counter(String endpoint, String result) {
		return Counter.builder("casecall.webhook.deliveries")
			.description("Webhook delivery attempts by endpoint and result")
			.tag("endpoint", endpoint)
			.tag("result", result)
			.register(this.meters);
	}

}
