package io.casecall.signaling.webhook;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Secrets and settings for the webhook tests: fast retries, a queue of the test's own. */
final class WebhookTestSupport {

	private WebhookTestSupport() {
	}

	static String newSecret() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return "whsec_" + Base64.getEncoder().encodeToString(key);
	}

	/** A key prefix no other test uses (its own streams, deliveries and dead letters). */
	static String keyPrefix() {
		return "{cc:wh-test-" + UUID.randomUUID() + "}:";
	}

	/**
	 * Queue settings as {@code name=value}: retries after 200 ms .. 1 s, three attempts; attempts
	 * time out after 5 s (roomy on a loaded machine), a dead node's attempt is claimed after 6 s.
	 */
	static List<String> fastQueue(String keyPrefix) {
		return new ArrayList<>(List.of("casecall.webhooks.key-prefix=" + keyPrefix,
				"casecall.webhooks.initial-backoff=200ms", "casecall.webhooks.max-backoff=1s",
				"casecall.webhooks.max-attempts=3", "casecall.webhooks.poll-interval=100ms",
				"casecall.webhooks.timeout=5s", "casecall.webhooks.claim-idle=6s"));
	}

	/** One endpoint as {@code name=value} properties. */
	static List<String> endpoint(int index, String name, String url, String secret, String... events) {
		String p = "casecall.webhooks.endpoints[" + index + "].";
		List<String> properties = new ArrayList<>(List.of(p + "name=" + name, p + "url=" + url, p + "secret=" + secret));
		for (int i = 0; i < events.length; i++) {
			properties.add(p + "events[" + i + "]=" + events[i]);
		}
		return properties;
	}

}
