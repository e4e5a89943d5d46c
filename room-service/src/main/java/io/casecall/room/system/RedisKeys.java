package io.casecall.room.system;

/**
 * Every Redis key and channel name, in one place. A call's keys carry its id as a hash tag
 * ({@code {callId}}), so they all live in one Redis Cluster slot and a script may touch any of
 * them together. The global indexes (due calls, recent calls, connect-time windows) and the
 * per-case and idempotency keys live in slots of their own: no script touches one of them
 * together with a call's keys (in a cluster that would be a CROSSSLOT error), each is written
 * with a command (or a one-key script) of its own. Pub/sub channels have no slot (a cluster
 * delivers a PUBLISH to the subscribers on every node).
 */
public final class RedisKeys {

	/** Calls with a pending deadline, scored by that deadline (ms); every open call is in it. */
	public static final String DUE_CALLS = "cc:calls:due";

	/** The most recently created calls, scored by creation order. */
	public static final String RECENT_CALLS = "cc:calls:recent";

	/**
	 * Calls by the time their status changed, scored by that time (ms): the webhook catch-up's
	 * way to every recent change, however many calls were created since.
	 */
	public static final String CHANGED_CALLS = "cc:calls:changed";

	/** Call events for every signaling node. */
	public static final String EVENTS_CHANNEL = "cc:events";

	/** Jitsi Videobridge room changes for every signaling node. */
	public static final String JVB_ROOMS_CHANNEL = "cc:jvb:rooms";

	private RedisKeys() {
	}

	/** A call's record (one hash). */
	public static String call(String callId) {
		return "cc:call:" + tag(callId);
	}

	/**
	 * A call's presence history (a capped list of {@code <ms>|<role>|<cause>}), in the slot of its
	 * record: the seat scripts write both together.
	 */
	public static String presence(String callId) {
		return "cc:presence:" + tag(callId);
	}

	/**
	 * What another node needs to take a joined participant's SFU session over (a resume across
	 * nodes), in the slot of its call; expires a little after {@code resume-grace}.
	 */
	public static String sfuSession(String callId, String participantId) {
		return "cc:sfu-session:" + tag(callId) + ":" + participantId;
	}

	/** A room's Jitsi Videobridge state (one hash), in the slot of its call when the room id is the call id. */
	public static String jvbRoom(String roomId) {
		return "cc:jvb:" + tag(roomId);
	}

	/** A case's calls, scored by creation order. */
	public static String caseCalls(String caseId) {
		return "cc:case:" + tag(caseId);
	}

	/** A remembered {@code Idempotency-Key} (by its digest). */
	public static String idempotency(String digest) {
		return "cc:idem:" + tag(digest);
	}

	/** A role's ({@code agent} or {@code customer}) connect-time window index, scored by report time. */
	public static String connectWindow(String role) {
		return "cc:connect:" + role;
	}

	/** {@code {value}}: the part Redis Cluster hashes to pick the key's slot. */
	private static String tag(String value) {
		if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0) {
			throw new IllegalArgumentException("A key part may not contain braces");
		}
		return "{" + value + "}";
	}

}
