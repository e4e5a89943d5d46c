package io.casecall.signaling.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, one per
 * secret, separated by spaces (several while a secret is rotated).
 */
final class WebhookSigner {

	static final String PREFIX = "whsec_";

	private final List<byte[]> keys;

	/**
	 * @param secrets {@code whsec_}-prefixed base64 secrets, the current one first
	 * @throws IllegalArgumentException when one is malformed (the message never shows it)
	 */
	WebhookSigner(List<String> secrets) {
		this.keys = secrets.stream().map(WebhookSigner::decode).toList();
	}

	static byte[] decode(String secret) {
		if (secret == null || !secret.startsWith(PREFIX)) {
			throw new IllegalArgumentException("a webhook secret must start with " + PREFIX);
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("a webhook secret must be " + PREFIX + " and standard base64");
		}
		if (key.length < 24 || key.length > 64) {
			throw new IllegalArgumentException("a webhook secret must hold 24 to 64 bytes, it holds " + key.length);
		}
		return key;
	}

	/** The {@code webhook-signature} header value. */
	String sign(String id, long timestampSeconds, String body) {
		byte[] content = (id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
		return this.keys.stream().map((key) -> "v1," + hmac(key, content)).collect(Collectors.joining(" "));
	}

	private static String hmac(byte[] key, byte[] content) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(content));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
