package io.casecall.signaling.webhook;

import java.time.Instant;
import java.util.Map;

/**
 * A delivery of one event to one endpoint, as the API and /ops show it (never the secret, never
 * the body). {@code status}: {@code queued}, {@code retrying}, {@code delivered}, {@code dead}.
 */
record DeliveryView(String id, String eventId, String type, String callId, String endpoint, String status,
		int attempts, int replays, Instant createdAt, Instant updatedAt, Instant lastAttemptAt,
		Instant nextAttemptAt, Integer lastStatus, String lastError) {

	static DeliveryView of(Map<Object, Object> fields) {
		return new DeliveryView(text(fields, "id"), text(fields, "event"), text(fields, "type"),
				text(fields, "callId"), text(fields, "endpoint"), text(fields, "status"), number(fields, "attempts"),
				number(fields, "replays"), instant(fields, "createdAt"), instant(fields, "updatedAt"),
				instant(fields, "lastAttemptAt"), instant(fields, "nextAttemptAt"),
				(text(fields, "lastStatus") != null) ? Integer.valueOf(text(fields, "lastStatus")) : null,
				text(fields, "lastError"));
	}

	private static String text(Map<Object, Object> fields, String name) {
		Object value = fields.get(name);
		return (value == null || value.toString().isEmpty()) ? null : value.toString();
	}

	private static int number(Map<Object, Object> fields, String name) {
		String value = text(fields, name);
		return (value != null) ? Integer.parseInt(value) : 0;
	}

	private static Instant instant(Map<Object, Object> fields, String name) {
		String value = text(fields, name);
		return (value != null) ? Instant.ofEpochMilli(Long.parseLong(value)) : null;
	}

}
