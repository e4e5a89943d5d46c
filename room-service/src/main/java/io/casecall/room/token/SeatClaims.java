package io.casecall.room.token;

/**
 * What a room token says about its seat (the claims a caller chooses; {@code iat}, {@code nbf},
 * {@code exp} and {@code jti} are set when it is signed).
 * @param participantId {@code sub}: the seat in the call the token opens
 * @param room {@code room}: the media room of the call
 * @param callId {@code call}
 * @param caseId {@code case}: the support case the call belongs to
 * @param role {@code role}
 * @param name {@code name}: display name shown to the other side
 * @param locale {@code locale}: BCP 47 language tag for the participant's pages, or {@code null}
 */
public record SeatClaims(String participantId, String room, String callId, String caseId, Role role, String name,
		String locale) {
}
