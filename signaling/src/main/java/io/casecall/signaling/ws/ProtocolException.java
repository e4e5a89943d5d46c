package io.casecall.signaling.ws;

/**
 * A message was refused. Becomes an {@code error} message; a fatal one also closes the socket
 * with {@link #closeCode()} (docs/protocol.md, "Errors").
 */
class ProtocolException extends RuntimeException {

	private final String code;

	private final int closeCode;

	ProtocolException(String code, String message) {
		this(code, message, 0);
	}

	/** @param closeCode the close code, or 0 for an error the session survives */
	ProtocolException(String code, String message, int closeCode) {
		super(message, null, false, false);
		this.code = code;
		this.closeCode = closeCode;
	}

	String code() {
		return this.code;
	}

	boolean fatal() {
		return this.closeCode != 0;
	}

	int closeCode() {
		return this.closeCode;
	}

	static ProtocolException invalidField(String field, String problem) {
		return new ProtocolException("invalid_field", "'" + field + "' " + problem);
	}

}
