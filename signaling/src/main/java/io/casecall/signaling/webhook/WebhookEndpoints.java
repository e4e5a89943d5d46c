package io.casecall.signaling.webhook;

import java.util.List;

/** The validated endpoints of this deployment ({@link WebhookEndpoint#of}). */
record WebhookEndpoints(List<WebhookEndpoint> all) {

	WebhookEndpoint find(String name) {
		return this.all.stream().filter((endpoint) -> endpoint.name().equals(name)).findFirst().orElse(null);
	}

}
