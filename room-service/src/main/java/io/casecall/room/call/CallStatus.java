package io.casecall.room.call;

import java.util.Locale;

/**
 * Where a call is in its life: {@code created -> waiting} (the agent joined)
 * {@code -> connected} (both were in) {@code -> ended}. A call whose customer joins first goes
 * from {@code created} straight through {@code waiting} to {@code connected} when the agent
 * arrives. {@code connected} records that the two met; presence is tracked per seat.
 */
public enum CallStatus {

	CREATED, WAITING, CONNECTED, ENDED;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	static CallStatus fromWire(String text) {
		return valueOf(text.toUpperCase(Locale.ROOT));
	}

}
