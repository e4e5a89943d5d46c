package io.casecall.room.system;

/**
 * Base of every typed failure CaseCall reports to a caller. Each subclass carries a stable,
 * machine-readable {@link #code()} (snake_case) that appears unchanged in HTTP problem
 * responses and socket {@code error} messages; the message is for humans and may change.
 */
public abstract class CaseCallException extends RuntimeException {

	private final String code;

	protected CaseCallException(String code, String message) {
		super(message);
		this.code = code;
	}

	protected CaseCallException(String code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	/** Stable error code, for example {@code call_not_found}. */
	public String code() {
		return this.code;
	}

}
