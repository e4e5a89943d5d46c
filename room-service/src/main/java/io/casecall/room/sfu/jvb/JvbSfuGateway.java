package io.casecall.room.sfu.jvb;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.sfu.SfuInstanceStatus;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;
import io.casecall.room.sfu.SfuUnavailableException;
import io.casecall.room.sfu.selection.BridgeSelectionStrategy;
import io.casecall.room.system.CaseCallException;

/**
 * {@link SfuGateway} on Jitsi Videobridge, driven over colibri2 without Jicofo: one conference
 * per call room (meeting id = room id) on a bridge chosen by the configured
 * {@link BridgeSelectionStrategy}, one endpoint per participant, and one server-built SDP offer
 * per participant that is re-offered whenever somebody's media comes or goes (see
 * {@link JvbParticipant}).
 */
class JvbSfuGateway implements SfuGateway, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(JvbSfuGateway.class);

	/** Participants of this node working at once (each waits for colibri at most its request timeout). */
	private static final int WORK_THREADS = 16;

	private static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	final JvbProperties properties;

	final ColibriClient colibri;

	final BridgeStates bridges;

	final JvbRoomStore store;

	final JvbRoomEvents events;

	final Refusals refusals;

	final Clock clock;

	/**
	 * Where participants do their work, each in turn ({@link JvbParticipant}'s serial executor):
	 * bounded, so a bridge that answers slowly ties up at most this many threads, and never the
	 * shared pub/sub thread that delivers every call's room events.
	 */
	final ExecutorService work = workPool();

	private final BridgeSelectionStrategy selection;

	/** This node's participants by room: the ones re-offered (or told of a loss) on a room event. */
	private final Map<String, Set<JvbParticipant>> local = new ConcurrentHashMap<>();

	JvbSfuGateway(JvbProperties properties, ColibriClient colibri, BridgeStates bridges, JvbRoomStore store,
			JvbRoomEvents events, Clock clock) {
		this.properties = properties;
		this.colibri = colibri;
		this.bridges = bridges;
		this.store = store;
		this.events = events;
		this.refusals = new Refusals(clock);
		this.clock = clock;
		this.selection = BridgeSelectionStrategy.named(properties.selection());
		if (this.selection.name().equals("single") && properties.bridges().size() > 1) {
			log.warn("Bridge selection 'single' uses only {}; the other {} configured bridges stay idle",
					properties.bridges().get(0).name(), properties.bridges().size() - 1);
		}
		properties.bridges()
			.stream()
			.filter((bridge) -> bridge.publicWsBase() == null)
			.forEach((bridge) -> log.warn("Bridge {} has no public-ws-base: pages get the bridge channel URL it "
					+ "advertises, whose origin must be in casecall.security.connect-sources, or the pages' CSP "
					+ "refuses the channel and no video reaches them", bridge.name()));
		events.onEvent(this::onEvent);
	}

	@Override
	public String type() {
		return "jvb";
	}

	@Override
	public SfuRoom allocate(String roomId, String instance) {
		requireRoomId(roomId);
		if (instance != null && this.properties.bridge(instance) != null) {
			return new SfuRoom(roomId, instance);
		}
		if (instance != null) {
			log.warn("Room {} was on bridge {}, which is no longer configured; choosing another", roomId, instance);
		}
		String bridge = chooseInstance();
		log.info("Room {} is on bridge {}", roomId, bridge);
		return new SfuRoom(roomId, bridge);
	}

	@Override
	public String chooseInstance() {
		return this.selection.select(this.bridges.candidates()).name();
	}

	@Override
	public SfuParticipant connect(SfuRoom room, String participantId, String displayName, SfuListener listener) {
		requireRoomId(room.roomId());
		return new JvbParticipant(this, room, bridge(room), participantId, listener);
	}

	/** {@inheritDoc} The page talks to the bridge directly: only the endpoint's driver changes. */
	@Override
	public SfuParticipant restore(SfuRoom room, String participantId, String snapshot, SfuListener listener) {
		requireRoomId(room.roomId());
		return JvbParticipant.restore(this, room, bridge(room), participantId, snapshot, listener);
	}

	/** Expires the endpoint another node left (its page rebuilt); the new one's record replaces its own. */
	@Override
	public void discard(SfuRoom room, String snapshot) {
		String[] parts = snapshot.split("\\|");
		JvbProperties.Bridge bridge = this.properties.bridge(parts[0]);
		if (parts.length == 3 && bridge != null) {
			expireQuietly(bridge, room.roomId(), parts[1]);
		}
	}

	@Override
	public void release(SfuRoom room) {
		this.refusals.forget(room.roomId());
		try {
			this.store.delete(room.roomId());
		}
		catch (CaseCallException ex) {
			log.warn("Could not delete the media state of room {}: {}", room.roomId(), ex.getMessage());
		}
		JvbProperties.Bridge bridge = this.properties.bridge(room.instance());
		if (bridge == null) {
			return;
		}
		try {
			this.colibri.expireConference(bridge, room.roomId());
			log.info("Room {} released on bridge {}", room.roomId(), bridge.name());
		}
		catch (ConferenceNotFoundException ex) {
			log.debug("Room {} had no conference on bridge {}", room.roomId(), bridge.name());
		}
		catch (SfuException ex) {
			log.warn("Bridge {} did not expire room {} (it expires idle conferences itself): {}", bridge.name(),
					room.roomId(), ex.getMessage());
		}
	}

	@Override
	public void close() {
		this.work.shutdownNow();
	}

	private static ExecutorService workPool() {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(WORK_THREADS, WORK_THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "jvb-participants-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	@Override
	public List<SfuInstanceStatus> status() {
		return this.bridges.statuses();
	}

	/**
	 * The origins of the bridges' {@code public-ws-base}: the pages open the bridge channel there.
	 * A bridge without one hands out the URL it advertises itself, which is only known per
	 * allocation: list that origin in {@code casecall.security.connect-sources}.
	 */
	@Override
	public List<String> browserOrigins() {
		return this.properties.bridges()
			.stream()
			.map(JvbProperties.Bridge::publicWsBase)
			.filter(Objects::nonNull)
			.map(JvbSfuGateway::origin)
			.distinct()
			.toList();
	}

	static String origin(URI uri) {
		return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
	}

	JvbProperties.Bridge bridge(SfuRoom room) {
		JvbProperties.Bridge bridge = this.properties.bridge(room.instance());
		if (bridge == null) {
			throw new SfuUnavailableException("Room " + room.roomId() + " is on bridge " + room.instance()
					+ ", which is not configured");
		}
		return bridge;
	}

	/**
	 * The bridge channel URL a browser opens: the advertised one, or with scheme, host and port
	 * (and a path prefix) replaced by the bridge's {@code public-ws-base}.
	 */
	static String publicWebSocket(JvbProperties.Bridge bridge, String advertised) {
		if (bridge.publicWsBase() == null) {
			return advertised;
		}
		URI url = URI.create(advertised);
		String base = bridge.publicWsBase().toString();
		base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		return base + url.getRawPath() + ((url.getRawQuery() != null) ? "?" + url.getRawQuery() : "");
	}

	void register(JvbParticipant participant) {
		this.local.computeIfAbsent(participant.roomId(), (room) -> ConcurrentHashMap.newKeySet()).add(participant);
	}

	void unregister(JvbParticipant participant) {
		this.local.computeIfPresent(participant.roomId(), (room, participants) -> {
			participants.remove(participant);
			return participants.isEmpty() ? null : participants;
		});
	}

	/**
	 * A participant's endpoint goes: its record, the endpoint on the bridge, and a re-offer of the
	 * others (on the participant's turn). A failure is logged: the bridge expires idle endpoints.
	 */
	void leave(JvbProperties.Bridge bridge, String roomId, String participantId, String endpoint) {
		try {
			long left = this.store.removeParticipant(roomId, participantId, endpoint);
			if (left < 0) {
				return;
			}
			try {
				this.colibri.expireEndpoint(bridge, roomId, endpoint);
			}
			catch (ConferenceNotFoundException ex) {
				log.debug("Endpoint {} left with its conference already gone", endpoint);
			}
			if (left > 0) {
				this.events.changed(roomId, participantId);
			}
			log.info("Participant {} left room {} (endpoint {})", participantId, roomId, endpoint);
		}
		catch (CaseCallException ex) {
			log.warn("Could not free endpoint {} of room {} (the bridge expires it when idle): {}", endpoint, roomId,
					ex.getMessage());
		}
	}

	/** Expires an endpoint nobody uses any more, if the bridge still has it. */
	void expireQuietly(JvbProperties.Bridge bridge, String roomId, String endpoint) {
		try {
			this.colibri.expireEndpoint(bridge, roomId, endpoint);
		}
		catch (SfuException ex) {
			log.debug("Could not expire endpoint {}: {}", endpoint, ex.getMessage());
		}
	}

	/** The bridge forgot the room's conference: drop the room's state and tell everyone in it. */
	void roomLost(String roomId, String origin) {
		log.warn("The bridge lost the conference of room {}; its participants must rejoin", roomId);
		try {
			this.store.delete(roomId);
		}
		catch (CaseCallException ex) {
			log.warn("Could not delete the media state of room {}: {}", roomId, ex.getMessage());
		}
		this.events.lost(roomId, origin);
	}

	/** A room event (on the shared pub/sub thread): only queues each local participant's work. */
	private void onEvent(JvbRoomEvents.Event event) {
		Set<JvbParticipant> participants = this.local.get(event.room());
		if (participants == null) {
			return;
		}
		for (JvbParticipant participant : List.copyOf(participants)) {
			try {
				if (JvbRoomEvents.Event.LOST.equals(event.kind())) {
					if (!participant.participantId().equals(event.origin())) {
						participant.lost(new SfuUnavailableException("The media server lost the call's session"));
					}
				}
				else {
					participant.reconcile();
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not update participant {} of room {} after a room change: {}",
						participant.participantId(), event.room(), ex.getMessage());
			}
		}
	}

	private static void requireRoomId(String roomId) {
		if (roomId == null || !ROOM_ID.matcher(roomId).matches()) {
			throw new IllegalArgumentException("Not a room id: " + roomId);
		}
	}

}
