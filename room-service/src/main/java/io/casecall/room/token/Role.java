package io.casecall.room.token;

import java.util.Locale;

/**
 * Who a participant is in a call, as its room token says ({@code role} claim). A call has exactly
 * one agent and one customer seat.
 */
public enum Role {

	AGENT, CUSTOMER;

	/** Wire form: {@code agent} or {@code customer}. */
	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	public Role other() {
		return this == AGENT ? CUSTOMER : AGENT;
	}

	/** Parses the wire form; {@code null} when the text is not a role. */
	public static Role fromWire(String text) {
		if ("agent".equals(text)) {
			return AGENT;
		}
		if ("customer".equals(text)) {
			return CUSTOMER;
		}
		return null;
	}

}
