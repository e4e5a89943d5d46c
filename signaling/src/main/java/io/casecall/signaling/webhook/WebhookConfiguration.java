package io.casecall.signaling.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Validates the endpoints at startup (a bad one stops the application) and wires the defaults. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WebhookConfiguration.class);

	@Bean
	WebhookEndpoints webhookEndpoints(WebhookProperties properties) {
		WebhookEndpoints endpoints = new WebhookEndpoints(WebhookEndpoint.of(properties));
		if (endpoints.all().isEmpty()) {
			log.info("No webhook endpoint configured (casecall.webhooks.endpoints): no webhook is sent");
		}
		for (WebhookEndpoint endpoint : endpoints.all()) {
			log.info("Webhook endpoint {} at {} for {}", endpoint.name(), endpoint.origin(),
					endpoint.events().isEmpty() ? "every event" : endpoint.events());
		}
		return endpoints;
	}

}
