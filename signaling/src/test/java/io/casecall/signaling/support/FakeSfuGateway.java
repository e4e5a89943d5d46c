package io.casecall.signaling.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.sfu.SfuInstanceStatus;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRequestTimers;
import io.casecall.room.sfu.SfuRoom;
import io.casecall.room.sfu.SfuUnavailableException;

/**
 * An in-memory SFU for tests of the signaling layer alone (protocol, errors, API): it answers
 * offers with a syntactically valid SDP and records what it was asked. By default it plays Janus
 * (the client offers its media); with {@link #serverOffers} it plays Jitsi Videobridge (the
 * participant starts at the pre-warm, hands out a side channel and offers first, the client
 * answers); with {@link #holds} it plays Janus holding a pre-connected participant's media. A test
 * can also play any SFU event ({@link #play}), a side channel
 * ({@link #sideChannel}) and a lost session ({@link #lose}). Media tests use the real Janus instead. Like the real adapters it times every request as
 * {@code casecall.sfu.request{sfu=fake, operation, outcome=ok}} when it has a meter registry, so
 * the metrics an app exports with the fake have the same names as with a real SFU.
 */
public class FakeSfuGateway implements SfuGateway {

	public static final String ANSWER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
			+ "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=recvonly\r\n";

	public final Map<String, SfuRoom> rooms = new ConcurrentHashMap<>();

	public final List<String> requests = new CopyOnWriteArrayList<>();

	/** When set, every participant's start fails with it (an SFU refusing or unreachable). */
	public volatile RuntimeException startFailure;

	/** The side channel a server-offering participant hands out when it starts. */
	public static final String SIDE_CHANNEL = "wss://bridge.test/colibri-ws/default-id/conference/endpoint?pwd=secret";

	/** The offer a server-offering participant makes when it starts (peer connection {@value #SERVER_PC}). */
	public static final String SERVER_OFFER = "v=0\r\no=- 2 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
			+ "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=sendrecv\r\n";

	public static final String SERVER_PC = "srv";

	/**
	 * When set, participants behave like Jitsi Videobridge's: {@code clientOffersMedia} is false,
	 * they start before the join (at the pre-warm), and starting sends a side channel, then an
	 * offer of {@value #SERVER_PC} that carries the participant's own media.
	 */
	public volatile boolean serverOffers;

	/**
	 * When set (and not {@link #serverOffers}), participants play Janus's hold for a pre-connection:
	 * they start at the pre-warm, {@code holdsMedia} is true, and {@code hold}/{@code resume} are
	 * recorded as {@code hold <participant>}, {@code resume <participant>}.
	 */
	public volatile boolean holds;

	/** Instances this node does not reach ({@link #available} says no); its rooms are on {@code fake-1}. */
	public final Set<String> unreachable = ConcurrentHashMap.newKeySet();

	/** Origins of a side channel the pages would open (as a Jitsi Videobridge's colibri WebSocket). */
	public volatile List<String> browserOrigins = List.of();

	/** Each connected participant's listener, so a test can play the SFU's events. */
	/** The listeners of each participant's open sessions, oldest first (a reload opens a second). */
	private final Map<String, List<SfuListener>> listeners = new ConcurrentHashMap<>();

	private final SfuRequestTimers timers;

	public FakeSfuGateway() {
		this(null);
	}

	public FakeSfuGateway(MeterRegistry meters) {
		this.timers = (meters != null) ? new SfuRequestTimers(meters, "fake") : null;
	}

	@Override
	public String type() {
		return "fake";
	}

	@Override
	public List<String> browserOrigins() {
		return this.browserOrigins;
	}

	@Override
	public boolean available(String instance) {
		return !this.unreachable.contains(instance);
	}

	@Override
	public String chooseInstance() {
		return "fake-1";
	}

	@Override
	public SfuRoom allocate(String roomId, String instance) {
		this.requests.add("allocate " + roomId);
		return timed("allocate", () -> this.rooms.computeIfAbsent(roomId, (id) -> new SfuRoom(id, "fake-1")));
	}

