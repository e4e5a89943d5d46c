package io.casecall.signaling.webhook;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;

/** One HTTP attempt of a delivery, signed for its endpoint, bounded by the configured timeouts. */
final class WebhookSender {

	/** What an attempt came to: {@code status} is absent when no response arrived. */
	record Result(boolean delivered, Integer status, String error) {
	}

	private final HttpClient http;

	private final WebhookProperties properties;

	private final Clock clock;

	WebhookSender(WebhookProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * @throws InterruptedException when the node stops mid-attempt (the delivery stays pending)
	 */
	Result send(WebhookEndpoint endpoint, String eventId, String body) throws InterruptedException {
		long timestamp = this.clock.millis() / 1000;
		HttpRequest request = HttpRequest.newBuilder(endpoint.url())
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "CaseCall-Webhooks/1")
			.header("webhook-id", eventId)
			.header("webhook-timestamp", String.valueOf(timestamp))
			.header("webhook-signature", endpoint.signer().sign(eventId, timestamp, body))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			int status = response.statusCode();
			boolean delivered = status >= 200 && status < 300;
			return new Result(delivered, status, delivered ? null : "HTTP " + status);
		}
		catch (IOException ex) {
			return new Result(false, null, ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? ": " + truncate(ex.getMessage()) : ""));
		}
	}

	private static String truncate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) : text;
	}

}
