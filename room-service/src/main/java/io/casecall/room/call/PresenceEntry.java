package io.casecall.room.call;

import java.time.Instant;

import io.casecall.room.token.Role;

/**
 * One entry of a call's presence history.
 *
 * @param at when it happened (a leave written late, after a store outage, keeps the time it happened)
 * @param role whose seat
 * @param cause what happened
 * @param instance the SFU instance the seat's media went to ({@code sfu_moved}), else {@code null}
 */
public record PresenceEntry(Instant at, Role role, PresenceCause cause, String instance) {

	public PresenceEntry(Instant at, Role role, PresenceCause cause) {
		this(at, role, cause, null);
	}

	/** Stored form: {@code <epoch ms>|<role>|<cause>[|<instance>]} (written by the seat scripts). */
	static PresenceEntry decode(String stored) {
		String[] parts = stored.split("\\|", 4);
		return new PresenceEntry(Instant.ofEpochMilli(Long.parseLong(parts[0])), Role.fromWire(parts[1]),
				PresenceCause.fromWire(parts[2]), (parts.length > 3) ? parts[3] : null);
	}

}