	@Override
	public SfuParticipant connect(SfuRoom room, String participantId, String displayName, SfuListener listener) {
		this.requests.add("connect " + participantId);
		timed("connect", () -> participantId);
		this.listeners.computeIfAbsent(participantId, (id) -> new CopyOnWriteArrayList<>()).add(listener);
		return new SfuParticipant() {

			/** Whether this participant plays Jitsi Videobridge (fixed when it connected). */
			private final boolean jvb = FakeSfuGateway.this.serverOffers;

			/** The peer connections negotiated (offered by either side). */
			private final List<String> pcs = new CopyOnWriteArrayList<>();

			private volatile boolean closed;

			@Override
			public boolean holds(String pcId) {
				return this.pcs.contains(pcId);
			}

			@Override
			public String instance() {
				return room.instance();
			}

			@Override
			public boolean alive() {
				return !this.closed;
			}

			@Override
			public boolean clientOffersMedia() {
				return !this.jvb;
			}

			@Override
			public boolean startsBeforeJoin() {
				return this.jvb || this.holding;
			}

			@Override
			public boolean reportsMediaUp() {
				return true; // a test plays the media-up event with mediaState(...)
			}

			@Override
			public void start() {
				FakeSfuGateway.this.requests.add("start " + participantId);
				RuntimeException failure = FakeSfuGateway.this.startFailure;
				if (failure != null) {
					throw failure;
				}
				if (this.jvb) {
					listener.onSideChannel(SIDE_CHANNEL, List.of("{\"colibriClass\":\"ReceiverVideoConstraints\"}"),
							List.of("{\"colibriClass\":\"ReceiverVideoConstraints\",\"lastN\":-1}"));
					this.pcs.add(SERVER_PC);
					listener.onOffer(SERVER_PC, SERVER_OFFER, new SfuListener.OfferHints(true, null, true));
				}
			}

			/** Whether this participant holds media for a pre-connection (fixed when it connected). */
			private final boolean holding = FakeSfuGateway.this.holds && !this.jvb;

			@Override
			public boolean holdsMedia() {
				return this.holding;
			}

			@Override
			public void hold() {
				FakeSfuGateway.this.requests.add("hold " + participantId);
			}

			@Override
			public void resume() {
				FakeSfuGateway.this.requests.add("resume " + participantId);
			}

			@Override
			public String offer(String pcId, String sdp) {
				if (this.jvb) {
					throw new SfuException("This SFU offers itself; the client answers");
				}
				FakeSfuGateway.this.requests.add("offer " + participantId + " " + pcId);
				this.pcs.add(pcId);
				return timed("offer", () -> ANSWER);
			}

			@Override
			public void answer(String pcId, String sdp) {
				FakeSfuGateway.this.requests.add("answer " + participantId + " " + pcId);
			}

			@Override
			public void candidate(String pcId, IceCandidate candidate) {
				FakeSfuGateway.this.requests.add("candidate " + participantId + " " + pcId);
			}

			@Override
			public void requestKeyframes() {
				FakeSfuGateway.this.requests.add("keyframes " + participantId);
			}

			/** Janus asks the publishers itself; Jitsi Videobridge cannot be asked to. */
			@Override
			public boolean asksPublishersForKeyframes() {
				return !this.jvb;
			}

			@Override
			public void close() {
				FakeSfuGateway.this.requests.add("close " + participantId);
				this.closed = true;
				List<SfuListener> open = FakeSfuGateway.this.listeners.get(participantId);
				if (open != null) {
					open.remove(listener);
				}
			}

		};
	}

	@Override
	public void release(SfuRoom room) {
		this.requests.add("release " + room.roomId());
		timed("release", () -> this.rooms.remove(room.roomId()));
	}

	/** Plays the SFU reporting a media state of a participant's peer connection (Janus: webrtcup). */
	public void mediaState(String participantId, String pcId, SfuListener.MediaState state) {
		play(participantId, (listener) -> listener.onMediaState(pcId, state));
	}

	/** Plays the SFU handing a participant a side channel to open. */
	public void sideChannel(String participantId, String url, List<String> onOpen) {
		play(participantId, (listener) -> listener.onSideChannel(url, onOpen, List.of()));
	}

	/** Plays the SFU losing a participant's session (restarted, forgot the room). */
	public void lose(String participantId) {
		play(participantId,
				(listener) -> listener.onLost(new SfuUnavailableException("The media server lost the session")));
	}

	/** Plays what the SFU tells a connected participant (an offer, a side channel, ...). */
	public void play(String participantId, Consumer<SfuListener> event) {
		List<SfuListener> open = this.listeners.getOrDefault(participantId, List.of());
		SfuListener listener = open.isEmpty() ? null : open.get(open.size() - 1);
		if (listener == null) {
			throw new IllegalStateException("No participant " + participantId + " connected");
		}
		event.accept(listener);
	}

	private <T> T timed(String operation, Supplier<T> request) {
		if (this.timers == null) {
			return request.get();
		}
		return this.timers.timer(operation, SfuRequestTimers.OK).record(request);
	}

	@Override
	public List<SfuInstanceStatus> status() {
		return List.of(new SfuInstanceStatus("fake-1", true, this.rooms.size(), "in memory"));
	}

}
