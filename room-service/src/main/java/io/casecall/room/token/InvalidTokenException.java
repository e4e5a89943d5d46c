package io.casecall.room.token;

import java.util.Locale;

import io.casecall.room.system.CaseCallException;

/**
 * A room token was refused. The {@link Reason} is stable (metrics tag, error code suffix);
 * the message never contains the token.
 */
public class InvalidTokenException extends CaseCallException {

	/** Why a token was refused. */
	public enum Reason {

		/** Not a compact JWS, broken encoding or JSON, or a required claim is missing. */
		MALFORMED,
		/** {@code alg} other than ES256 (including {@code none} and HMAC). */
		UNSUPPORTED_ALGORITHM,
		/** {@code kid} missing or not one of ours. */
		UNKNOWN_KEY,
		BAD_SIGNATURE,
		EXPIRED,
		NOT_YET_VALID,
		WRONG_ISSUER,
		WRONG_AUDIENCE,
		/** The call the token is for has ended: its tokens are revoked. */
		REVOKED,
		/** The token is for another call than the one addressed. */
		WRONG_CALL;

		/** Lower-case form used in codes and metric tags. */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final Reason reason;

	public InvalidTokenException(Reason reason, String message) {
		super("token_" + reason.tag(), message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

}
