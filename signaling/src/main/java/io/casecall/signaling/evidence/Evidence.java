package io.casecall.signaling.evidence;

import java.time.Instant;

/**
 * One photo kept with a call, as recorded on the call record.
 *
 * @param id evidence id
 * @param contentType {@code image/jpeg}, {@code image/png} or {@code image/webp}, from the bytes
 * @param size bytes stored (after location metadata was removed)
 * @param sha256 hex SHA-256 of the stored bytes
 * @param requestedBy {@code agent} (the agent asked, the customer's page showed the request) or
 * the uploader's own role (sent on their own initiative)
 * @param uploadedBy {@code customer} or {@code agent}: whose room token uploaded it
 * @param at when it was stored
 * @param noticeShown whether the uploading page reports that it showed the visible capture
 * notice (countdown) before taking the photo
 * @param requestId the {@code photo_request} it answers, if any
 */
public record Evidence(String id, String contentType, long size, String sha256, String requestedBy,
		String uploadedBy, Instant at, boolean noticeShown, String requestId) {
}
