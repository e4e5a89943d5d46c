package io.casecall.room.call;

/**
 * What a connection learns when it takes its seat, all from the one write that took it.
 * @param status the call status after the join
 * @param joins the number of joins on this seat, this one included
 * @param otherPresent whether a connection holds the other seat
 * @param otherAudio whether the other participant's microphone is on (as last reported)
 * @param otherVideo whether the other participant's camera is on (as last reported)
 */
public record JoinedSeat(CallStatus status, int joins, boolean otherPresent, boolean otherAudio,
		boolean otherVideo) {
}
