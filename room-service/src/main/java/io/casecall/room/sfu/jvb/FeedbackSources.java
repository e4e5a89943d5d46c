package io.casecall.room.sfu.jvb;

/**
 * The bridge's own SSRCs in a conference ({@code jvb-a0}, {@code jvb-v0}): it sends RTCP and
 * video probing padding from them. The same for every endpoint of a conference; offers signal them
 * on the participant's own m-lines so the browser does not treat those packets as unknown.
 */
record FeedbackSources(Source audio, Source video) {

	/** One feedback source; {@code msid} as the bridge reports it. */
	record Source(long ssrc, String msid) {
	}

}
