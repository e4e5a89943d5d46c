package io.casecall.signaling.ws;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuListener;
import io.casecall.signaling.metrics.CallMetrics;

/**
 * Relays what the SFU says about one participant to that participant's socket (through its
 * {@link SocketWriter}; it calls nothing else of the session). Until the participant has joined
 * (the SFU may start early, during pre-warm) messages are held and go out, in order, right after
 * {@code joined} (or, for a page that pre-connects, as soon as the SFU holds its media: see
 * {@link PreparedMedia#preconnect()}); a {@code side-channel} goes out at once, so that the client opens it while the
 * customer still looks at the preview (it shows nobody anything). It also keeps which peer
 * connections carry the participant's own media (the one place they are kept), to tag the
 * media-up metric.
 */
final class SessionMediaListener implements SfuListener {

	private List<ServerMessage> held = new ArrayList<>();

	private final SocketWriter writer;

	private final JoinWitness witness;

	private final MessageCodec codec;

	private final CallMetrics metrics;

	private final String sfu;

	private final Set<String> connected = ConcurrentHashMap.newKeySet();

	/** Peer connections the client was offered and not told closed (only needed before the join). */
	private final Set<String> offered = ConcurrentHashMap.newKeySet();

	/** Peer connections that carry this participant's own media. */
	private final Set<String> publishing = ConcurrentHashMap.newKeySet();

	SessionMediaListener(SocketWriter writer, JoinWitness witness, MessageCodec codec, CallMetrics metrics,
			String sfu) {
		this.writer = writer;
		this.witness = witness;
		this.codec = codec;
		this.metrics = metrics;
		this.sfu = sfu;
	}

	/** The client offers its own media on {@code pcId}. */
	void clientPublishes(String pcId) {
		this.publishing.add(pcId);
	}

	/**
	 * The connections of a resumed session were up before this socket: a later {@code CONNECTED}
	 * of theirs (an ICE restart) is no media-up of this join.
	 */
	void connectedBefore(List<String> pcIds) {
		this.connected.addAll(pcIds);
	}

	/** The client has joined: what was held goes out now, everything later at once. */
	void release() {
		synchronized (this) {
			List<ServerMessage> messages = this.held;
			this.held = null;
			if (messages != null) {
				messages.forEach(this.writer::send);
			}
		}
	}

	/** What the SFU said before the join is dropped (its participant was given back unjoined). */
	void discardHeld() {
		synchronized (this) {
			if (this.held != null) {
				this.held.clear();
			}
		}
	}

	/**
	 * A pre-connected participant was given back before its join: the client closes the
	 * connections it was offered and the one it published on, and what a later participant says is held until {@code joined}
	 * again; the media-up seen before is forgotten.
	 */
	void holdAgain() {
		List<String> closing;
		synchronized (this) {
			if (this.held != null) {
				this.held.clear();
				return;
			}
			this.held = new ArrayList<>();
			// the offered connections, and a publishing one the client offered before the join
			Set<String> pcs = new LinkedHashSet<>(this.offered);
			pcs.addAll(this.publishing);
			closing = List.copyOf(pcs);
			this.offered.clear();
			this.publishing.clear();
			this.connected.clear();
		}
		this.witness.forgetEarlyMediaUp();
		closing.forEach((pc) -> this.writer.send(new ServerMessage.PcClosed(pc)));
	}

	private void send(ServerMessage message) {
		synchronized (this) {
			if (this.held != null) {
				this.held.add(message);
				return;
			}
		}
		this.writer.send(message);
	}

	@Override
	public void onOffer(String pcId, String sdp, OfferHints hints) {
		if (hints.attachLocalMedia()) {
			this.publishing.add(pcId);
		}
		this.offered.add(pcId);
		send(new ServerMessage.Offer(pcId, sdp, hints.attachLocalMedia(), hints.remoteParticipantId(),
				hints.sfuStartsDtls() ? "passive" : null));
	}

	@Override
	public void onCandidate(String pcId, IceCandidate candidate) {
		send(new ServerMessage.Candidate(pcId, candidate.end() ? null : candidate));
	}

	@Override
	public void onMediaState(String pcId, MediaState state) {
		long joinStarted = this.witness.joinNanos();
		if (state == MediaState.CONNECTED && this.connected.add(pcId)) {
			long now = System.nanoTime();
			this.witness.mediaUp(now);
			if (joinStarted != 0) {
				// (a pre-connected connection, up before the join, is no join's media-up time)
				this.metrics.mediaUp(this.sfu, this.publishing.contains(pcId) ? "publish" : "subscribe",
						now - joinStarted);
			}
		}
		send(new ServerMessage.MediaState(pcId, state.name().toLowerCase(Locale.ROOT)));
	}

	@Override
	public void onClosed(String pcId) {
		this.offered.remove(pcId);
		send(new ServerMessage.PcClosed(pcId));
	}

	@Override
	public void onSideChannel(String url, List<String> onOpen, List<String> onJoin) {
		// Not held: Jitsi Videobridge forwards no video to an endpoint before its receiver
		// constraints arrive on this channel, and opening it after the click cost the first frame.
		// Nothing flows before the click: the greeting holds media, onJoin releases it.
		this.writer.send(new ServerMessage.SideChannel(url, this.codec.rawObjects(onOpen), this.codec.rawObjects(onJoin)));
	}

	@Override
	public void onLost(SfuException cause) {
		// not held: a socket whose media session is gone cannot go on, joined or not
		this.writer.error(new ProtocolException("sfu_unavailable",
				"The media service lost this call; rejoin in a moment", CloseCodes.UNAVAILABLE), null);
	}

}
