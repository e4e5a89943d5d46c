package io.casecall.signaling.api;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/calls/{callId}/end}; both members optional.
 *
 * @param outcome {@code reshipped}, {@code refunded}, {@code claim_filed} or {@code other}
 * @param note the agent's note for the case (at most 2000 characters)
 */
record EndCallRequest(
		@Pattern(regexp = "reshipped|refunded|claim_filed|other", message = "must be one of reshipped, refunded, claim_filed, other") String outcome,
		@Size(max = 2000) @Pattern(regexp = TextRules.MULTI_LINE, message = TextRules.MULTI_LINE_MESSAGE) String note) {
}
