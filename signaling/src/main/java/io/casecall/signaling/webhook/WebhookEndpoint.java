package io.casecall.signaling.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A configured endpoint, validated at startup: an absolute https URL (http only on the loopback
 * or with {@code allow-http}), well-formed secrets, known event types.
 */
record WebhookEndpoint(String name, URI url, WebhookSigner signer, Set<String> events) {

	/** Event types the service sends. */
	static final Set<String> TYPES = Set.of("call.created", "call.waiting", "call.connected", "call.ended",
			"evidence.added");

	boolean wants(String type) {
		return this.events.isEmpty() || this.events.contains(type);
	}

	/** Shown on /ops: scheme, host and port only (a path or query may carry a credential). */
	String origin() {
		return this.url.getScheme() + "://" + this.url.getAuthority();
	}

	/**
	 * @throws InvalidWebhookConfigException naming the endpoint and what is wrong, never a secret
	 */
	static List<WebhookEndpoint> of(WebhookProperties properties) {
		if (properties.claimIdle().compareTo(properties.timeout().plusSeconds(1)) < 0) {
			throw new InvalidWebhookConfigException(
					"casecall.webhooks.claim-idle must exceed casecall.webhooks.timeout by at least 1s");
		}
		List<WebhookEndpoint> endpoints = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (WebhookProperties.Endpoint endpoint : properties.endpoints()) {
			String where = "casecall.webhooks.endpoints '" + endpoint.name() + "': ";
			if (!names.add(endpoint.name())) {
				throw new InvalidWebhookConfigException(where + "the name is used twice");
			}
			URI url = url(endpoint.url(), properties.allowHttp(), where);
			for (String type : endpoint.events()) {
				if (!TYPES.contains(type)) {
					throw new InvalidWebhookConfigException(where + "unknown event type '" + type + "', known: "
							+ TYPES.stream().sorted().toList());
				}
			}
			List<String> secrets = new ArrayList<>();
			secrets.add(endpoint.secret());
			secrets.addAll(endpoint.previousSecrets());
			WebhookSigner signer;
			try {
				signer = new WebhookSigner(secrets);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidWebhookConfigException(where + ex.getMessage());
			}
			endpoints.add(new WebhookEndpoint(endpoint.name(), url, signer, Set.copyOf(endpoint.events())));
		}
		return List.copyOf(endpoints);
	}

	private static URI url(String text, boolean allowHttp, String where) {
		URI url;
		try {
			url = new URI(text);
		}
		catch (URISyntaxException ex) {
			throw new InvalidWebhookConfigException(where + "the url is not a URL");
		}
		if (url.getHost() == null || url.getUserInfo() != null || url.getFragment() != null) {
			throw new InvalidWebhookConfigException(where + "the url must be absolute, without user info or fragment");
		}
		if ("https".equals(url.getScheme())) {
			return url;
		}
		if (!"http".equals(url.getScheme())) {
			throw new InvalidWebhookConfigException(where + "the url must be https");
		}
		if (!allowHttp && !loopback(url.getHost())) {
			throw new InvalidWebhookConfigException(
					where + "the url must be https (http only on the loopback, or with casecall.webhooks.allow-http)");
		}
		return url;
	}

	private static boolean loopback(String host) {
		if ("localhost".equalsIgnoreCase(host)) {
			return true;
		}
		if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")) {
			return false;
		}
		try {
			return InetAddress.getByName(host).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
