package io.casecall.signaling.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A set of accepted secret keys, held as SHA-256 digests and compared in constant time: every
 * configured digest is compared, whether an earlier one matched or not.
 */
final class KeyRing {

	private final List<SecurityProperties.KeyDigest> keys;

	private final List<byte[]> digests;

	KeyRing(List<SecurityProperties.KeyDigest> keys) {
		this.keys = List.copyOf(keys);
		this.digests = keys.stream().map((key) -> HexFormat.of().parseHex(key.sha256().toLowerCase())).toList();
	}

	boolean isEmpty() {
		return this.keys.isEmpty();
	}

	/** The name of the key that matches, or {@code null}. */
	String match(String presented) {
		if (presented == null || presented.isEmpty() || presented.length() > 512) {
			return null;
		}
		byte[] digest = sha256(presented);
		String match = null;
		for (int i = 0; i < this.digests.size(); i++) {
			if (MessageDigest.isEqual(digest, this.digests.get(i)) && match == null) {
				match = this.keys.get(i).name();
			}
		}
		return match;
	}

	static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
