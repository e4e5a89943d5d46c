package io.casecall.room.sfu.janus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuListener.OfferHints;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuUnavailableException;

/**
 * A participant in a VideoRoom: one Janus session with a publisher handle (the client's offer is
 * published through it) and one subscriber handle per feed of another participant (Janus offers,
 * the client answers), named {@code sub-<feed>}. Janus's messages for the session are handled on
 * the participant's {@link SerialExecutor}, in the order Janus sent them; subscribing happens there
 * too, so a feed's offer always reaches the listener before its {@code onClosed}.
 */
final class JanusParticipant implements SfuParticipant {

	private static final Logger log = LoggerFactory.getLogger(JanusParticipant.class);

	private final String room;

	private final String participantId;

	private final SfuListener listener;

	private final SerialExecutor events;

	private final Consumer<JanusParticipant> onClose;

	private final JanusSession session;

	private final VideoRoomHandle publisher;

	/** Peer connection ids by Janus handle id (the {@code sender} of Janus's events). */
	private final Map<Long, String> connections = new ConcurrentHashMap<>();

	private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

	private final WebRtcEvents webrtc = new WebRtcEvents();

	private volatile String publishing;

	private volatile Joined joined;

	private volatile SfuException lost;

	private volatile boolean closed;

	/** Opens the participant's session and publisher handle; nothing joins yet. */
	JanusParticipant(JanusConnection connection, JanusProperties properties, JanusThreads threads, String room,
			String participantId, SfuListener listener, Consumer<JanusParticipant> onClose) {
		this.room = room;
		this.participantId = participantId;
		this.listener = listener;
		this.onClose = onClose;
		this.events = new SerialExecutor(threads.events());
		this.session = JanusSession.create(connection, threads.scheduler(), properties.keepaliveInterval(),
				(message) -> this.events.execute(() -> handle(message)), (cause) -> lost(cause, true));
		try {
			this.publisher = VideoRoomHandle.attach(this.session);
		}
		catch (SfuException ex) {
			this.session.destroy();
			throw ex;
		}
	}

	@Override
	public boolean clientOffersMedia() {
		return true;
	}

	@Override
	public void start() {
		usable();
		JanusConnection.await(this.publisher.joinAsPublisher(this.room, this.participantId,
				(data) -> this.events.execute(() -> joined(data))));
		log.debug("{} joined room {}", this.participantId, this.room);
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
		Subscription subscription = this.subscriptions.get(pcId);
		if (subscription == null) {
			throw new SfuException("No connection " + pcId + " waits for an answer");
		}
		log.debug("Answer of {} for {}: {}", this.participantId, pcId, sdp);
		subscription.handle().start(sdp);
	}

