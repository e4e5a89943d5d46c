package io.casecall.room.token;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;

/**
 * ES256 signatures in their canonical low-S form. An ECDSA signature (r, s) has a twin (r, n - s)
 * that verifies just as well, so without a rule one token has two spellings, and anything that
 * recognises a token by its text (a per-token rate limit, a revocation list by digest) can be
 * walked around. Tokens are minted with s at most n/2; a token whose s is above is refused.
 */
final class CanonicalSignature {

	/** Order of the P-256 group. */
	private static final BigInteger N = new BigInteger(
			"FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

	private static final BigInteger HALF_N = N.shiftRight(1);

	private static final int PART = 32;

	private CanonicalSignature() {
	}

	/** Whether the compact JWS's signature is 64 bytes with s at most n/2. */
	static boolean isLowS(String compact) {
		byte[] signature = signature(compact);
		return signature != null && s(signature).compareTo(HALF_N) <= 0;
	}

	/** The same token with its signature in low-S form (unchanged when it already is). */
	static String lowS(String compact) {
		byte[] signature = signature(compact);
		if (signature == null) {
			throw new IllegalArgumentException("Not an ES256 compact JWS");
		}
		BigInteger s = s(signature);
		if (s.compareTo(HALF_N) <= 0) {
			return compact;
		}
		byte[] twin = Arrays.copyOf(signature, 2 * PART);
		byte[] low = N.subtract(s).toByteArray();
		Arrays.fill(twin, PART, 2 * PART, (byte) 0);
		int length = Math.min(low.length, PART);
		System.arraycopy(low, low.length - length, twin, 2 * PART - length, length);
		return compact.substring(0, compact.lastIndexOf('.') + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(twin);
	}

	private static byte[] signature(String compact) {
		int dot = compact.lastIndexOf('.');
		if (dot < 0) {
			return null;
		}
		try {
			byte[] signature = Base64.getUrlDecoder().decode(compact.substring(dot + 1));
			return (signature.length == 2 * PART) ? signature : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static BigInteger s(byte[] signature) {
		return new BigInteger(1, Arrays.copyOfRange(signature, PART, 2 * PART));
	}

}
