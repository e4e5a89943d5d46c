package io.casecall.signaling.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuListener;
import io.casecall.signaling.metrics.CallMetrics;

/**
 * Relays what the SFU says about one participant to that participant's socket. Until the
 * participant has joined (the SFU may start early, during pre-warm) messages are held and go
 * out, in order, right after {@code joined}; a {@code side-channel} goes out at once, so that the
 * client opens it while the customer still looks at the preview (it shows nobody anything).
 */
final class SessionMediaListener implements SfuListener {

	private List<ServerMessage> held = new ArrayList<>();

	private final ParticipantSession session;

	private final MessageCodec codec;

	private final CallMetrics metrics;

	private final String sfu;

	private final Set<String> connected = ConcurrentHashMap.newKeySet();

	SessionMediaListener(ParticipantSession session, MessageCodec codec, CallMetrics metrics, String sfu) {
		this.session = session;
		this.codec = codec;
		this.metrics = metrics;
		this.sfu = sfu;
	}

	/** The client has joined: what was held goes out now, everything later at once. */
	void release() {
		List<ServerMessage> messages;
		synchronized (this) {
			messages = this.held;
			this.held = null;
			messages.forEach(this.session::send);
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

	private void send(ServerMessage message) {
		synchronized (this) {
			if (this.held != null) {
				this.held.add(message);
				return;
			}
		}
		this.session.send(message);
	}

	@Override
	public void onOffer(String pcId, String sdp, OfferHints hints) {
		if (hints.attachLocalMedia()) {
			this.session.publishing(pcId);
		}
		send(new ServerMessage.Offer(pcId, sdp, hints.attachLocalMedia(), hints.remoteParticipantId(),
				hints.sfuStartsDtls() ? "passive" : null));
	}

	@Override
	public void onCandidate(String pcId, IceCandidate candidate) {
		send(new ServerMessage.Candidate(pcId, candidate.end() ? null : candidate));
	}

	@Override
	public void onMediaState(String pcId, MediaState state) {
		long joinStarted = this.session.joinStartedNanos();
		if (state == MediaState.CONNECTED && joinStarted != 0 && this.connected.add(pcId)) {
			long now = System.nanoTime();
			this.session.mediaUp(now);
			this.metrics.mediaUp(this.sfu, this.session.publishes(pcId) ? "publish" : "subscribe", now - joinStarted);
		}
		send(new ServerMessage.MediaState(pcId, state.name().toLowerCase(Locale.ROOT)));
	}

	@Override
	public void onClosed(String pcId) {
		send(new ServerMessage.PcClosed(pcId));
	}

	@Override
	public void onSideChannel(String url, List<String> onOpen) {
		// Not held: Jitsi Videobridge forwards no video to an endpoint before its receiver
		// constraints arrive on this channel, and opening it after the click cost the first frame.
		this.session.send(new ServerMessage.SideChannel(url, this.codec.rawObjects(onOpen)));
	}

	@Override
	public void onLost(SfuException cause) {
		// not held: a socket whose media session is gone cannot go on, joined or not
		this.session.refuse(new ProtocolException("sfu_unavailable",
				"The media service lost this call; rejoin in a moment", CloseCodes.UNAVAILABLE), null);
	}

}
