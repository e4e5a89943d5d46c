package io.casecall.signaling.ws;

import io.casecall.room.call.PresenceCause;

import org.springframework.web.socket.CloseStatus;

/**
 * Why a joined socket's seat was left, from how the socket closed: the cause in the call's
 * presence history. The server's own close says the most (it knows why it closed); otherwise the
 * close the container saw: a normal close or a page going away is the participant leaving,
 * anything else (1006 abnormal, a lost network, silence) a connection lost without a leave.
 */
final class LeaveCauses {

	private LeaveCauses() {
	}

	static PresenceCause of(CloseStatus server, CloseStatus seen) {
		if (server != null) {
			return switch (server.getCode()) {
				case CloseCodes.NORMAL -> PresenceCause.LEFT;
				case CloseCodes.GOING_AWAY -> PresenceCause.SERVER_SHUTDOWN;
				case CloseCodes.UNAVAILABLE -> PresenceCause.SFU_LOST;
				case CloseCodes.SEAT -> PresenceCause.SEAT_TAKEN_OVER;
				case CloseCodes.CALL_ENDED -> PresenceCause.CALL_ENDED;
				default -> PresenceCause.CONNECTION_LOST;
			};
		}
		int code = (seen != null) ? seen.getCode() : CloseStatus.NO_STATUS_CODE.getCode();
		return (code == CloseCodes.NORMAL || code == CloseCodes.GOING_AWAY) ? PresenceCause.LEFT
				: PresenceCause.CONNECTION_LOST;
	}

	/**
	 * Whether a joined socket that closed so may be resumed (its SFU participant kept): lost without
	 * a leave, as the client saw it (1006, a client's own give-up) or found silent by the server
	 * (4408). Not a leave, a takeover, the call's end, the SFU's loss or the server's other closes.
	 */
	static boolean resumable(CloseStatus server, CloseStatus seen) {
		if (server != null) {
			return server.getCode() == CloseCodes.IDLE;
		}
		return of(null, seen) == PresenceCause.CONNECTION_LOST;
	}

}
