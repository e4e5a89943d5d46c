package io.casecall.room.sfu.janus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.MediaStreamTrack;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;

/**
 * A browser and its signaling session in one: real {@link TestPeer}s, and an {@link SfuListener}
 * that reacts as the web client does (answers offers, adds candidates, closes connections). Every
 * call into the {@link SfuParticipant} runs on one thread, in order, as the signaling layer makes
 * them. What the listener heard is kept in {@link #events} as short strings.
 */
final class TestClient implements SfuListener, AutoCloseable {

	final String participantId;

	private final PeerConnectionFactory factory;

	private final ExecutorService signaling;

	private final Map<String, TestPeer> peers = new ConcurrentHashMap<>();

	/** {@code offer <pc> <remote participant>}, {@code <pc> <media state>}, {@code closed <pc>}, {@code lost}... */
	final List<String> events = new CopyOnWriteArrayList<>() {

		@Override
		public boolean add(String event) {
			TestClient.this.seen.putIfAbsent(event, System.nanoTime());
			return super.add(event);
		}

	};

	/** When each event was first heard ({@link System#nanoTime()}). */
	final Map<String, Long> seen = new ConcurrentHashMap<>();

	final List<SfuException> losses = new CopyOnWriteArrayList<>();

	private volatile SfuParticipant participant;

	TestClient(PeerConnectionFactory factory, String participantId) {
		this.factory = factory;
		this.participantId = participantId;
		this.signaling = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "signaling-" + participantId);
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Connects to the room and joins it. */
	TestClient join(SfuGateway gateway, SfuRoom room) {
		return join((listener) -> gateway.connect(room, this.participantId, "Name", listener));
	}

	/** Connects as {@code connect} does (e.g. through the room lifecycle) and joins. */
	TestClient join(java.util.function.Function<SfuListener, SfuParticipant> connect) {
		this.participant = onSignaling(() -> connect.apply(this));
		onSignaling(() -> {
			this.participant.start();
			return null;
		});
		return this;
	}

	/**
	 * Takes over its own session on another gateway (another node), keeping its peer connections,
	 * as a page that resumes: nothing is negotiated again.
	 */
	TestClient restore(SfuGateway gateway, SfuRoom room, String snapshot) {
		this.participant = onSignaling(() -> gateway.restore(room, this.participantId, snapshot, this));
		return this;
	}

	/** Connects to the room with its media held (a customer looking at the preview) and joins it. */
	TestClient joinHeld(SfuGateway gateway, SfuRoom room) {
		this.participant = onSignaling(() -> gateway.connect(room, this.participantId, "Name", this));
		onSignaling(() -> {
			this.participant.hold();
			this.participant.start();
			return null;
		});
		return this;
	}

	/** The participant consents: held media flows. */
	void resume() {
		onSignaling(() -> {
			this.participant.resume();
			return null;
		});
	}

	/**
	 * Offers to publish {@code tracks} on connection {@code pub}; returns Janus's answer once applied.
	 * As in the browser, the offer goes out before any of the candidates its gathering finds.
	 */
	String publish(MediaStreamTrack... tracks) {
		return onSignaling(() -> {
			TestPeer peer = new TestPeer(this.factory, (candidate) -> trickle("pub", candidate));
			this.peers.put("pub", peer);
			for (MediaStreamTrack track : tracks) {
				peer.send(track);
			}
			String offer = peer.createOffer();
			this.seen.put("publish-offer", System.nanoTime());
			String answer = this.participant.offer("pub", offer);
			this.seen.put("publish-answer", System.nanoTime());
			peer.acceptAnswer(answer);
			return answer;
		});
	}

	/** Closes a peer connection as the browser would (the SFU notices through DTLS and ICE). */
	void closePeer(String pc) {
		onSignaling(() -> {
			this.peers.remove(pc).close();
			return null;
		});
	}

	SfuParticipant participant() {
		return this.participant;
	}

	TestPeer peer(String pc) {
		return this.peers.get(pc);
	}

	/** Runs a call on the signaling thread and waits for it; its exception is rethrown as is. */
	<T> T onSignaling(Callable<T> call) {
		Future<T> result = this.signaling.submit(call);
		try {
			return result.get(15, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void onOffer(String pcId, String sdp, OfferHints hints) {
		this.events.add("offer " + pcId + " " + hints.remoteParticipantId());
		this.signaling.execute(() -> {
			try {
				TestPeer peer = this.peers.computeIfAbsent(pcId,
						(pc) -> new TestPeer(this.factory, (candidate) -> trickle(pc, candidate)));
				this.participant.answer(pcId, peer.answer(sdp));
				this.events.add("answered " + pcId);
			}
			catch (RuntimeException ex) {
				this.events.add("error " + pcId + " " + ex.getMessage());
			}
		});
	}

	@Override
	public void onCandidate(String pcId, IceCandidate candidate) {
		this.signaling.execute(() -> {
			TestPeer peer = this.peers.get(pcId);
			if (peer != null) {
				peer.addRemoteCandidate(candidate);
			}
		});
		if (candidate.end()) {
			this.events.add("end-of-candidates " + pcId);
		}
	}

	@Override
	public void onMediaState(String pcId, MediaState state) {
		this.events.add(pcId + " " + state);
	}

	@Override
	public void onClosed(String pcId) {
		this.events.add("closed " + pcId);
		this.signaling.execute(() -> {
			TestPeer peer = this.peers.remove(pcId);
			if (peer != null) {
				peer.close();
			}
		});
	}

	@Override
	public void onSideChannel(String url, List<String> onOpen, List<String> onJoin) {
		this.events.add("side-channel");
	}

	@Override
	public void onLost(SfuException cause) {
		this.losses.add(cause);
		this.events.add("lost");
	}

	@Override
	public void close() {
		if (this.signaling.isShutdown()) {
			return;
		}
		if (this.participant != null) {
			onSignaling(() -> {
				this.participant.close();
				return null;
			});
		}
		onSignaling(() -> {
			this.peers.values().forEach(TestPeer::close);
			this.peers.clear();
			return null;
		});
		this.signaling.shutdown();
	}

	private void trickle(String pc, IceCandidate candidate) {
		this.signaling.execute(() -> {
			try {
				this.participant.candidate(pc, candidate);
			}
			catch (SfuException ex) {
				this.events.add("error " + pc + " " + ex.getMessage());
			}
		});
	}

}
