package io.casecall.signaling.evidence;

import java.time.Instant;

/**
 * Spring application event: a photo was stored and recorded on its call.
 *
 * @param requestedBy {@code agent} or {@code customer}
 */
public record EvidenceAdded(String callId, String evidenceId, String contentType, long size, String sha256,
		String requestedBy, Instant at) {
}
