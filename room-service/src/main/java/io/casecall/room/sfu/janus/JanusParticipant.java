package io.casecall.room.sfu.janus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuUnavailableException;
import io.casecall.room.system.SerialExecutor;

/**
 * A participant in a VideoRoom: one Janus session with a publisher handle (the client's offer is
 * published through it) and one subscriber handle per feed of another participant (Janus offers,
 * the client answers), named {@code sub-<feed>}. Janus's messages for the session are handled on
 * the participant's {@link SerialExecutor}, in the order Janus sent them; subscribing happens there
 * too, so a feed's offer always reaches the listener before its {@code onClosed}.
 */
final class JanusParticipant implements SfuParticipant {

	private static final Logger log = LoggerFactory.getLogger(JanusParticipant.class);

	private final String instance;

	private final String room;

	private final String participantId;

	private final SfuListener listener;

	private final SerialExecutor events;

	private final Duration requestTimeout;

	/** Tells the gateway the participant no longer counts (closed or lost). */
	private final Consumer<JanusParticipant> onClose;

	private final JanusSession session;

	private final VideoRoomHandle publisher;

	/** Peer connection ids by Janus handle id (the {@code sender} of Janus's events). */
	private final Map<Long, String> connections = new ConcurrentHashMap<>();

	private final WebRtcEvents webrtc = new WebRtcEvents();

	private final FeedSubscriptions feeds;

	private volatile String publishing;

	private volatile SfuException lost;

	/** Keyframe requests: at most one round per {@link FeedSubscriptions#KEYFRAME_REQUEST_INTERVAL_NANOS}. */
	private final TrailingThrottle keyframes;

	private volatile boolean closed;

	/** Set once the constructor succeeded: only then does a loss reach the listener. */
	private boolean opened;

	/**
	 * Opens the participant's session and publisher handle; nothing joins yet. Either this throws
	 * or a later loss of the session reaches the listener, never both.
	 */
	JanusParticipant(JanusConnection connection, JanusProperties properties, JanusThreads threads, String room,
			String participantId, SfuListener listener, Consumer<JanusParticipant> onClose) {
		this(connection, properties, threads, room, participantId, listener, onClose, null);
	}

	/**
	 * Opens the participant's session, or with {@code restored} takes over the session another
	 * node left ({@link JanusSession#claim}): its publisher and subscriber handles as they were,
	 * joined and negotiated already. Either this throws or a later loss reaches the listener.
	 */
	JanusParticipant(JanusConnection connection, JanusProperties properties, JanusThreads threads, String room,
			String participantId, SfuListener listener, Consumer<JanusParticipant> onClose, JanusSnapshot restored) {
		this.instance = properties.instanceName();
		this.room = room;
		this.participantId = participantId;
		this.listener = listener;
		this.onClose = onClose;
		this.events = new SerialExecutor(threads.events());
		this.requestTimeout = properties.requestTimeout();
		Consumer<JsonNode> messages = (message) -> this.events.execute(() -> handle(message));
		this.session = (restored == null)
				? JanusSession.create(connection, threads.scheduler(), properties.keepaliveInterval(), messages,
						(cause) -> lost(cause, true))
				: JanusSession.claim(connection, restored.session(), threads.scheduler(),
						properties.keepaliveInterval(), messages, (cause) -> lost(cause, true));
		this.feeds = new FeedSubscriptions(this.session, room, participantId, listener, this.connections, this.webrtc,
				this.events, properties.dtlsClient(), threads.scheduler());
		this.keyframes = new TrailingThrottle(FeedSubscriptions.KEYFRAME_REQUEST_INTERVAL_NANOS, threads.scheduler(),
				System::nanoTime, this::askForKeyframes);
		if (restored != null) {
			this.publisher = VideoRoomHandle.of(this.session, restored.publisher());
			this.publishing = restored.publishing();
			if (this.publishing != null) {
				this.connections.put(this.publisher.id(), this.publishing);
			}
			this.feeds.restore(restored.feed(), restored.privateId(), restored.subscriptions());
		}
		else {
			try {
				this.publisher = VideoRoomHandle.attach(this.session);
			}
			catch (SfuException ex) {
				this.session.destroy();
				throw ex;
			}
		}
		synchronized (this) {
			if (this.lost != null) {
				throw new SfuUnavailableException("Lost the media session at once: " + this.lost.getMessage(),
						this.lost);
			}
			this.opened = true;
		}
	}

