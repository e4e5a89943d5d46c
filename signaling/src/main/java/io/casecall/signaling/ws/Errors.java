package io.casecall.signaling.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.CallEndedException;
import io.casecall.room.call.CallNotFoundException;
import io.casecall.room.call.SeatTakenException;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuRejectedException;
import io.casecall.room.sfu.SfuUnavailableException;
import io.casecall.room.system.StoreUnavailableException;
import io.casecall.room.token.InvalidTokenException;

/** Maps failures of the room service to socket errors (docs/protocol.md, "Errors"). */
final class Errors {

	private static final Logger log = LoggerFactory.getLogger(Errors.class);

	private Errors() {
	}

	static ProtocolException toProtocol(RuntimeException ex) {
		if (ex instanceof ProtocolException protocol) {
			return protocol;
		}
		if (ex instanceof SeatTakenException seat) {
			return new ProtocolException(seat.code(), seat.getMessage(), CloseCodes.SEAT);
		}
		if (ex instanceof CallEndedException || ex instanceof CallNotFoundException
				|| ex instanceof InvalidTokenException) {
			return new ProtocolException("call_ended", "The call has ended", CloseCodes.CALL_ENDED);
		}
		if (ex instanceof SfuUnavailableException sfu) {
			return new ProtocolException(sfu.code(), "The media service is unavailable; trying again shortly",
					CloseCodes.UNAVAILABLE);
		}
		if (ex instanceof SfuRejectedException sfu) {
			return new ProtocolException(sfu.code(), "The media service refused this call", CloseCodes.SFU_REJECTED);
		}
		if (ex instanceof SfuException sfu) {
			return new ProtocolException(sfu.code(), "The media service refused: " + sfu.getMessage());
		}
		if (ex instanceof StoreUnavailableException store) {
			return new ProtocolException(store.code(), "The call service is unavailable; trying again shortly",
					CloseCodes.UNAVAILABLE);
		}
		log.error("Unexpected failure on a signaling socket", ex);
		return new ProtocolException("internal_error", "Something went wrong on our side", CloseCodes.INTERNAL);
	}

}
