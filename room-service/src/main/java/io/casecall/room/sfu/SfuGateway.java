package io.casecall.room.sfu;

import java.util.List;

/**
 * The media server (SFU) boundary, in CaseCall's terms. Adapters (Janus VideoRoom, Jitsi
 * Videobridge colibri2) implement it; nothing of their wire formats crosses it.
 * <p>
 * Negotiation is generic: a participant may hold several peer connections, each named by a
 * {@code pcId} chosen by whoever offers first, and either side may offer. An adapter tells the
 * client whether it should offer its own media first ({@link SfuParticipant#clientOffersMedia()};
 * Janus: yes, the browser publishes; Jitsi Videobridge: no, the server offers one connection that
 * carries everything).
 * <p>
 * Calls are blocking with bounded timeouts; when the SFU cannot be reached they fail at once
 * with {@link SfuUnavailableException} rather than wait.
 */
public interface SfuGateway {

	/** Short, stable name of the SFU kind, for call records and metric tags: {@code janus}, {@code jvb}. */
	String type();

	/**
	 * The instance a new room should go to (by reachability and load). Nothing is allocated or
	 * recorded: the caller claims it for the room (once, in the call record) and allocates there.
	 */
	String chooseInstance();

	/**
	 * Whether a room may be on {@code instance} now: the adapter reaches it. A room claimed on an
	 * instance that is not available moves ({@code io.casecall.room.media.MediaRooms}). Adapters
	 * without instance health say {@code true}.
	 */
	default boolean available(String instance) {
		return true;
	}

	/**
	 * Tells {@code watcher} when an instance is lost (unreachable beyond the adapter's confirm time)
	 * and when it is back. Adapters without instance health never call it.
	 */
	default void watchInstances(SfuInstanceWatcher watcher) {
	}

	/**
	 * Makes sure the media room for a call exists on an SFU instance and returns where it lives.
	 * Idempotent: allocating an existing room returns it unchanged. Claims nothing: which instance
	 * holds a room is recorded by the caller ({@code io.casecall.room.media.MediaRooms}).
	 * @param roomId the call's room id (a UUID)
	 * @param instance the instance claimed for this room, or {@code null} to use {@link #chooseInstance()}
	 */
	SfuRoom allocate(String roomId, String instance);

	/**
	 * Opens a participant's media session in an allocated room. Nothing is negotiated yet;
	 * {@link SfuParticipant#start()} begins. Events for this participant go to {@code listener},
	 * on the adapter's threads, in the order the SFU produced them.
	 */
	SfuParticipant connect(SfuRoom room, String participantId, String displayName, SfuListener listener);

	/**
	 * Takes over a participant's session that another node opened and left (it died or shut down
	 * while the page kept its connections), from the {@link SfuParticipant#snapshot()} that node
	 * persisted: media is not touched, the participant's events go to {@code listener} from now on.
	 * @throws SfuException when it cannot (another instance, the session gone, the SFU refused);
	 * the caller then connects anew
	 */
	default SfuParticipant restore(SfuRoom room, String participantId, String snapshot, SfuListener listener) {
		throw new SfuException("This media server does not restore sessions of another node");
	}

	/**
	 * Ends a session another node left behind, from its snapshot (its page rebuilt instead of
	 * resuming). Best effort: never throws.
	 */
	default void discard(SfuRoom room, String snapshot) {
	}

	/** Tears the room down with whatever is left in it. Idempotent; never throws for a missing room. */
	void release(SfuRoom room);

	/** Reachability and load of each SFU instance this gateway may use. */
	List<SfuInstanceStatus> status();

	/**
	 * Origins ({@code scheme://host[:port]}) that pages open connections to besides this service,
	 * for the SFU's own side channel (Jitsi Videobridge: the colibri WebSocket). The pages' CSP
	 * {@code connect-src} allows them. None by default (Janus: browsers reach only its media ports).
	 */
	default List<String> browserOrigins() {
		return List.of();
	}

}
