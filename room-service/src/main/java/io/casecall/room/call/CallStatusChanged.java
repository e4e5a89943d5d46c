package io.casecall.room.call;

/**
 * A Spring application event, published on the node where a call's status was written (never from
 * the cross-node {@link CallEventBus}): {@code created} once, {@code ended} once, and the status
 * after each seat join ({@code waiting} or {@code connected}; a rejoin repeats it, so a listener
 * that must act once per change deduplicates by call id and status). Listeners run on the
 * caller's thread and must not throw.
 */
public record CallStatusChanged(String callId, CallStatus status) {
}
