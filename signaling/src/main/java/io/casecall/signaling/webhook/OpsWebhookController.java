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

	OpsWebhookController(WebhookDeliveries deliveries, WebhookEndpoints endpoints) {
		this.deliveries = deliveries;
		this.endpoints = endpoints;
	}

	/** An endpoint without its secret and without its URL's path or query. */
	record EndpointView(String name, String origin, List<String> events) {
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
							endpoint.events().stream().sorted().toList()))
					.toList(),
				this.deliveries.deadLetters(), this.deliveries.list("all", ROWS), this.deliveries.list("failed", ROWS),
				this.deliveries.list("dead", ROWS));
	}

}
