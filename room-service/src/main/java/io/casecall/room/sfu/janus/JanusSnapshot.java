package io.casecall.room.sfu.janus;

import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.sfu.SfuException;

/**
 * What another node needs to take a {@link JanusParticipant}'s session over ({@code claim}) and
 * go on driving it: the instance and Janus's ids of the session, its publisher handle and its
 * subscriber handles, with the connection ids the page knows them by. Written as JSON (the
 * {@link io.casecall.room.sfu.SfuParticipant#snapshot()} string).
 *
 * @param instance the Janus instance the session lives on
 * @param session Janus's session id
 * @param publisher the publisher handle id
 * @param publishing the page's publishing connection id, or {@code null} before it published
 * @param feed the publisher's feed id in the room
 * @param privateId the publisher's private id (subscriptions name it)
 * @param subscriptions the subscriber handles whose offer the page had
 */
record JanusSnapshot(String instance, long session, long publisher, String publishing, String feed, long privateId,
		List<Subscription> subscriptions) {

	JanusSnapshot {
		subscriptions = (subscriptions != null) ? List.copyOf(subscriptions) : List.of();
	}

	/**
	 * One subscription: connection {@code pc}, its handle, the feed and whose it is.
	 * @param pc the connection id ({@code sub-<feed>})
	 * @param handle the subscriber handle id
	 * @param feed the feed subscribed to
	 * @param participantId the participant who publishes that feed
	 */
	record Subscription(String pc, long handle, String feed, String participantId) {
	}

	/** Every connection id of the session. */
	List<String> connections() {
		List<String> pcs = new java.util.ArrayList<>(this.subscriptions.stream().map(Subscription::pc).toList());
		if (this.publishing != null) {
			pcs.add(this.publishing);
		}
		return pcs;
	}

	String write(JsonMapper json) {
		return json.writeValueAsString(this);
	}

	/** @throws SfuException when the text is not a snapshot of a joined Janus session */
	static JanusSnapshot read(JsonMapper json, String text) {
		JanusSnapshot snapshot;
		try {
			snapshot = json.readValue(text, JanusSnapshot.class);
		}
		catch (JacksonException ex) {
			throw new SfuException("Not a Janus session snapshot: " + ex.getOriginalMessage());
		}
		if (snapshot.instance() == null || snapshot.session() == 0 || snapshot.publisher() == 0
				|| snapshot.feed() == null) {
			throw new SfuException("Not a Janus session snapshot: ids missing");
		}
		return snapshot;
	}

}
