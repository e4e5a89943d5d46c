package io.casecall.room.sfu.janus;

import io.casecall.room.sfu.SfuException;

/** Janus (core or VideoRoom plugin) refused a request; {@link #janusCode()} is Janus's own code. */
class JanusErrorException extends SfuException {

	/** Janus core: the session does not exist (expired or destroyed). */
	static final int NO_SUCH_SESSION = 458;

	/** VideoRoom: no such room. */
	static final int NO_SUCH_ROOM = 426;

	/** VideoRoom: the room already exists. */
	static final int ROOM_EXISTS = 427;

	/** VideoRoom: no such feed (the publisher left or stopped publishing). */
	static final int NO_SUCH_FEED = 428;

	private final int janusCode;

	JanusErrorException(String operation, int janusCode, String reason) {
		super("Janus refused " + operation + ": " + janusCode + " " + reason);
		this.janusCode = janusCode;
	}

	int janusCode() {
		return this.janusCode;
	}

}
