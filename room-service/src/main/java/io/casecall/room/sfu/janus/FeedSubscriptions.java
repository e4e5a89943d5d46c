package io.casecall.room.sfu.janus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * {@code leaving}) on the participant's serial executor, so a feed's offer always reaches the
 * listener before its {@code onClosed}.
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

	private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

	private volatile Joined joined;

	FeedSubscriptions(JanusSession session, String room, String participantId, SfuListener listener,
			Map<Long, String> connections, WebRtcEvents webrtc) {
		this.session = session;
		this.room = room;
		this.participantId = participantId;
		this.listener = listener;
		this.connections = connections;
		this.webrtc = webrtc;
	}

	/** The participant joined as publisher: subscribes to the feeds published already. */
	void joined(JsonNode data) {
		this.joined = new Joined(data.path("id").asString(), data.path("private_id").asLong());
		roomEvent(data);
	}

	/** A VideoRoom event of the publisher handle: feeds published, unpublished or gone. */
	void roomEvent(JsonNode data) {
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

	/**
	 * An event of a subscriber handle: a re-offer is passed on, unless it only switches the
	 * feed's streams off because the feed went away (then the subscription is closed at once; the
	 * publisher handle's {@code unpublished} or {@code leaving} follows).
	 */
	void subscriberEvent(JsonNode message) {
		String pc = this.connections.get(message.path("sender").asLong(0));
		Subscription subscription = (pc != null) ? this.subscriptions.get(pc) : null;
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
			this.listener.onOffer(pc, sdp, new OfferHints(false, subscription.participantId()));
		}
	}

	/** The subscriber handle of connection {@code pc}, or {@code null}. */
	VideoRoomHandle handle(String pc) {
		Subscription subscription = this.subscriptions.get(pc);
		return (subscription != null) ? subscription.handle() : null;
	}

	private void subscribe(String feed, String remoteParticipant) {
		Joined me = this.joined;
		String pc = "sub-" + feed;
		if (me == null || feed.equals(me.feed()) || this.participantId.equals(remoteParticipant)
				|| this.subscriptions.containsKey(pc)) {
			return; // not joined yet, our own feed, a stale session of ours, or subscribed already
		}
		String offer;
		try {
			VideoRoomHandle handle = VideoRoomHandle.attach(this.session);
			this.subscriptions.put(pc, new Subscription(feed, remoteParticipant, handle));
			this.connections.put(handle.id(), pc);
			offer = handle.joinAsSubscriber(this.room, feed, me.privateId());
		}
		catch (SfuException ex) {
			log.debug("{} could not subscribe to {}: {}", this.participantId, remoteParticipant, ex.getMessage());
			Subscription failed = this.subscriptions.remove(pc);
			if (failed != null) {
				this.connections.remove(failed.handle().id());
				detachQuietly(failed.handle());
			}
			return;
		}
		log.debug("Subscribe offer for {} of {}: {}", pc, this.participantId, offer);
		this.listener.onOffer(pc, offer, new OfferHints(false, remoteParticipant));
	}

	private void unsubscribe(String feed) {
		String pc = "sub-" + feed;
		Subscription subscription = this.subscriptions.remove(pc);
		if (subscription != null) {
			this.connections.remove(subscription.handle().id());
			this.webrtc.forget(pc);
			detachQuietly(subscription.handle());
			this.listener.onClosed(pc);
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
