package io.casecall.room.sfu.janus;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuException;

/**
 * A handle attached to the VideoRoom plugin and the requests CaseCall makes through it: room
 * management, joining as publisher or subscriber, SDP exchange and trickle. Requests through one
 * handle block until Janus answers (bounded by the request timeout).
 */
final class VideoRoomHandle {

	private final JanusSession session;

	private final long id;

	private VideoRoomHandle(JanusSession session, long id) {
		this.session = session;
		this.id = id;
	}

	static VideoRoomHandle attach(JanusSession session) {
		return new VideoRoomHandle(session, session.attach(JanusSession.VIDEOROOM));
	}

	/** A handle attached already (a session taken over from another node keeps its handles). */
	static VideoRoomHandle of(JanusSession session, long id) {
		return new VideoRoomHandle(session, id);
	}

	long id() {
		return this.id;
	}

	/**
	 * Creates a room unless it exists.
	 * @return {@code false} when it existed already
	 */
	boolean createRoom(String room, long bitrate, int publishers, String adminKey) {
		ObjectNode body = body("create", room).put("permanent", false)
			.put("is_private", true)
			.put("description", "casecall")
			.put("publishers", publishers)
			.put("bitrate", bitrate)
			.put("videocodec", "vp8")
			.put("audiocodec", "opus")
			.put("notify_joining", false);
		withAdminKey(body, adminKey);
		try {
			message("create_room", body, null);
			return true;
		}
		catch (JanusErrorException ex) {
			if (ex.janusCode() == JanusErrorException.ROOM_EXISTS) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Destroys a room with whoever is in it.
	 * @return {@code false} when there was no such room
	 */
	boolean destroyRoom(String room) {
		try {
			message("destroy_room", body("destroy", room).put("permanent", false), null);
			return true;
		}
		catch (JanusErrorException ex) {
			if (ex.janusCode() == JanusErrorException.NO_SUCH_ROOM) {
				return false;
			}
			throw ex;
		}
	}

	/** The room as the VideoRoom {@code list} request describes it, or a missing node. */
	JsonNode describeRoom(String room, String adminKey) {
		ObjectNode body = withAdminKey(body("list", null), adminKey);
		for (JsonNode entry : data(message("list_rooms", body, null)).path("list")) {
			if (room.equals(entry.path("room").asString())) {
				return entry;
			}
		}
		return MissingNode.getInstance();
	}

	/**
	 * Joins a room as publisher (nothing is published yet).
	 * @param onJoined gets the {@code joined} data on the receiving thread, before any later event
	 * of the handle is handled
	 */
	CompletableFuture<JsonNode> joinAsPublisher(String room, String display, Consumer<JsonNode> onJoined) {
		ObjectNode body = body("join", room).put("ptype", "publisher").put("display", display);
		return this.session.connection()
			.send("join", message(body, null), false, (answer) -> onJoined.accept(data(answer)));
	}

	/** Publishes (or, once published, renegotiates) with the client's offer; returns Janus's answer. */
	String publish(String offer, boolean first) {
		JsonNode answer = message(first ? "publish" : "configure", body(first ? "publish" : "configure", null),
				jsep("offer", offer));
		return sdp(answer, "answer");
	}

	/**
	 * Joins as subscriber to one feed, without waiting for Janus's answer (with its offer: see
	 * {@link #sdp}).
	 * @param onAnswer gets the answer on the receiving thread, before any later event is handled
	 * @return completes when Janus answered, or fails
	 */
	CompletableFuture<JsonNode> joinAsSubscriber(String room, String feed, long privateId,
			Consumer<JsonNode> onAnswer) {
		ObjectNode body = body("join", room).put("ptype", "subscriber").put("private_id", privateId);
		body.putArray("streams").addObject().put("feed", feed);
		return this.session.connection().send("subscribe", message(body, null), false, onAnswer);
	}

	/**
	 * Asks for an ICE restart of a subscription: Janus answers with a new offer carrying new ICE
	 * credentials (the client answers it with {@link #start}, as any offer); without waiting.
	 * @param onAnswer gets Janus's reply (with the offer) on the receiving thread
	 */
	CompletableFuture<JsonNode> restartIce(Consumer<JsonNode> onAnswer) {
		return this.session.connection()
			.send("restart", message(body("configure", null).put("restart", true), null), false, onAnswer);
	}

	/**
	 * Completes a subscription with the client's answer. Sent in order on the Janus socket; the
	 * caller does not wait for Janus's reply (nothing in it is needed to go on).
	 * @return completes with Janus's reply, or fails
	 */
	CompletableFuture<JsonNode> start(String answer) {
		return this.session.connection().send("start", message(body("start", null), jsep("answer", answer)), false,
				null);
	}

	/**
	 * Holds ({@code send:false}) or resumes ({@code send:true}) every stream of this subscription.
	 * A {@code configure} of a subscriber whose one {@code streams} entry has no {@code mid} applies to all its
	 * streams, before or
	 * after {@code start}; {@code start} does not touch a stream's {@code send} (janus_videoroom.c
	 * v1.1.2: the subscriber {@code configure} of {@code janus_videoroom_handler}, lines 11057-11231,
	 * and {@code start}, 10507-10527). Turning {@code send} on makes Janus send the publisher a PLI
	 * ("Restoring video for subscriber"). Like {@link #start}, without waiting.
	 * @return completes with Janus's reply, or fails
	 */
	CompletableFuture<JsonNode> send(boolean send) {
		ObjectNode body = body("configure", null);
		body.putArray("streams").addObject().put("send", send); // one entry without mid: every stream
		return this.session.connection().send("configure", message(body, null), false, null);
	}

	/**
	 * Asks the publisher of this (publisher) handle for a keyframe: a {@code configure} with
	 * {@code keyframe: true} and no SDP makes Janus send its browser a PLI ("Keyframe request",
	 * janus_videoroom.c v1.1.2, the publisher {@code configure}, lines 10155 and 10309-10313). Like
	 * {@link #start}, without waiting.
	 * @return completes with Janus's reply, or fails
	 */
	CompletableFuture<JsonNode> keyframe() {
		return this.session.connection()
			.send("configure", message(body("configure", null).put("keyframe", true), null), false, null);
	}

	/**
	 * Trickles a candidate of the client, or its end; like {@link #start}, without waiting.
	 * @return completes with Janus's ack, or fails
	 */
	CompletableFuture<JsonNode> trickle(IceCandidate candidate) {
		ObjectNode request = this.session.request("trickle", this.id);
		ObjectNode c = request.putObject("candidate");
		if (candidate.end()) {
			c.put("completed", true);
		}
		else {
			c.put("candidate", candidate.candidate());
			if (candidate.sdpMid() != null) {
				c.put("sdpMid", candidate.sdpMid());
			}
			if (candidate.sdpMLineIndex() != null) {
				c.put("sdpMLineIndex", candidate.sdpMLineIndex());
			}
		}
		return this.session.connection().send("trickle", request, true, null);
	}

	void detach() {
		this.session.detach(this.id);
	}

	/** The plugin's data in an answer or event. */
	static JsonNode data(JsonNode message) {
		return message.path("plugindata").path("data");
	}

	private JsonNode message(String operation, ObjectNode body, ObjectNode jsep) {
		return this.session.connection().call(operation, message(body, jsep), false);
	}

	private ObjectNode message(ObjectNode body, ObjectNode jsep) {
		ObjectNode request = this.session.request("message", this.id);
		request.set("body", body);
		if (jsep != null) {
			request.set("jsep", jsep);
		}
		return request;
	}

	private ObjectNode body(String request, String room) {
		ObjectNode body = this.session.connection().object().put("request", request);
		if (room != null) {
			body.put("room", room);
		}
		return body;
	}

	private ObjectNode jsep(String type, String sdp) {
		return this.session.connection().object().put("type", type).put("sdp", sdp);
	}

	private static ObjectNode withAdminKey(ObjectNode body, String adminKey) {
		if (!adminKey.isEmpty()) {
			body.put("admin_key", adminKey);
		}
		return body;
	}

	/** The SDP of type {@code type} ({@code offer}, {@code answer}) that Janus's answer carries. */
	static String sdp(JsonNode answer, String type) {
		JsonNode jsep = answer.path("jsep");
		if (!type.equals(jsep.path("type").asString()) || jsep.path("sdp").asString().isEmpty()) {
			throw new SfuException("Janus sent no " + type + " (" + data(answer).path("videoroom").asString() + ")");
		}
		return jsep.path("sdp").asString();
	}

}
