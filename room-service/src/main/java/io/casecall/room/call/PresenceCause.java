package io.casecall.room.call;

import java.util.Locale;

/** Why a seat's presence changed: the cause of one entry of a call's presence history. */
public enum PresenceCause {

	/** The seat's first join. */
	JOINED,
	/** A later join of the seat (a reload, a reconnect). */
	REJOINED,
	/** A join after the seat was lost to the media service ({@link #SFU_LOST}): media is back. */
	SFU_BACK,
	/** The participant left (the page said {@code leave}, or closed its socket normally). */
	LEFT,
	/** The socket was lost without a leave (network, crash, silence). */
	CONNECTION_LOST,
	/** Another connection of the same device (a reload) took the seat over. */
	SEAT_TAKEN_OVER,
	/** The seat's lease ran out: the node holding its connection stopped renewing it (node gone). */
	LEASE_EXPIRED,
	/** The media service (SFU) lost the participant's session: the socket closed with 4503. */
	SFU_LOST,
	/** The call's media room moved to another SFU instance (the one it was on was lost); see the entry's instance. */
	SFU_MOVED,
	/** The node closed the socket for a shutdown or deploy (1001): the page moves to another node. */
	SERVER_SHUTDOWN,
	/** The call ended while the seat was held. */
	CALL_ENDED,
	/**
	 * The seat's socket came back after a {@link #CONNECTION_LOST} and resumed the media session
	 * the server kept for it: media never stopped.
	 */
	RESUMED;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	static PresenceCause fromWire(String text) {
		return valueOf(text.toUpperCase(Locale.ROOT));
	}

}
