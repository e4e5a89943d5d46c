package io.casecall.room.token;

import java.time.Instant;


/**
 * The verified (or to-be-signed) content of a room token.
 *
 * @param participantId {@code sub}: the seat in the call this token opens
 * @param room {@code room}: the media room of the call
 * @param callId {@code call}
 * @param caseId {@code case}: the support case the call belongs to
 * @param role {@code role}: {@code agent} or {@code customer}
 * @param name {@code name}: display name shown to the other side
 * @param locale {@code locale}: BCP 47 language tag for the participant's pages
 * @param issuedAt {@code iat}
 * @param notBefore {@code nbf}
 * @param expiresAt {@code exp}
 * @param tokenId {@code jti}
 */
public record RoomToken(String participantId, String room, String callId, String caseId, Role role, String name,
		String locale, Instant issuedAt, Instant notBefore, Instant expiresAt, String tokenId) {

	/** The seat's claims, to sign a fresh token for the same seat. */
	public SeatClaims seat() {
		return new SeatClaims(this.participantId, this.room, this.callId, this.caseId, this.role, this.name,
				this.locale);
	}

}
