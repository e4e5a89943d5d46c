package io.casecall.room.sfu.jvb;

import io.casecall.room.sfu.SfuUnavailableException;

/**
 * The bridge answered 404 for a conference: it expired it (its last endpoint left) or forgot it
 * (it restarted). Callers decide which: with participants still recorded in the room it is a lost
 * session.
 */
class ConferenceNotFoundException extends SfuUnavailableException {

	ConferenceNotFoundException(String bridge, String meetingId) {
		super("Bridge " + bridge + " has no conference " + meetingId);
	}

}
