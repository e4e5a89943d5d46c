package io.casecall.signaling.webhook;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/** Reading and replaying deliveries, for the delivery API and /ops. */
@Component
class WebhookDeliveries {

	private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);

	private static final Set<String> FAILED = Set.of("retrying", "dead");

	private final WebhookQueue queue;

	private final WebhookEndpoints endpoints;

	private final WebhookWorker worker;

	WebhookDeliveries(WebhookQueue queue, WebhookEndpoints endpoints, WebhookWorker worker) {
		this.queue = queue;
		this.endpoints = endpoints;
		this.worker = worker;
	}

	/**
	 * Newest first. {@code all}: the recent list; {@code failed}: of those, the ones whose last
	 * attempt failed (retrying or dead); {@code dead}: every dead letter within the retention.
	 */
	List<DeliveryView> list(String filter, int limit) {
		if ("dead".equals(filter)) {
			return views(this.queue.ids("dead", limit));
		}
		List<DeliveryView> recent = views(this.queue.ids("recent", "failed".equals(filter) ? Integer.MAX_VALUE : limit));
		return recent.stream()
			.filter((view) -> !"failed".equals(filter) || FAILED.contains(view.status()))
			.limit(limit)
			.toList();
	}

	DeliveryView get(String id) {
		Map<Object, Object> fields = this.queue.find(id);
		if (fields.isEmpty()) {
			throw new DeliveryNotFoundException(id);
		}
		return DeliveryView.of(fields);
	}

	/** Queues a delivered or dead delivery again, same event id, attempts from zero. */
	DeliveryView replay(String id) {
		DeliveryView delivery = get(id);
		if (this.endpoints.find(delivery.endpoint()) == null) {
			throw new DeliveryNotFoundException(id + " (its endpoint is no longer configured)");
		}
		String result = this.queue.replay(id, delivery.endpoint());
		switch (result) {
			case "queued" -> log.info("Webhook delivery {} to {} replayed", id, delivery.endpoint());
			case "in_flight" -> throw new DeliveryInFlightException(id);
			default -> throw new DeliveryNotFoundException(id);
		}
		this.worker.wake();
		return get(id);
	}

	long deadLetters() {
		return this.queue.size("dead");
	}

	private List<DeliveryView> views(List<String> ids) {
		return ids.stream()
			.map(this.queue::find)
			.filter((fields) -> !fields.isEmpty())
			.map(DeliveryView::of)
			.filter(Objects::nonNull)
			.toList();
	}

}