	@Override
	public String instance() {
		return this.instance;
	}

	@Override
	public boolean clientOffersMedia() {
		return true;
	}

	/**
	 * Joins as publisher, then waits (briefly) until the subscriptions to the feeds published
	 * already have been sent: Janus's VideoRoom handles one request after the other, so the
	 * offers the client needs to see the others come before the publish that usually follows.
	 */
	@Override
	public void start() {
		usable();
		JanusConnection.await(this.publisher.joinAsPublisher(this.room, this.participantId,
				(data) -> this.events.execute(() -> this.feeds.joined(data))));
		CompletableFuture<Void> subscribed = new CompletableFuture<>();
		this.events.execute(() -> subscribed.complete(null));
		try {
			subscribed.get(this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			log.debug("{} joined before its subscriptions were sent", this.participantId);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.events.execute(this.listener::onSnapshotChanged);
		log.debug("{} joined room {}", this.participantId, this.room);
	}

	/**
	 * A VideoRoom publisher that has not published is seen by nobody, and subscriptions only
	 * reach this participant: joining early changes nothing for the others.
	 */
	@Override
	public boolean startsBeforeJoin() {
		return true;
	}

	/** Janus reports {@code webrtcup} for every handle (relayed as {@code CONNECTED}). */
	@Override
	public boolean reportsMediaUp() {
		return true;
	}

	@Override
	public String offer(String pcId, String sdp) {
		usable();
		String current = this.publishing;
		if (current != null && !current.equals(pcId)) {
			throw new SfuException("Janus takes one publishing connection per participant (" + current + ")");
		}
		log.debug("Publish offer of {} for {}: {}", this.participantId, pcId, sdp);
		this.publishing = pcId;
		this.connections.put(this.publisher.id(), pcId);
		try {
			String answer = this.publisher.publish(sdp, current == null);
			if (current == null) {
				this.events.execute(this.listener::onSnapshotChanged);
			}
			log.debug("Publish answer for {} of {}: {}", pcId, this.participantId, answer);
			return answer;
		}
		catch (SfuException ex) {
			if (current == null) {
				this.publishing = null;
				this.connections.remove(this.publisher.id());
			}
			throw ex;
		}
	}

	@Override
	public void answer(String pcId, String sdp) {
		usable();
		log.debug("Answer of {} for {}: {}", this.participantId, pcId, sdp);
		if (!this.feeds.start(pcId, sdp)) {
			throw new SfuException("No connection " + pcId + " waits for an answer");
		}
	}

	/** Subscriptions are held per stream ({@code send:false}): the publisher handle is not touched. */
	@Override
	public boolean holdsMedia() {
		return true;
	}

	@Override
	public void hold() {
		usable();
		this.feeds.hold();
	}

	@Override
	public void resume() {
		usable();
		this.feeds.resume();
	}

	@Override
	public void candidate(String pcId, IceCandidate candidate) {
		usable();
		VideoRoomHandle handle = pcId.equals(this.publishing) ? this.publisher : this.feeds.handle(pcId);
		if (handle == null) {
			log.debug("Dropped a candidate of {} for {}: no such connection (any more)", this.participantId, pcId);
			return;
		}
		handle.trickle(candidate).whenComplete((ack, failure) -> {
			if (failure != null) {
				log.debug("Janus refused a candidate of {} for {}: {}", this.participantId, pcId, failure.getMessage());
			}
		});
	}

	/**
	 * Keyframes from the publishers of this participant's subscriptions ({@code send:true}) and, when
	 * it publishes, from its own browser ({@code keyframe:true}); at most one round per
	 * {@link FeedSubscriptions#KEYFRAME_REQUEST_INTERVAL_NANOS}, as often as a browser honours them.
	 * A request inside that interval is asked for at its end, not dropped: the page's last request
	 * (its video arrives but does not decode) may be the only one made after the path was back.
	 */
	@Override
	public void requestKeyframes() {
		usable();
		this.keyframes.request();
	}

	/** Janus asks the publishers itself (a PLI to each publishing browser). */
	@Override
	public boolean asksPublishersForKeyframes() {
		return true;
	}

	private void askForKeyframes() {
		if (this.closed || this.lost != null) {
			return;
		}
		this.feeds.requestKeyframes();
		if (this.publishing != null) {
			this.publisher.keyframe().whenComplete((reply, failure) -> {
				if (failure != null) {
					log.debug("Janus did not ask {} for a keyframe: {}", this.participantId, failure.getMessage());
				}
			});
		}
		log.debug("Keyframes asked for {}", this.participantId);
	}

	@Override
	public void restart(String pcId) {
		usable();
		if (pcId.equals(this.publishing)) {
			throw new SfuException("The client restarts " + pcId + " itself, with an offer");
		}
		if (!this.feeds.restart(pcId)) {
			throw new SfuException("No connection " + pcId + " to restart");
		}
		log.debug("ICE restart of {} of {}", pcId, this.participantId);
	}

	/** The publishing connection, or a subscription this participant has (or had) been offered. */
	@Override
	public boolean holds(String pcId) {
		return pcId.equals(this.publishing) || this.connections.containsValue(pcId);
	}

	@Override
	public boolean alive() {
		return !this.closed && this.lost == null;
	}

	/** Where Janus keeps sessions of a lost socket ({@code reclaim_session_timeout}), once joined. */
	@Override
	public String snapshot() {
		String feed = this.feeds.ownFeed();
		if (!alive() || feed == null || !this.session.connection().keepsSessions()) {
			return null;
		}
		return new JanusSnapshot(this.instance, this.session.id(), this.publisher.id(), this.publishing, feed,
				this.feeds.ownPrivateId(), this.feeds.snapshot())
			.write(this.session.connection().json());
	}

	/** Stops its keepalives and forgets the session; Janus keeps it for its reclaim timeout. */
	@Override
	public boolean handOff() {
		synchronized (this) {
			if (this.closed || this.lost != null || !this.session.connection().keepsSessions()) {
				return false;
			}
			this.closed = true;
		}
		this.keyframes.cancel();
		this.onClose.accept(this);
		this.session.abandon();
		log.debug("{} handed its session in room {} off", this.participantId, this.room);
		return true;
	}

	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.keyframes.cancel();
		this.onClose.accept(this);
		this.session.destroy();
		log.debug("{} left room {}", this.participantId, this.room);
	}

	/**
	 * The session is gone (the connection to Janus dropped, Janus forgot it, the room was
	 * destroyed): the listener hears {@code onLost} once, after the events before it, and every
	 * later call fails as unavailable.
	 * @param sessionGone whether Janus no longer has the session (otherwise it is destroyed)
	 */
	private void lost(SfuException cause, boolean sessionGone) {
		boolean tell;
		synchronized (this) {
			if (this.closed || this.lost != null) {
				return;
			}
			this.lost = cause;
			tell = this.opened;
		}
		if (!tell) {
			return;
		}
		this.onClose.accept(this);
		this.events.execute(() -> {
			if (sessionGone) {
				this.session.abandon();
			}
			else {
				this.session.destroy();
			}
			if (!this.closed) {
				this.listener.onLost(cause);
			}
		});
	}

	private void usable() {
		if (this.closed) {
			throw new SfuException("The media session of " + this.participantId + " is closed");
		}
		SfuException cause = this.lost;
		if (cause != null) {
			throw new SfuUnavailableException("The media session is lost: " + cause.getMessage(), cause);
		}
	}

	/** Runs on the serial executor: what Janus said about this session. */
	private void handle(JsonNode message) {
		if (this.closed || this.lost != null) {
			return;
		}
		String janus = message.path("janus").asString();
		long sender = message.path("sender").asLong(0);
		JsonNode data = VideoRoomHandle.data(message);
		if ("timeout".equals(janus)) {
			lost(new SfuUnavailableException("Janus timed the session out"), true);
		}
		else if ("event".equals(janus) && sender == this.publisher.id()
				&& "destroyed".equals(data.path("videoroom").asString())) {
			lost(new SfuException("The media room was destroyed"), false);
		}
		else if ("event".equals(janus) && sender == this.publisher.id()) {
			this.feeds.roomEvent(data);
		}
		else if ("event".equals(janus)) {
			this.feeds.subscriberEvent(message);
		}
		else {
			String pc = this.connections.get(sender);
			if (pc != null) {
				if ("webrtcup".equals(janus)) {
					this.feeds.connected(pc, System.nanoTime());
				}
				this.webrtc.deliver(pc, message, this.listener);
			}
		}
	}

}
