package io.casecall.signaling.ws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.call.Outcome;
import io.casecall.room.sfu.IceCandidate;

import org.springframework.stereotype.Component;

/**
 * The protocol's framing, in one place: text frame to validated {@link ClientMessage}, and
 * {@link ServerMessage} to text frame. Every refusal is a {@link ProtocolException} naming
 * what was wrong.
 */
@Component
class MessageCodec {

	private static final Pattern PC_ID = Pattern.compile("[A-Za-z0-9:_-]{1,64}");

	private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_-]{8,64}");

	private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final Pattern SDP_LINE = Pattern.compile("[a-z]=[^\\x00-\\x1F\\x7F]*");

	private static final Pattern OUTCOMES = Pattern.compile("connected|failed|abandoned");

	static final int MAX_NOTE = 2000;

	/** Most peer connections a resuming page may name (one publisher and a few subscriptions). */
	static final int MAX_RESUME_PCS = 16;

	private final JsonMapper json;

	MessageCodec(JsonMapper json) {
		this.json = json;
	}

	/** A decoded message and the call it names, if any. */
	record Envelope(String callId, ClientMessage message) {
	}

	Envelope decode(String text) {
		JsonNode node;
		try {
			node = this.json.readTree(text);
		}
		catch (JacksonException ex) {
			throw new ProtocolException("bad_message", "Not valid JSON");
		}
		if (node == null || !node.isObject()) {
			throw new ProtocolException("bad_message", "A message is a JSON object");
		}
		JsonNode type = node.get("type");
		if (type == null || !type.isString()) {
			throw new ProtocolException("bad_message", "A message needs a string 'type'");
		}
		String callId = node.has("callId") ? string(node, "callId", CALL_ID) : null;
		ClientMessage message = switch (type.stringValue()) {
			case "join" -> new ClientMessage.Join(required(callId, "callId"), string(node, "device", DEVICE),
					node.hasNonNull("offer") ? offer(node.get("offer")) : null,
					node.hasNonNull("resume") ? resume(node.get("resume")) : null);
			case "preconnect" -> new ClientMessage.Preconnect();
			case "offer" -> offer(node);
			case "answer" -> new ClientMessage.Answer(string(node, "pc", PC_ID), sdp(node));
			case "restart" -> new ClientMessage.Restart(string(node, "pc", PC_ID));
			case "keyframe" -> new ClientMessage.Keyframe();
			case "candidate" -> new ClientMessage.Candidate(string(node, "pc", PC_ID), candidate(node));
			case "media" -> new ClientMessage.Media(bool(node, "audio"), bool(node, "video"));
			case "timings" -> timings(node);
			case "leave" -> new ClientMessage.Leave();
			case "photo_request" -> new ClientMessage.PhotoRequest();
			case "end" -> end(node);
			case "ping" -> new ClientMessage.Ping(node.hasNonNull("ts") ? number(node, "ts") : null);
			default -> throw new ProtocolException("unknown_type", "Unknown message type");
		};
		return new Envelope(callId, message);
	}

	String encode(ServerMessage message) {
		return this.json.writerFor(ServerMessage.class).writeValueAsString(message);
	}

	/** Parses JSON texts the SFU wants relayed (side-channel {@code onOpen}). */
	List<JsonNode> rawObjects(List<String> texts) {
		return texts.stream().map(this.json::readTree).toList();
	}

	private ClientMessage.Offer offer(JsonNode node) {
		if (!node.isObject()) {
			throw ProtocolException.invalidField("offer", "must be an object {pc, sdp}");
		}
		return new ClientMessage.Offer(string(node, "pc", PC_ID), sdp(node));
	}

	private static ClientMessage.Resume resume(JsonNode node) {
		if (!node.isObject()) {
			throw ProtocolException.invalidField("resume", "must be an object {participantId, pcs}");
		}
		JsonNode pcs = node.get("pcs");
		if (pcs == null || !pcs.isArray() || pcs.size() > MAX_RESUME_PCS) {
			throw ProtocolException.invalidField("pcs", "must be a list of at most " + MAX_RESUME_PCS + " pc ids");
		}
		List<String> ids = new ArrayList<>();
		for (JsonNode pc : pcs) {
			if (!pc.isString() || !PC_ID.matcher(pc.stringValue()).matches()) {
				throw ProtocolException.invalidField("pcs", "must hold pc ids matching " + PC_ID.pattern());
			}
			ids.add(pc.stringValue());
		}
		return new ClientMessage.Resume(string(node, "participantId", CALL_ID), List.copyOf(ids));
	}

	private static ClientMessage.End end(JsonNode node) {
		Outcome outcome = null;
		if (node.hasNonNull("outcome")) {
			outcome = Outcome.fromWire(node.get("outcome").asString(""));
			if (outcome == null) {
				throw ProtocolException.invalidField("outcome", "must be reshipped, refunded, claim_filed or other");
			}
		}
		String note = null;
		if (node.hasNonNull("note")) {
			JsonNode value = node.get("note");
			if (!value.isString() || value.stringValue().length() > MAX_NOTE) {
				throw ProtocolException.invalidField("note", "must be text of at most " + MAX_NOTE + " characters");
			}
			note = value.stringValue();
		}
		return new ClientMessage.End(outcome, note);
	}

	private static ClientMessage.Timings timings(JsonNode node) {
		JsonNode join = node.get("join");
		if (join == null || !join.isIntegralNumber() || !join.canConvertToInt() || join.intValue() < 1) {
			throw ProtocolException.invalidField("join", "must be the join number from 'joined'");
		}
		JsonNode marks = node.get("marks");
		if (marks == null || !marks.isObject() || marks.size() > 32) {
			throw ProtocolException.invalidField("marks", "must be an object of at most 32 marks");
		}
		Map<String, Double> values = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> mark : marks.properties()) {
			values.put(mark.getKey(), mark.getValue().isNumber() ? mark.getValue().doubleValue() : Double.NaN);
		}
		JsonNode outcome = node.get("outcome");
		if (outcome != null && !outcome.isNull()
				&& (!outcome.isString() || !OUTCOMES.matcher(outcome.stringValue()).matches())) {
			throw ProtocolException.invalidField("outcome", "must be connected, failed or abandoned");
		}
		JsonNode reconnect = node.get("reconnect");
		if (reconnect != null && !reconnect.isNull() && !reconnect.isBoolean()) {
			throw ProtocolException.invalidField("reconnect", "must be true or false");
		}
		JsonNode preconnected = node.get("preconnected");
		if (preconnected != null && !preconnected.isNull() && !preconnected.isBoolean()) {
			throw ProtocolException.invalidField("preconnected", "must be true or false");
		}
		return new ClientMessage.Timings(join.intValue(),
				(outcome != null && !outcome.isNull()) ? outcome.stringValue() : null,
				reconnect != null && reconnect.asBoolean(false),
				(preconnected != null && !preconnected.isNull()) ? preconnected.asBoolean() : null, values);
	}

	private static IceCandidate candidate(JsonNode node) {
		if (!node.has("candidate")) {
			throw ProtocolException.invalidField("candidate", "is required (null for end of candidates)");
		}
		JsonNode value = node.get("candidate");
		if (value.isNull()) {
			return IceCandidate.endOfCandidates();
		}
		if (!value.isObject()) {
			throw ProtocolException.invalidField("candidate", "must be an object or null");
		}
		JsonNode line = value.get("candidate");
		if (line == null || !line.isString() || line.stringValue().length() > 1024
				|| !(line.stringValue().isEmpty() || line.stringValue().startsWith("candidate:"))) {
			throw ProtocolException.invalidField("candidate.candidate", "must be an ICE candidate line");
		}
		JsonNode mid = value.get("sdpMid");
		JsonNode index = value.get("sdpMLineIndex");
		if ((mid != null && !mid.isNull() && (!mid.isString() || mid.stringValue().length() > 64))
				|| (index != null && !index.isNull() && (!index.isIntegralNumber() || index.intValue() < 0))) {
			throw ProtocolException.invalidField("candidate", "has a bad sdpMid or sdpMLineIndex");
		}
		return new IceCandidate(line.stringValue(), (mid != null && !mid.isNull()) ? mid.stringValue() : null,
				(index != null && !index.isNull()) ? index.intValue() : null);
	}

	private static String sdp(JsonNode node) {
		JsonNode value = node.get("sdp");
		if (value == null || !value.isString()) {
			throw ProtocolException.invalidField("sdp", "is required");
		}
		String sdp = value.stringValue();
		if (!looksLikeSdp(sdp)) {
			throw new ProtocolException("invalid_sdp", "'sdp' is not a session description");
		}
		return sdp;
	}

	/** A session description: starts with {@code v=0}, has an {@code m=} line, only {@code x=...} lines. */
	static boolean looksLikeSdp(String sdp) {
		if (sdp.length() > 60_000 || !(sdp.startsWith("v=0\r\n") || sdp.startsWith("v=0\n"))) {
			return false;
		}
		boolean media = false;
		for (String line : sdp.split("\r?\n")) {
			if (!SDP_LINE.matcher(line).matches()) {
				return false;
			}
			media |= line.startsWith("m=");
		}
		return media;
	}

	private static String string(JsonNode node, String field, Pattern pattern) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			throw ProtocolException.invalidField(field, "is required");
		}
		if (!value.isString() || !pattern.matcher(value.stringValue()).matches()) {
			throw ProtocolException.invalidField(field, "must match " + pattern.pattern());
		}
		return value.stringValue();
	}

	private static boolean bool(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || !value.isBoolean()) {
			throw ProtocolException.invalidField(field, "must be true or false");
		}
		return value.booleanValue();
	}

	private static double number(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (!value.isNumber()) {
			throw ProtocolException.invalidField(field, "must be a number");
		}
		return value.doubleValue();
	}

	private static String required(String value, String field) {
		if (value == null) {
			throw ProtocolException.invalidField(field, "is required");
		}
		return value;
	}

}
