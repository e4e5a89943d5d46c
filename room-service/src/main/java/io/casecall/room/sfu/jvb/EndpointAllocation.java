package io.casecall.room.sfu.jvb;

import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuRejectedException;
import io.casecall.room.sfu.SfuUnavailableException;

/**
 * Allocating a participant's endpoint: added to the room's conference, or creating it with the
 * room's first endpoint; a conference the bridge no longer has is created again when nobody else
 * is in it, and a lost room otherwise.
 */
final class EndpointAllocation {

	/** The bridge's reason for a create whose meeting id exists ({@code Colibri2Util.createConferenceAlreadyExistsError}). */
	private static final String CONFERENCE_EXISTS = "Conference already exists";

	private EndpointAllocation() {
	}

	static Allocation allocate(JvbSfuGateway gateway, JvbProperties.Bridge bridge, String roomId, String endpoint,
			String participantId, JvbRoomStore.Room state) {
		if (state.conference() != null) {
			try {
				return gateway.colibri.addEndpoint(bridge, roomId, endpoint, participantId);
			}
			catch (ConferenceNotFoundException ex) {
				// Expired with its last endpoint a moment ago, or forgotten by a restarted bridge.
				if (gateway.store.load(roomId).hasOthers(participantId)) {
					gateway.roomLost(roomId, participantId);
					throw new SfuUnavailableException(
							"Bridge " + bridge.name() + " lost the call's conference", ex);
				}
				gateway.store.forgetConference(roomId);
			}
		}
		try {
			Allocation allocation = gateway.colibri.createConference(bridge, roomId, endpoint,
					participantId);
			if (allocation.feedback() != null) {
				gateway.store.saveConference(roomId,
						new JvbRoomStore.ConferenceRecord(bridge.name(), allocation.feedback()));
			}
			return allocation;
		}
		catch (SfuUnavailableException ex) {
			throw ex;
		}
		catch (SfuRejectedException refused) {
			if (!refused.getMessage().contains(CONFERENCE_EXISTS)) {
				throw refused;
			}
			// Another participant created the conference a moment ago, or a refused create left it
			// behind (the bridge creates the conference before it looks at the endpoint).
			try {
				return gateway.colibri.addEndpoint(bridge, roomId, endpoint, participantId);
			}
			catch (ConferenceNotFoundException ex) {
				throw refused;
			}
		}
	}

	static FeedbackSources feedback(JvbSfuGateway gateway, JvbProperties.Bridge bridge, String roomId,
			Allocation allocation, JvbRoomStore.Room state) {
		if (allocation.feedback() != null) {
			return allocation.feedback();
		}
		JvbRoomStore.ConferenceRecord conference = (state.conference() != null) ? state.conference()
				: gateway.store.load(roomId).conference();
		if (conference == null || conference.feedback() == null) {
			throw new SfuException("Bridge " + bridge.name() + " reported no feedback sources");
		}
		return conference.feedback();
	}

}
