package io.casecall.room.call;

import java.time.Instant;
import io.casecall.room.token.Role;

/**
 * One participant seat of a call and what happened on it.
 *
 * @param participantId the {@code sub} of this seat's tokens
 * @param role agent or customer
 * @param present whether a connection currently holds the seat
 * @param firstJoinedAt first time anybody joined on this seat
 * @param lastJoinedAt latest join (reloads and reconnects count)
 * @param lastLeftAt latest time the seat was left
 * @param joins number of joins
 * @param audio whether the participant's microphone is on (as last reported)
 * @param video whether the participant's camera is on (as last reported)
 * @param leaseUntil while present: until when the holding connection vouched for itself (it renews
 * this while alive; a connection whose node died stops), else {@code null}
 * @param leftCause why the seat was last left ({@code null} before its first leave)
 */
public record Seat(String participantId, Role role, boolean present, Instant firstJoinedAt, Instant lastJoinedAt,
		Instant lastLeftAt, int joins, boolean audio, boolean video, Instant leaseUntil, PresenceCause leftCause) {
}
