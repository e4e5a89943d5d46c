package io.casecall.signaling.webhook;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The case system's view of its webhooks ({@code X-API-Key}): deliveries, and replaying one. */
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
class WebhookController {

	static final String DELIVERY_ID = "dlv_[A-Za-z0-9_-]{22}";

	private final WebhookDeliveries deliveries;

	WebhookController(WebhookDeliveries deliveries) {
		this.deliveries = deliveries;
	}

	/** A page of deliveries, newest first. */
	record Deliveries(String status, int limit, List<DeliveryView> deliveries) {
	}

	@Operation(summary = "Recent webhook deliveries, newest first",
			description = "status=all (the recent list), failed (last attempt failed: retrying or dead), "
					+ "dead (every dead letter within casecall.webhooks.retention)")
	@GetMapping("/deliveries")
	Deliveries list(
			@RequestParam(defaultValue = "all") @Pattern(regexp = "all|failed|dead",
					message = "must be one of all, failed, dead") String status,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
		return new Deliveries(status, limit, this.deliveries.list(status, limit));
	}

	@Operation(summary = "One webhook delivery")
	@GetMapping("/deliveries/{deliveryId}")
	DeliveryView get(@PathVariable @Pattern(regexp = DELIVERY_ID) String deliveryId) {
		return this.deliveries.get(deliveryId);
	}

	@Operation(summary = "Send a delivered or dead-lettered delivery again",
			description = "Queued again with the same webhook-id (receivers deduplicate by it) and a fresh attempt "
					+ "count; 409 webhook_delivery_in_flight while it is still queued or retrying")
	@PostMapping("/deliveries/{deliveryId}/replay")
	@ResponseStatus(HttpStatus.ACCEPTED)
	DeliveryView replay(@PathVariable @Pattern(regexp = DELIVERY_ID) String deliveryId) {
		return this.deliveries.replay(deliveryId);
	}

}
