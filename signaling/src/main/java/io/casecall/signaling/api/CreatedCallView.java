package io.casecall.signaling.api;

import java.time.Instant;

/**
 * Answer to {@code POST /api/v1/calls}. The two URLs carry room tokens in their fragment, so
 * they never reach a server log; hand the invite URL to the customer only.
 */
record CreatedCallView(String callId, String caseId, String status, String agentJoinUrl, String customerInviteUrl,
		Instant agentTokenExpiresAt, Instant inviteExpiresAt, Instant createdAt) {
}