	@Override
	public void candidate(String pcId, IceCandidate candidate) {
		usable();
		Subscription subscription = this.subscriptions.get(pcId);
		VideoRoomHandle handle = pcId.equals(this.publishing) ? this.publisher
				: (subscription != null) ? subscription.handle() : null;
		if (handle == null) {
			log.debug("Dropped a candidate of {} for {}: no such connection (any more)", this.participantId, pcId);
			return;
		}
		handle.trickle(candidate);
	}

	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.onClose.accept(this);
		this.session.destroy();
		log.debug("{} left room {}", this.participantId, this.room);
	}

	/**
	 * The session is gone (the connection to Janus dropped, Janus forgot it, the room was
	 * destroyed): the listener hears {@code onLost} once, after the events before it.
	 * @param sessionGone whether Janus no longer has the session (otherwise it is destroyed)
	 */
	void lost(SfuException cause, boolean sessionGone) {
		synchronized (this) {
			if (this.closed || this.lost != null) {
				return;
			}
			this.lost = cause;
		}
		this.events.execute(() -> {
			if (sessionGone) {
				this.session.abandon();
			}
			else {
				this.session.destroy();
			}
			if (!this.closed) {
				notify(() -> this.listener.onLost(cause));
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
		if ("timeout".equals(janus)) {
			lost(new SfuUnavailableException("Janus timed the session out"), true);
		}
		else if ("event".equals(janus) && sender == this.publisher.id()) {
			roomEvent(VideoRoomHandle.data(message));
		}
		else if ("event".equals(janus)) {
			subscriberEvent(message);
		}
		else {
			String pc = this.connections.get(sender);
			if (pc != null) {
				notify(() -> this.webrtc.deliver(pc, message, this.listener));
			}
		}
	}

	private void joined(JsonNode data) {
		this.joined = new Joined(data.path("id").asString(), data.path("private_id").asLong());
		roomEvent(data);
	}

	private void roomEvent(JsonNode data) {
		if ("destroyed".equals(data.path("videoroom").asString())) {
			lost(new SfuException("The media room was destroyed"), false);
			return;
		}
		for (JsonNode publisher : data.path("publishers")) {
			subscribe(publisher.path("id").asString(), publisher.path("display").asString());
		}
		for (String gone : new String[] { "unpublished", "leaving" }) {
			String feed = data.path(gone).asString("ok");
			if (!"ok".equals(feed)) {
				unsubscribe(feed);
			}
		}
	}

	private void subscribe(String feed, String remoteParticipant) {
		Joined me = this.joined;
		String pc = "sub-" + feed;
		if (me == null || feed.equals(me.feed()) || this.participantId.equals(remoteParticipant)
				|| this.subscriptions.containsKey(pc)) {
			return;
		}
		try {
			VideoRoomHandle handle = VideoRoomHandle.attach(this.session);
			this.subscriptions.put(pc, new Subscription(feed, remoteParticipant, handle));
			this.connections.put(handle.id(), pc);
			String offer = handle.joinAsSubscriber(this.room, feed, me.privateId());
			log.debug("Subscribe offer for {} of {}: {}", pc, this.participantId, offer);
			notify(() -> this.listener.onOffer(pc, offer, new OfferHints(false, remoteParticipant)));
		}
		catch (SfuException ex) {
			log.debug("{} could not subscribe to {}: {}", this.participantId, remoteParticipant, ex.getMessage());
			Subscription failed = this.subscriptions.remove(pc);
			if (failed != null) {
				this.connections.remove(failed.handle().id());
				detachQuietly(failed.handle());
			}
		}
	}

	private void unsubscribe(String feed) {
		String pc = "sub-" + feed;
		Subscription subscription = this.subscriptions.remove(pc);
		if (subscription != null) {
			this.connections.remove(subscription.handle().id());
			this.webrtc.forget(pc);
			detachQuietly(subscription.handle());
			notify(() -> this.listener.onClosed(pc));
		}
	}

	/**
	 * An event of a subscriber handle: a re-offer is passed on, unless it only switches the
	 * feed's streams off because the feed went away (then the subscription is closed at once; the
	 * publisher handle's {@code unpublished} or {@code leaving} follows).
	 */
	private void subscriberEvent(JsonNode message) {
		String pc = this.connections.get(message.path("sender").asLong(0));
		Subscription subscription = (pc != null) ? this.subscriptions.get(pc) : null;
		JsonNode data = VideoRoomHandle.data(message);
		JsonNode jsep = message.path("jsep");
		if (subscription == null) {
			return;
		}
		if (data.has("streams") && data.path("streams").valueStream().noneMatch((s) -> s.path("active").asBoolean())) {
			unsubscribe(subscription.feed());
		}
		else if ("offer".equals(jsep.path("type").asString())) {
			String sdp = jsep.path("sdp").asString();
			log.debug("Janus re-offers {} of {}: {}", pc, this.participantId, sdp);
			notify(() -> this.listener.onOffer(pc, sdp, new OfferHints(false, subscription.participantId())));
		}
	}

	private void notify(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			log.warn("SFU listener of {} failed", this.participantId, ex);
		}
	}

	private static void detachQuietly(VideoRoomHandle handle) {
		try {
			handle.detach();
		}
		catch (SfuException ex) {
			log.debug("Detaching a subscriber handle: {}", ex.getMessage());
		}
	}

	private record Joined(String feed, long privateId) {
	}

	private record Subscription(String feed, String participantId, VideoRoomHandle handle) {
	}

}
