package io.casecall.room.sfu.jvb;

/**
 * What one browser sends: at most one audio and one video stream (VP8 with RTX, no simulcast).
 * Either may be {@code null} (no microphone, camera off).
 */
record MediaSources(Stream audio, Stream video) {

	static final MediaSources NONE = new MediaSources(null, null);

	boolean sendsNothing() {
		return this.audio == null && this.video == null;
	}

	/**
	 * One RTP stream as the browser describes it.
	 *
	 * @param ssrc primary SSRC
	 * @param rtx RTX SSRC paired with it ({@code a=ssrc-group:FID}), or {@code null}
	 * @param msid the browser's {@code "<stream id> <track id>"}, or {@code null}
	 * @param cname RTCP CNAME, or {@code null}
	 */
	record Stream(long ssrc, Long rtx, String msid, String cname) {
	}

}
