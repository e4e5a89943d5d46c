package io.casecall.signaling.webhook;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The webhook panel of /ops ({@code /api/v1/ops/webhooks}, ops key): endpoints and deliveries. */
@RestController
class OpsWebhookController {

	private static final int ROWS = 20;

	private final WebhookDeliveries deliveries;

	private final WebhookEndpoints endpoints;

	private final WebhookMetrics metrics;

	OpsWebhookController(WebhookDeliveries deliveries, WebhookEndpoints endpoints, WebhookMetrics metrics) {
		this.deliveries = deliveries;
		this.endpoints = endpoints;
		this.metrics = metrics;
	}

	/**
	 * An endpoint without its secret and without its URL's path or query; {@code lagSeconds}: age
	 * of its oldest delivery waiting for an attempt, as this node last measured it.
	 */
	record EndpointView(String name, String origin, List<String> events, double lagSeconds) {
	}

	record OpsWebhooks(List<EndpointView> endpoints, long deadLetters, List<DeliveryView> recent,
			List<DeliveryView> failures, List<DeliveryView> dead) {
	}

	@GetMapping(path = "/api/v1/ops/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
	OpsWebhooks webhooks() {
		return new OpsWebhooks(
				this.endpoints.all()
					.stream()
					.map((endpoint) -> new EndpointView(endpoint.name(), endpoint.origin(),
							endpoint.events().stream().sorted().toList(), this.metrics.lagMillis(endpoint.name()) / 1000.0))
					.toList(),
				this.deliveries.deadLetters(), this.deliveries.list("all", ROWS), this.deliveries.list("failed", ROWS),
				this.deliveries.list("dead", ROWS));
	}

}
