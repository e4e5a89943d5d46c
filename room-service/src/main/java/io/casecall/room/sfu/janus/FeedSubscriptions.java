package io.casecall.room.sfu.janus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuListener.OfferHints;

/**
 * A participant's subscriptions to the other participants' feeds: one subscriber handle per
 * published feed, named {@code sub-<feed>}; Janus offers, the client answers. Driven by the
 * VideoRoom events of the participant's publisher handle ({@code publishers}, {@code unpublished},
 * {@code leaving}); every change happens on the participant's serial executor, so a feed's offer
 * always reaches the listener before its {@code onClosed}, and a subscription closed before its
 * offer arrived is never mentioned. The executor does not wait for Janus's offers: they come back
 * to it as tasks, in the order Janus sent them among the other events.
 */
final class FeedSubscriptions {

	private static final Logger log = LoggerFactory.getLogger(FeedSubscriptions.class);

	private final JanusSession session;

	private final String room;

	private final String participantId;

	private final SfuListener listener;

	/** The participant's peer connection ids by Janus handle id; subscriptions add theirs. */
	private final Map<Long, String> connections;

	private final WebRtcEvents webrtc;

	private final Executor events;

	private final Map<String, FeedSubscription> subscriptions = new ConcurrentHashMap<>();

	private volatile Joined joined;

	/**
	 * A publisher's browser honours one keyframe request per this long and drops the others
	 * (libwebrtc video/encoder_rtcp_feedback.cc, {@code kMinKeyframeSendIntervalMs = 300}), with a
	 * margin. Janus asks for one when a subscription connects ("New subscriber available",
	 * janus_videoroom.c v1.1.2 line 8208): a resume sooner after that asks again once this has passed.
	 */
	static final long KEYFRAME_REQUEST_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(320);

	private final ScheduledExecutorService timer;

	/** Whether subscriptions answered now are held (the client has not consented yet). */
	private volatile boolean held;

	private final boolean sfuStartsDtls;

	FeedSubscriptions(JanusSession session, String room, String participantId, SfuListener listener,
			Map<Long, String> connections, WebRtcEvents webrtc, Executor events, boolean sfuStartsDtls,
			ScheduledExecutorService timer) {
		this.sfuStartsDtls = sfuStartsDtls;
		this.timer = timer;
		this.session = session;
		this.room = room;
		this.participantId = participantId;
		this.listener = listener;
		this.connections = connections;
		this.webrtc = webrtc;
		this.events = events;
	}

	/** The participant joined as publisher: subscribes to the feeds published already. */
	void joined(JsonNode data) {
		this.joined = new Joined(data.path("id").asString(), data.path("private_id").asLong());
		roomEvent(data);
	}

	/** A VideoRoom event of the publisher handle: feeds published, unpublished or gone. */
	void roomEvent(JsonNode data) {
		for (JsonNode publisher : data.path("publishers")) {
			subscribe(publisher.path("id").asString(), publisher.path("display").asString(null));
		}
		for (String gone : new String[] { "unpublished", "leaving" }) {
			String feed = data.path(gone).asString("ok");
			if (!"ok".equals(feed)) {
				unsubscribe(feed);
			}
		}
	}

	/**
	 * An event of a subscriber handle: a re-offer is passed on, unless it only switches the
	 * feed's streams off because the feed went away (then the subscription is closed at once; the
	 * publisher handle's {@code unpublished} or {@code leaving} follows).
	 */
	void subscriberEvent(JsonNode message) {
		String pc = this.connections.get(message.path("sender").asLong(0));
		FeedSubscription subscription = (pc != null) ? this.subscriptions.get(pc) : null;
		if (subscription == null) {
			return;
		}
		JsonNode streams = VideoRoomHandle.data(message).path("streams");
		JsonNode jsep = message.path("jsep");
		if (streams.isArray() && streams.valueStream().noneMatch((stream) -> stream.path("active").asBoolean())) {
			unsubscribe(subscription.feed());
		}
		else if ("offer".equals(jsep.path("type").asString())) {
			String sdp = jsep.path("sdp").asString();
			log.debug("Janus re-offers {} of {}: {}", pc, this.participantId, sdp);
			this.listener.onOffer(pc, sdp, new OfferHints(false, subscription.participantId(), this.sfuStartsDtls));
		}
	}

