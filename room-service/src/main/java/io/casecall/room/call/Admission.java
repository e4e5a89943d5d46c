package io.casecall.room.call;

import io.casecall.room.token.Role;
import io.casecall.room.token.RoomToken;

/** A verified token together with the open call it admits to. */
public record Admission(RoomToken token, Call call) {

	public Role role() {
		return this.token.role();
	}

	public String callId() {
		return this.call.id();
	}

	public String participantId() {
		return this.token.participantId();
	}

}
