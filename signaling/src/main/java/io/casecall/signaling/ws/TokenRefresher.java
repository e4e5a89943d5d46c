package io.casecall.signaling.ws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.CallService;
import io.casecall.room.token.RoomToken;
import io.casecall.room.token.RoomTokenService;

import org.springframework.stereotype.Component;

/**
 * Keeps the room token of a participant in a call fresh, so that a reconnect or a reload late in
 * a long call is not refused because the link's token ran out (LiveKit's refresh token, on our
 * socket). When less than half of the role's token lifetime is left, the participant gets a new
 * token for the same seat over its own authenticated socket. Only joined participants get one, and
 * a customer whose media is pre-connected while the preview shows (a long preview,
 * {@code preconnect-hold}): an invite nobody opened still expires when it says. Tokens of an ended
 * call stay refused.
 */
@Component
class TokenRefresher {

	private static final Logger log = LoggerFactory.getLogger(TokenRefresher.class);

	private final RoomTokenService tokens;

	private final Clock clock;

	private final CallService calls;

	TokenRefresher(RoomTokenService tokens, Clock clock, CallService calls) {
		this.tokens = tokens;
		this.clock = clock;
		this.calls = calls;
	}

	/** Sends {@code session} a new token if its current one is past half its lifetime. */
	void refreshIfDue(ParticipantSession session) {
		RoomToken token = session.admission().token();
		Duration lifetime = this.tokens.ttl(token.role());
		Instant now = this.clock.instant();
		if (session.tokenExpiresAt().isAfter(now.plus(lifetime.dividedBy(2)))) {
			return;
		}
		try {
			if (this.calls.get(token.callId()).revoked(token.role(), token.issuedAt(), token.tokenId())) {
				// a newer agent link replaced this socket's (its close event did not reach this node)
				session.writer().error(new ProtocolException("replaced", "A newer agent link replaced this one",
						CloseCodes.SEAT), null);
				return;
			}
			Instant expiresAt = now.plus(lifetime);
			session.tokenRefreshed(this.tokens.issue(token.seat(), expiresAt), expiresAt);
		}
		catch (RuntimeException ex) {
			// a reconnect later may be refused; the call itself goes on
			log.warn("Could not refresh the {} token of call {}: {}", token.role().wire(), token.callId(),
					ex.toString());
		}
	}

}
