package io.casecall.room.call;

import java.util.Locale;

/** What the agent decided on the case, recorded when the call ends. */
public enum Outcome {

	RESHIPPED, REFUNDED, CLAIM_FILED, OTHER;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses the wire form; {@code null} when the text is not an outcome. */
	public static Outcome fromWire(String text) {
		for (Outcome outcome : values()) {
			if (outcome.wire().equals(text)) {
				return outcome;
			}
		}
		return null;
	}

}
