package io.casecall.room.call;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.casecall.room.token.Role;

/**
 * Something that happened to a call that every signaling node holding one of its connections
 * must hear about. Published through {@link CallEventBus}, which reaches all nodes.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = CallEvent.SeatJoined.class, name = "seat-joined"),
		@JsonSubTypes.Type(value = CallEvent.SeatLeft.class, name = "seat-left"),
		@JsonSubTypes.Type(value = CallEvent.SeatReplaced.class, name = "seat-replaced"),
		@JsonSubTypes.Type(value = CallEvent.MediaChanged.class, name = "media-changed"),
		@JsonSubTypes.Type(value = CallEvent.Ended.class, name = "ended"),
		@JsonSubTypes.Type(value = CallEvent.AgentTokensRevoked.class, name = "agent-tokens-revoked"),
		@JsonSubTypes.Type(value = CallEvent.RoomMoved.class, name = "room-moved") })
public sealed interface CallEvent {

	String callId();

	/** A connection took a seat; {@code status} is the call status after the join. */
	record SeatJoined(String callId, Role role, String participantId, String session, CallStatus status)
			implements CallEvent {
	}

	/** The connection holding a seat left. */
	record SeatLeft(String callId, Role role, String participantId, String session) implements CallEvent {
	}

	/** A newer connection (a reload) took over a seat; the old one must close. */
	record SeatReplaced(String callId, Role role, String oldSession) implements CallEvent {
	}

	/** A participant muted or unmuted. */
	record MediaChanged(String callId, Role role, String participantId, boolean audio, boolean video)
			implements CallEvent {
	}

	/**
	 * A new agent link was issued: sockets opened with an older agent token must close (see
	 * {@link Call#revokedBy}).
	 */
	record AgentTokensRevoked(String callId, Instant from, String linkId) implements CallEvent {
	}

	/**
	 * The call's media room moved from SFU instance {@code from} to {@code to} (the record's
	 * compare-and-set, {@link CallPresence#moveSfuInstance}): every node moves its participants
	 * still on {@code from} and lets go of the room it holds there.
	 */
	record RoomMoved(String callId, String from, String to) implements CallEvent {
	}

	/** The call ended. */
	record Ended(String callId, EndReason reason, Outcome outcome) implements CallEvent {
	}

}
