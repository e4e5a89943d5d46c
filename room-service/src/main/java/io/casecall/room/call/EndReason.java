package io.casecall.room.call;

import java.util.Locale;

/** Why a call ended. */
public enum EndReason {

	/** The agent (or the case system on the agent's behalf) ended it. */
	AGENT_ENDED,
	/** The customer left and did not come back within {@code casecall.call.customer-left-timeout}. */
	CUSTOMER_LEFT_TIMEOUT,
	/** Nobody used the invite before it expired, or the call outlived {@code max-duration}. */
	EXPIRED,
	/** The media service lost the call and it could not go on. */
	ERROR;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	static EndReason fromWire(String text) {
		return valueOf(text.toUpperCase(Locale.ROOT));
	}

}
