package io.casecall.signaling.metrics;

/**
 * What the server saw itself of one join, to hold a client's connect-time report against.
 *
 * @param joinToReportMs from the server's receipt of the join to its receipt of the report
 * @param joinToMediaUpMs from the server's receipt of the join to the SFU's first media-up
 * event for that participant, or {@code null} when none came
 * @param sfuReportsMediaUp whether the SFU reports media-up at all (Janus does; where it does
 * not, a connected claim is bounded by the join time only)
 */
public record ServerEvidence(double joinToReportMs, Double joinToMediaUpMs, boolean sfuReportsMediaUp) {
}
