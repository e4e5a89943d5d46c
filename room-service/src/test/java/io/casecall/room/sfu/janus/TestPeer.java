package io.casecall.room.sfu.janus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;

import io.casecall.room.sfu.IceCandidate;

/**
 * A real WebRTC peer connection (libwebrtc through webrtc-java), standing in for a browser's:
 * it offers or answers, trickles its candidates to {@code onLocalCandidate} (ending with
 * {@link IceCandidate#endOfCandidates()}), queues remote candidates until the remote description
 * is set, and counts decoded video frames of what it receives.
 */
final class TestPeer implements PeerConnectionObserver, AutoCloseable {

	private static final long TIMEOUT_SECONDS = 5;

	private final RTCPeerConnection connection;

	private final Consumer<IceCandidate> onLocalCandidate;

	private final List<RTCIceCandidate> early = new ArrayList<>();

	private boolean remoteSet;

	/** Completes when the connection (ICE and DTLS) is up. */
	final CompletableFuture<Long> connected = new CompletableFuture<>();

	/** Completes with {@link System#nanoTime()} of the first decoded video frame. */
	final CompletableFuture<Long> firstFrame = new CompletableFuture<>();

	final AtomicInteger frames = new AtomicInteger();

	volatile int frameWidth;

	TestPeer(PeerConnectionFactory factory, Consumer<IceCandidate> onLocalCandidate) {
		this.onLocalCandidate = onLocalCandidate;
		this.connection = factory.createPeerConnection(new RTCConfiguration(), this);
	}

	/**
	 * RTP packets received so far, every kind ({@code inbound-rtp} {@code packetsReceived} of
	 * getStats; libwebrtc may answer from a report cached for a few tens of milliseconds).
	 */
	long packetsReceived() {
		CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
		this.connection.getStats(report::complete);
		return get(report).getStats()
			.values()
			.stream()
			.filter((stats) -> stats.getType() == RTCStatsType.INBOUND_RTP)
			.mapToLong((stats) -> ((Number) stats.getAttributes().getOrDefault("packetsReceived", 0L)).longValue())
			.sum();
	}

	/** Sends this track (and receives nothing). */
	void send(MediaStreamTrack track) {
		this.connection.addTrack(track, List.of("casecall"));
	}

	String createOffer() {
		CompletableFuture<RTCSessionDescription> offer = new CompletableFuture<>();
		this.connection.createOffer(new RTCOfferOptions(), created(offer));
		return setLocal(get(offer));
	}

	void acceptAnswer(String sdp) {
		setRemote(new RTCSessionDescription(RTCSdpType.ANSWER, sdp));
	}

	/** Takes a remote offer and returns the answer to it. */
	String answer(String offerSdp) {
		setRemote(new RTCSessionDescription(RTCSdpType.OFFER, offerSdp));
		CompletableFuture<RTCSessionDescription> answer = new CompletableFuture<>();
		this.connection.createAnswer(new RTCAnswerOptions(), created(answer));
		return setLocal(get(answer));
	}

	void addRemoteCandidate(IceCandidate candidate) {
		if (candidate.end()) {
			return;
		}
		RTCIceCandidate c = new RTCIceCandidate(candidate.sdpMid(),
				(candidate.sdpMLineIndex() != null) ? candidate.sdpMLineIndex() : 0, candidate.candidate());
		synchronized (this.early) {
			if (!this.remoteSet) {
				this.early.add(c);
				return;
			}
		}
		this.connection.addIceCandidate(c);
	}

	@Override
	public void onIceCandidate(RTCIceCandidate candidate) {
		this.onLocalCandidate.accept(new IceCandidate(candidate.sdp, candidate.sdpMid, candidate.sdpMLineIndex));
	}

	@Override
	public void onIceGatheringChange(RTCIceGatheringState state) {
		if (state == RTCIceGatheringState.COMPLETE) {
			this.onLocalCandidate.accept(IceCandidate.endOfCandidates());
		}
	}

	@Override
	public void onConnectionChange(RTCPeerConnectionState state) {
		if (state == RTCPeerConnectionState.CONNECTED) {
			this.connected.complete(System.nanoTime());
		}
	}

	@Override
	public void onTrack(RTCRtpTransceiver transceiver) {
		if (transceiver.getReceiver().getTrack() instanceof VideoTrack video) {
			video.addSink((frame) -> {
				this.frameWidth = frame.buffer.getWidth();
				this.frames.incrementAndGet();
				this.firstFrame.complete(System.nanoTime());
			});
		}
	}

	@Override
	public void close() {
		this.connection.close();
	}

	private String setLocal(RTCSessionDescription description) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.connection.setLocalDescription(description, set(done));
		get(done);
		return description.sdp;
	}

	private void setRemote(RTCSessionDescription description) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.connection.setRemoteDescription(description, set(done));
		get(done);
		List<RTCIceCandidate> queued;
		synchronized (this.early) {
			this.remoteSet = true;
			queued = new ArrayList<>(this.early);
			this.early.clear();
		}
		queued.forEach(this.connection::addIceCandidate);
	}

	private static CreateSessionDescriptionObserver created(CompletableFuture<RTCSessionDescription> result) {
		return new CreateSessionDescriptionObserver() {

			@Override
			public void onSuccess(RTCSessionDescription description) {
				result.complete(description);
			}

			@Override
			public void onFailure(String error) {
				result.completeExceptionally(new IllegalStateException(error));
			}

		};
	}

	private static SetSessionDescriptionObserver set(CompletableFuture<Void> result) {
		return new SetSessionDescriptionObserver() {

			@Override
			public void onSuccess() {
				result.complete(null);
			}

			@Override
			public void onFailure(String error) {
				result.completeExceptionally(new IllegalStateException(error));
			}

		};
	}

	private static <T> T get(CompletableFuture<T> future) {
		try {
			return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("WebRTC operation failed", ex);
		}
	}

}