	/**
	 * ICE restart of subscription {@code pc} (the client's media path failed): Janus's new offer,
	 * with new ICE credentials, goes to the listener as any offer.
	 * @return {@code false} when there is no such subscription offered
	 */
	boolean restart(String pc) {
		FeedSubscription subscription = this.subscriptions.get(pc);
		if (subscription == null || !subscription.offered) {
			return false;
		}
		subscription.handle()
			.restartIce((answer) -> this.events.execute(() -> offered(subscription, answer)))
			.whenComplete((answer, ex) -> {
				if (ex != null) {
					log.debug("Janus did not restart {} of {}: {}", pc, this.participantId, ex.getMessage());
				}
			});
		return true;
	}

	/** FeedSubscriptions answered from now on are held until {@link #resume()}. */
	void hold() {
		this.held = true;
	}

	/**
	 * Starts subscription {@code pc} with the client's answer; while held, its streams are
	 * switched off first and {@code start} goes once Janus confirmed that, so nothing is relayed
	 * from the start on (Janus hands plugin messages to a thread pool: two requests sent back to
	 * back may reach the VideoRoom in either order, janus.c v1.1.2 {@code janus_transport_requests}).
	 * A hold Janus refused leaves the subscription unstarted until {@link #resume()}.
	 * @return {@code false} when there is no such subscription
	 */
	boolean start(String pc, String answer) {
		FeedSubscription subscription = this.subscriptions.get(pc);
		if (subscription == null) {
			return false;
		}
		if (!this.held) {
			startWith(subscription, answer);
			return true;
		}
		subscription.answer = answer;
		CompletableFuture<?> hold = subscription.handle().send(false);
		subscription.hold = hold;
		hold.whenComplete((reply, failure) -> {
			warnIfFailed("hold", pc, failure);
			if (failure == null) {
				startWith(subscription, answer);
			}
		});
		return true;
	}

	private void startWith(FeedSubscription subscription, String answer) {
		subscription.handle()
			.start(answer)
			.whenComplete((reply, failure) -> warnIfFailed("start", subscription.pc(), failure));
	}

	/** Janus reported subscription {@code pc} connected ({@code webrtcup}) at {@code nanos}. */
	void connected(String pc, long nanos) {
		FeedSubscription subscription = this.subscriptions.get(pc);
		if (subscription != null) {
			subscription.connectedNanos = nanos;
		}
	}

	/**
	 * The client consented: every held subscription sends again (Janus PLIs the publisher), each
	 * once its hold was confirmed (see {@link #start}); one that connected less than
	 * {@link #KEYFRAME_REQUEST_INTERVAL_NANOS} ago asks again when that has passed.
	 */
	void resume() {
		this.held = false;
		for (FeedSubscription subscription : this.subscriptions.values()) {
			CompletableFuture<?> hold = subscription.hold;
			if (hold != null) {
				subscription.hold = null;
				hold.whenComplete((reply, failure) -> {
					if (failure != null) {
						startWith(subscription, subscription.answer); // never held: started now, sending
						return;
					}
					sendAgain(subscription);
					long connected = subscription.connectedNanos;
					long wait = KEYFRAME_REQUEST_INTERVAL_NANOS - (System.nanoTime() - connected);
					if (connected != 0 && wait > 0) {
						this.timer.schedule(() -> sendAgain(subscription), wait, TimeUnit.NANOSECONDS);
					}
				});
			}
		}
	}

	/**
	 * Asks the publisher of every offered subscription that is not held for a keyframe (the client's
	 * media path is back after a loss); held subscriptions stay held. (Offered, not connected: one
	 * taken over from another node never saw its {@code webrtcup} here.)
	 */
	void requestKeyframes() {
		if (this.held) {
			return;
		}
		for (FeedSubscription subscription : this.subscriptions.values()) {
			if (subscription.offered && subscription.hold == null) {
				sendAgain(subscription);
			}
		}
	}

	/** {@code send:true}: resumes the subscription, and each time asks the publisher for a keyframe. */
	private void sendAgain(FeedSubscription subscription) {
		if (this.subscriptions.get(subscription.pc()) == subscription) {
			subscription.handle()
				.send(true)
				.whenComplete((resumed, refused) -> warnIfFailed("resume", subscription.pc(), refused));
		}
	}

	private void warnIfFailed(String what, String pc, Throwable failure) {
		if (failure != null) {
			log.warn("Janus did not {} {} of {}: {}", what, pc, this.participantId, failure.getMessage());
		}
	}

