package io.casecall.signaling.ws;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.IceCandidate;

/** A message to the browser (docs/protocol.md, "Server to client"); {@code type} is added on the wire. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = ServerMessage.Joined.class, name = "joined"),
		@JsonSubTypes.Type(value = ServerMessage.Answer.class, name = "answer"),
		@JsonSubTypes.Type(value = ServerMessage.Offer.class, name = "offer"),
		@JsonSubTypes.Type(value = ServerMessage.Candidate.class, name = "candidate"),
		@JsonSubTypes.Type(value = ServerMessage.PcClosed.class, name = "pc-closed"),
		@JsonSubTypes.Type(value = ServerMessage.MediaState.class, name = "media-state"),
		@JsonSubTypes.Type(value = ServerMessage.SideChannel.class, name = "side-channel"),
		@JsonSubTypes.Type(value = ServerMessage.ParticipantJoined.class, name = "participant-joined"),
		@JsonSubTypes.Type(value = ServerMessage.ParticipantLeft.class, name = "participant-left"),
		@JsonSubTypes.Type(value = ServerMessage.ParticipantMedia.class, name = "participant-media"),
		@JsonSubTypes.Type(value = ServerMessage.CallStatus.class, name = "call-status"),
		@JsonSubTypes.Type(value = ServerMessage.CallEnded.class, name = "call-ended"),
		@JsonSubTypes.Type(value = ServerMessage.Token.class, name = "token"),
		@JsonSubTypes.Type(value = ServerMessage.Pong.class, name = "pong"),
		@JsonSubTypes.Type(value = ServerMessage.PhotoRequest.class, name = "photo_request"),
		@JsonSubTypes.Type(value = ServerMessage.PhotoAdded.class, name = "photo_added"),
		@JsonSubTypes.Type(value = ServerMessage.Keyframe.class, name = "keyframe"),
		@JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error") })
@JsonInclude(JsonInclude.Include.NON_NULL)
sealed interface ServerMessage {

	/**
	 * {@code resumed}: the server kept (or restored) the media session a {@code join} with
	 * {@code resume} asked for, and the page keeps its peer connections; {@code false}: it rebuilds
	 * them as for any join.
	 */
	record Joined(String callId, String participantId, String role, String status, int join, boolean clientOffers,
			List<Peer> participants, long heartbeatMs, boolean resumed) implements ServerMessage {
	}

	/** Another seat of the call, as a joining client sees it. */
	record Peer(String participantId, String role, String displayName, boolean present, boolean audio,
			boolean video) {
	}

	record Answer(String pc, String sdp) implements ServerMessage {
	}

	/** {@code answerSetup} is {@code passive} when the SFU wants to be the DTLS client, else absent. */
	record Offer(String pc, String sdp, boolean attachLocalMedia, String participantId, String answerSetup)
			implements ServerMessage {
	}

	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Candidate(String pc, IceCandidate candidate) implements ServerMessage {
	}

	record PcClosed(String pc) implements ServerMessage {
	}

	record MediaState(String pc, String state) implements ServerMessage {
	}

	record SideChannel(String url, List<JsonNode> onOpen, List<JsonNode> onJoin) implements ServerMessage {
	}

	record ParticipantJoined(String participantId, String role, String displayName) implements ServerMessage {
	}

	record ParticipantLeft(String participantId, String role) implements ServerMessage {
	}

	record ParticipantMedia(String participantId, String role, boolean audio, boolean video)
			implements ServerMessage {
	}

	record CallStatus(String status) implements ServerMessage {
	}

	record CallEnded(String reason, String outcome) implements ServerMessage {
	}

	/** A fresh room token for the same seat; {@code expiresAt} is ISO-8601. Never logged. */
	record Token(String token, String expiresAt) implements ServerMessage {
	}

	record Pong(Double ts) implements ServerMessage {
	}

	/** The agent asked for a photo (PhotoMessages); the customer's page counts down, then takes it. */
	record PhotoRequest(String requestId, int countdown) implements ServerMessage {
	}

	/**
	 * Another participant's video does not decode and the SFU cannot ask this page's browser for a
	 * keyframe (KeyframeRelay): the page sends one of its own.
	 */
	record Keyframe() implements ServerMessage {
	}

	/** A photo was stored for the call; {@code at} is ISO-8601. */
	record PhotoAdded(String evidenceId, String contentType, long size, String requestedBy, String at)
			implements ServerMessage {
	}

	record Error(String code, String message, boolean fatal, String ref) implements ServerMessage {
	}

}
