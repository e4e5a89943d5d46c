package io.casecall.room.call;

import io.casecall.room.token.InvalidTokenException;
import io.casecall.room.token.InvalidTokenException.Reason;
import io.casecall.room.token.RoomToken;
import io.casecall.room.token.RoomTokenService;

import org.springframework.stereotype.Component;

/**
 * Decides whether a room token admits its bearer to a call: a valid signature is not enough,
 * the call must still be open and the token must be for one of its seats.
 */
@Component
public class CallAccess {

	private final RoomTokenService tokens;

	private final CallRepository calls;

	CallAccess(RoomTokenService tokens, CallRepository calls) {
		this.tokens = tokens;
		this.calls = calls;
	}

	/**
	 * @throws InvalidTokenException when the token is invalid, its call has ended or is gone
	 * ({@link Reason#REVOKED}), or it does not match the call's seat ({@link Reason#WRONG_CALL})
	 */
	public Admission admit(String rawToken) {
		return admit(this.tokens.verify(rawToken));
	}

	/**
	 * Like {@link #admit(String)} for a token whose signature and validity were already checked
	 * ({@link RoomTokenService#verify}): only the call store is asked.
	 */
	public Admission admit(RoomToken token) {
		Call call = this.calls.find(token.callId());
		if (call == null || call.ended()) {
			throw new InvalidTokenException(Reason.REVOKED, "The call of this token has ended");
		}
		if (call.revoked(token.role(), token.issuedAt(), token.tokenId())) {
			throw new InvalidTokenException(Reason.REVOKED, "A newer agent link replaced this one");
		}
		Seat seat = call.seat(token.role());
		if (!seat.participantId().equals(token.participantId()) || !call.room().equals(token.room())) {
			throw new InvalidTokenException(Reason.WRONG_CALL, "The token does not belong to this call");
		}
		return new Admission(token, call);
	}

	/** Like {@link #admit(String)}, and the token must be for {@code callId}. */
	public Admission admit(String rawToken, String callId) {
		Admission admission = admit(rawToken);
		if (!admission.callId().equals(callId)) {
			throw new InvalidTokenException(Reason.WRONG_CALL, "The token is for another call");
		}
		return admission;
	}

}