	/** The subscriber handle of connection {@code pc}, or {@code null}. */
	VideoRoomHandle handle(String pc) {
		FeedSubscription subscription = this.subscriptions.get(pc);
		return (subscription != null) ? subscription.handle() : null;
	}

	private void subscribe(String feed, String remoteParticipant) {
		Joined me = this.joined;
		String pc = "sub-" + feed;
		if (me == null || feed.equals(me.feed()) || this.participantId.equals(remoteParticipant)
				|| this.subscriptions.containsKey(pc)) {
			return; // not joined yet, our own feed, a stale session of ours, or subscribed already
		}
		VideoRoomHandle handle;
		try {
			handle = VideoRoomHandle.attach(this.session);
		}
		catch (SfuException ex) {
			log.debug("{} could not subscribe to {}: {}", this.participantId, remoteParticipant, ex.getMessage());
			return;
		}
		FeedSubscription subscription = new FeedSubscription(pc, feed, remoteParticipant, handle);
		this.subscriptions.put(pc, subscription);
		this.connections.put(handle.id(), pc);
		handle.joinAsSubscriber(this.room, feed, me.privateId(),
				(answer) -> this.events.execute(() -> offered(subscription, answer)))
			.whenComplete((answer, ex) -> {
				if (ex != null) {
					this.events.execute(() -> failed(subscription, ex));
				}
			});
	}

	private void offered(FeedSubscription subscription, JsonNode answer) {
		if (this.subscriptions.get(subscription.pc()) != subscription) {
			return;
		}
		String offer;
		try {
			offer = VideoRoomHandle.sdp(answer, "offer");
		}
		catch (SfuException ex) {
			failed(subscription, ex);
			return;
		}
		log.debug("Subscribe offer for {} of {}: {}", subscription.pc(), this.participantId, offer);
		subscription.offered = true;
		this.listener.onOffer(subscription.pc(), offer, new OfferHints(false, subscription.participantId(), this.sfuStartsDtls));
		this.listener.onSnapshotChanged();
	}

	private void failed(FeedSubscription subscription, Throwable cause) {
		if (this.subscriptions.remove(subscription.pc(), subscription)) {
			log.debug("{} could not subscribe to {}: {}", this.participantId, subscription.participantId(),
					cause.getMessage());
			this.connections.remove(subscription.handle().id());
			detachQuietly(subscription.handle());
		}
	}

	private void unsubscribe(String feed) {
		FeedSubscription subscription = this.subscriptions.remove("sub-" + feed);
		if (subscription != null) {
			this.connections.remove(subscription.handle().id());
			this.webrtc.forget(subscription.pc());
			detachQuietly(subscription.handle());
			if (subscription.offered) {
				this.listener.onClosed(subscription.pc());
				this.listener.onSnapshotChanged();
			}
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

	/** The participant's own feed id in the room, or {@code null} before the join. */
	String ownFeed() {
		Joined me = this.joined;
		return (me != null) ? me.feed() : null;
	}

	/** The participant's private id in the room (its subscriptions name it), or 0 before the join. */
	long ownPrivateId() {
		Joined me = this.joined;
		return (me != null) ? me.privateId() : 0;
	}

	/** The subscriptions whose offer the client had, for a {@link JanusSnapshot}. */
	List<JanusSnapshot.Subscription> snapshot() {
		return this.subscriptions.values()
			.stream()
			.filter((subscription) -> subscription.offered)
			.map((subscription) -> new JanusSnapshot.Subscription(subscription.pc(), subscription.handle().id(),
					subscription.feed(), subscription.participantId()))
			.toList();
	}

	/**
	 * A session taken over from another node: joined as {@code feed} with {@code privateId}, and
	 * these subscriptions offered (and, as far as anyone knows, answered) already.
	 */
	void restore(String feed, long privateId, List<JanusSnapshot.Subscription> restored) {
		this.joined = new Joined(feed, privateId);
		for (JanusSnapshot.Subscription entry : restored) {
			FeedSubscription subscription = new FeedSubscription(entry.pc(), entry.feed(), entry.participantId(),
					VideoRoomHandle.of(this.session, entry.handle()));
			subscription.offered = true;
			this.subscriptions.put(entry.pc(), subscription);
			this.connections.put(entry.handle(), entry.pc());
		}
	}

	private record Joined(String feed, long privateId) {
	}

}
