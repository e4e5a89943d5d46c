package io.casecall.room.sfu.jvb;

import java.util.List;

/**
 * One participant's negotiation state, kept in Redis with the room so that any signaling node
 * can rebuild the participant's offer: the bridge's transport for its endpoint, what its browser
 * answered, and which remote participant each of its receive slots carries.
 *
 * @param participantId the participant
 * @param endpoint its endpoint id on the bridge (new for every session)
 * @param sessionId SDP session id of its offers ({@code o=} line)
 * @param version SDP session version of the last offer; each re-offer increments it
 * @param transport the bridge's ICE/DTLS transport for the endpoint
 * @param answer what the browser last answered, or {@code null} before the first answer
 * @param slots receive slots of the last offer, {@code null} entries inactive
 */
record EndpointRecord(String participantId, String endpoint, long sessionId, int version, IceTransport transport,
		BrowserAnswer answer, List<Slot> slots) {

	/** What other participants see of this one, or {@code null} while it sends nothing. */
	Slot asSlot() {
		if (this.answer == null || this.answer.sources().sendsNothing()) {
			return null;
		}
		return new Slot(this.participantId, this.endpoint, this.answer.sources());
	}

	EndpointRecord withAnswer(BrowserAnswer answer) {
		return new EndpointRecord(this.participantId, this.endpoint, this.sessionId, this.version, this.transport,
				answer, this.slots);
	}

	EndpointRecord reoffered(List<Slot> slots) {
		return new EndpointRecord(this.participantId, this.endpoint, this.sessionId, this.version + 1,
				this.transport, this.answer, slots);
	}

}
