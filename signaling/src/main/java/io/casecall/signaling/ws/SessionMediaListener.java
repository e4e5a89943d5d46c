package io.casecall.signaling.ws;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuListener;
import io.casecall.signaling.metrics.CallMetrics;

/** Relays what the SFU says about one participant to that participant's socket. */
final class SessionMediaListener implements SfuListener {

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

	@Override
	public void onOffer(String pcId, String sdp, OfferHints hints) {
		if (hints.attachLocalMedia()) {
			this.session.publishing(pcId);
		}
		this.session.send(new ServerMessage.Offer(pcId, sdp, hints.attachLocalMedia(), hints.remoteParticipantId(),
				hints.sfuStartsDtls() ? "passive" : null));
	}

	@Override
	public void onCandidate(String pcId, IceCandidate candidate) {
		this.session.send(new ServerMessage.Candidate(pcId, candidate.end() ? null : candidate));
	}

	@Override
	public void onMediaState(String pcId, MediaState state) {
		long joinStarted = this.session.joinStartedNanos();
		if (state == MediaState.CONNECTED && joinStarted != 0 && this.connected.add(pcId)) {
			this.metrics.mediaUp(this.sfu, this.session.publishes(pcId) ? "publish" : "subscribe",
					System.nanoTime() - joinStarted);
		}
		this.session.send(new ServerMessage.MediaState(pcId, state.name().toLowerCase(Locale.ROOT)));
	}

	@Override
	public void onClosed(String pcId) {
		this.session.send(new ServerMessage.PcClosed(pcId));
	}

	@Override
	public void onSideChannel(String url, List<String> onOpen) {
		this.session.send(new ServerMessage.SideChannel(url, this.codec.rawObjects(onOpen)));
	}

	@Override
	public void onLost(SfuException cause) {
		this.session.refuse(new ProtocolException("sfu_unavailable",
				"The media service lost this call; rejoin in a moment", CloseCodes.UNAVAILABLE), null);
	}

}
