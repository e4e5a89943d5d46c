package io.casecall.signaling.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The entry point for webhook events: {@link #publish} puts an event on the durable queue, once
 * per endpoint that wants it; delivery happens later on any node ({@link WebhookWorker}). Never
 * throws to the caller and never waits for an endpoint: a failure to enqueue (Redis down) is
 * logged and counted ({@code casecall_webhook_enqueue_failures_total}).
 */
@Component
public class Webhooks {

	private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

	private static final SecureRandom random = new SecureRandom();

	private final WebhookQueue queue;

	private final WebhookEndpoints endpoints;

	private final JsonMapper json;

	private final Clock clock;

	private final Runnable wake;

	private final Counter enqueueFailures;

	Webhooks(WebhookQueue queue, WebhookEndpoints endpoints, JsonMapper json, Clock clock, WebhookWorker worker,
			MeterRegistry meters) {
		this.queue = queue;
		this.endpoints = endpoints;
		this.json = json;
		this.clock = clock;
		this.wake = worker::wake;
		this.enqueueFailures = Counter.builder("casecall.webhook.enqueue.failures")
			.description("Webhook events that could not be put on the queue")
			.register(meters);
	}

	/**
	 * Enqueues an event now. For {@code evidence.added} with an {@code evidenceId} in {@code data},
	 * publishing the same item again enqueues nothing; other events get a fresh id each time.
	 * @param type one of {@code call.created}, {@code call.waiting}, {@code call.connected},
	 * {@code call.ended}, {@code evidence.added}
	 */
	public void publish(String type, String callId, Map<String, Object> data) {
		Object evidenceId = (data != null) ? data.get("evidenceId") : null;
		String eventId = (evidenceId != null) ? eventId(type, callId, evidenceId.toString()) : "msg_" + randomId();
		enqueue(eventId, type, callId, this.clock.instant(), data);
	}

	/** Whether any endpoint is configured (without one, nothing is enqueued or read). */
	boolean enabled() {
		return !this.endpoints.all().isEmpty();
	}

	/** The id of the event of a call's one-time change, the same on every node. */
	static String eventId(String type, String callId, String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((type + "\n" + callId + "\n" + key).getBytes(StandardCharsets.UTF_8));
			return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Enqueues an event with a given id; returns whether it was new. */
	boolean enqueue(String eventId, String type, String callId, Instant at, Map<String, Object> data) {
		if (!WebhookEndpoint.TYPES.contains(type)) {
			throw new IllegalArgumentException("Unknown webhook event type " + type);
		}
		List<WebhookQueue.Target> targets = this.endpoints.all().stream()
			.filter((endpoint) -> endpoint.wants(type))
			.map((endpoint) -> new WebhookQueue.Target(endpoint.name(), "dlv_" + randomId()))
			.toList();
		if (targets.isEmpty()) {
			return false;
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type);
		body.put("timestamp", at.truncatedTo(ChronoUnit.MILLIS).toString());
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("callId", callId);
		if (data != null) {
			payload.putAll(data);
		}
		body.put("data", payload);
		try {
			boolean added = this.queue.enqueue(eventId, type, callId, this.json.writeValueAsString(body), targets);
			if (added) {
				log.info("Webhook {} {} of call {} queued for {}", type, eventId, callId,
						targets.stream().map(WebhookQueue.Target::endpoint).toList());
				this.wake.run();
			}
			return added;
		}
		catch (RuntimeException ex) {
			this.enqueueFailures.increment();
			log.warn("Webhook {} of call {} could not be queued: {}", type, callId, ex.getMessage());
			return false;
		}
	}

	private static String randomId() {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
