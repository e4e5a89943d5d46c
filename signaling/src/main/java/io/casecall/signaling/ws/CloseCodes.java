package io.casecall.signaling.ws;

/** Close codes of the signaling socket (docs/protocol.md). */
final class CloseCodes {

	static final int NORMAL = 1000;

	static final int GOING_AWAY = 1001;

	static final int TOO_BIG = 1009;

	static final int INTERNAL = 1011;

	static final int PROTOCOL = 4400;

	static final int WRONG_CALL = 4403;

	static final int IDLE = 4408;

	static final int SEAT = 4409;

	static final int CALL_ENDED = 4410;

	static final int RATE_LIMITED = 4429;

	/** The media server refused the join (a configuration fault): the client does not retry. */
	static final int SFU_REJECTED = 4502;

	static final int UNAVAILABLE = 4503;

	private CloseCodes() {
	}

}
