package io.casecall.room.sfu;

import java.util.List;

/**
 * What the SFU tells one participant's session. Called on adapter threads; implementations must
 * not block for long.
 */
public interface SfuListener {

	/** The SFU offers (or re-offers) peer connection {@code pcId}; answer with {@link SfuParticipant#answer}. */
	void onOffer(String pcId, String sdp, OfferHints hints);

	/** An ICE candidate of the SFU for {@code pcId}; {@code candidate.end()} marks the last one. */
	void onCandidate(String pcId, IceCandidate candidate);

	/** The media state of {@code pcId} as the SFU sees it. */
	void onMediaState(String pcId, MediaState state);

	/** The SFU closed {@code pcId} (for example the feed it carried was unpublished). */
	void onClosed(String pcId);

	/**
	 * A side channel the client should open to the SFU beside the peer connection (Jitsi
	 * Videobridge's bridge channel). The URL is a secret of the session: never log it.
	 * @param url WebSocket URL to open
	 * @param onOpen JSON texts the client sends, in order, as soon as the channel is open
	 * @param onJoin JSON texts the client sends, in order, once its user has joined (the click is
	 *   the consent: what the SFU holds back from a participant who has not joined is released
	 *   by these), right away when the channel opens after the join
	 */
	void onSideChannel(String url, List<String> onOpen, List<String> onJoin);

	/** The session is lost (SFU restarted, unreachable, forgot the room); the client must rejoin. */
	void onLost(SfuException cause);

	/**
	 * How the client should treat a server-initiated offer.
	 * @param attachLocalMedia the connection carries the participant's own media too
	 * @param remoteParticipantId whose media the connection carries, when it is one participant's
	 * @param sfuStartsDtls answer with {@code a=setup:passive}, so the SFU is the DTLS client and
	 * starts the handshake the moment its ICE check succeeds (instead of dropping the browser's
	 * early ClientHello and waiting for a retransmission)
	 */
	record OfferHints(boolean attachLocalMedia, String remoteParticipantId, boolean sfuStartsDtls) {

		public OfferHints(boolean attachLocalMedia, String remoteParticipantId) {
			this(attachLocalMedia, remoteParticipantId, false);
		}

	}

	/** Media state of one peer connection, as reported by the SFU. */
	enum MediaState {

		/** ICE and DTLS are up (Janus {@code webrtcup}). */
		CONNECTED,
		/** Media is flowing (first packets received by the SFU). */
		RECEIVING,
		/** The SFU reports a slow or lossy link. */
		SLOW,
		/** The connection went down. */
		DISCONNECTED

	}

	/**
	 * What {@link SfuParticipant#snapshot()} returns changed (the participant joined, published, or
	 * a subscription came or went): whoever persists it for another node writes it again. Called on
	 * the adapter's thread, in order with the other events; never held for a socket.
	 */
	default void onSnapshotChanged() {
	}

}
