package io.casecall.room.sfu;

/**
 * One participant's media session on the SFU. The signaling layer calls it in the order the
 * participant's messages arrive, from one thread at a time; adapters keep that order towards the
 * SFU. Every method may throw an {@link SfuException}.
 */
public interface SfuParticipant extends AutoCloseable {

	/**
	 * Whether the client should create a peer connection with its own media and offer it
	 * ({@code true} for Janus publishing). When {@code false} the server offers and the client
	 * attaches its media to the connection the offer's hints name.
	 */
	boolean clientOffersMedia();

	/**
	 * Joins the room. Server-initiated offers (subscriptions, a server-built publish connection)
	 * follow through the listener, now or whenever the room changes.
	 */
	void start();

	/**
	 * Whether {@link #start()} may run before the client has joined (pre-warm, while the customer
	 * still looks at the preview): true when joining is invisible to the others until media is
	 * published. The caller then holds the listener's events until the client has joined.
	 */
	default boolean startsBeforeJoin() {
		return false;
	}

	/**
	 * The SFU instance holding this participant's session ({@link SfuRoom#instance()} of the room it
	 * was connected to): when the call's room moves off that instance, the participant must move
	 * too. {@code null} where the adapter does not tell (then nothing is moved by it).
	 */
	default String instance() {
		return null;
	}

	/**
	 * Whether the SFU tells when this participant's media is up ({@link SfuListener#onMediaState}
	 * with {@code CONNECTED}: Janus {@code webrtcup}). Where it does, a client's claim to have
	 * connected is believed only after that event; where it does not, only the server's own join
	 * time bounds the claim.
	 */
	default boolean reportsMediaUp() {
		return false;
	}

	/**
	 * Whether this participant can connect its media before the join while the SFU holds it
	 * ({@link #hold()}, {@link #resume()}): the pre-connection of {@code preconnect}
	 * (docs/protocol.md). Where it cannot, a pre-connecting client is served as if it had not
	 * asked (its offers wait for {@code joined}).
	 */
	default boolean holdsMedia() {
		return false;
	}

	/**
	 * Holds this participant's media from now on, before the client has consented to the call:
	 * connections the client answers are set up all the way (ICE and DTLS complete) but the SFU
	 * forwards nothing of the others' media on them until {@link #resume()} (Janus: each
	 * subscriber's streams {@code configure}d {@code send:false} before its {@code start}; Jitsi
	 * Videobridge: receiver constraints with {@code lastN 0}). Call it before {@link #start()} or
	 * before the first {@link #answer}; only where {@link #holdsMedia()}.
	 * @throws UnsupportedOperationException where the SFU cannot hold media
	 */
	default void hold() {
		throw new UnsupportedOperationException("This SFU does not hold media");
	}

	/**
	 * The client consented (the customer clicked Join): held media flows from now on, and the SFU
	 * asks the publishers for a keyframe so that the first frame follows within about one round
	 * trip (Janus: one {@code configure} with {@code send:true} per subscription, which sends the
	 * publisher a PLI itself). Connections answered after this are not held. Idempotent; nothing
	 * happens for a participant that was never held.
	 */
	default void resume() {
	}

	/**
	 * A client-initiated offer for peer connection {@code pcId}.
	 * @return the SFU's SDP answer
	 */
	String offer(String pcId, String sdp);

	/** The client's answer to a server-initiated offer for {@code pcId}. */
	void answer(String pcId, String sdp);

	/** A trickled ICE candidate from the client; {@code candidate.end()} marks the last one. */
	void candidate(String pcId, IceCandidate candidate);

	/**
	 * An ICE restart of connection {@code pcId}, which the SFU offered (the client restarts its own
	 * offers itself, with a new {@link #offer}): the SFU re-offers it with new ICE credentials
	 * through the listener, and the client answers as usual.
	 * @throws SfuException when there is no such connection, or the SFU cannot restart it (the
	 * client then rebuilds)
	 */
	default void restart(String pcId) {
		throw new SfuException("This media server does not restart the connections it offers");
	}

	/**
	 * The participant's media path is back after a loss: ask the publishers it receives video from,
	 * and its own publishing browser, for a keyframe now (a receiver's decoder otherwise waits for its
	 * own periodic request, up to 3 s in Chromium). Held media stays held. Adapters whose SFU forwards
	 * the receivers' own requests do nothing.
	 */
	default void requestKeyframes() {
	}

	/**
	 * Whether {@link #requestKeyframes} reaches the publishers through the SFU. When it does not
	 * (Jitsi Videobridge: neither colibri2 nor the bridge channel lets the application ask a sender
	 * for a keyframe; the bridge forwards only a receiver's own request, which Chromium makes after
	 * 3 s without a decodable frame), the signaling layer asks the publishing pages themselves.
	 */
	default boolean asksPublishersForKeyframes() {
		return false;
	}

	/**
	 * Whether peer connection {@code pcId} is one of this participant's (a page that resumes its
	 * session names the connections it still holds). Adapters that do not keep track say yes.
	 */
	default boolean holds(String pcId) {
		return true;
	}

	/**
	 * Whether the session still works (not closed, not lost): a kept session that is no longer
	 * usable cannot be resumed.
	 */
	default boolean alive() {
		return true;
	}

	/**
	 * What another node needs to take this session over ({@link SfuGateway#restore}) when this one
	 * dies or shuts down while the page keeps its connections: opaque to the caller, who persists it
	 * (and again after {@link SfuListener#onSnapshotChanged()}). {@code null} when the session
	 * cannot be taken over (not joined yet, closed, or an SFU that ends a session with its control
	 * connection).
	 */
	default String snapshot() {
		return null;
	}

	/**
	 * Lets go of the session without ending it on the SFU, so that another node restores it from
	 * its {@link #snapshot()} (a node shutting down): nothing reaches the listener any more and
	 * {@link #close()} does nothing. The SFU ends the session by itself if nobody takes it over.
	 * @return {@code false} when it cannot be handed off (the caller closes it as usual)
	 */
	default boolean handOff() {
		return false;
	}

	/** Leaves the room and frees everything the participant held on the SFU. Idempotent. */
	@Override
	void close();

}
