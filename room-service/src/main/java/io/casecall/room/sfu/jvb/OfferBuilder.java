package io.casecall.room.sfu.jvb;

import java.util.List;

/**
 * Builds the one SDP offer a participant's browser gets for its connection to the bridge.
 * <p>
 * Layout: one BUNDLE group; mid {@code 0} (audio) and {@code 1} (video) are {@code sendrecv} and
 * carry the browser's own media plus the bridge's feedback sources; then one receive-only audio +
 * video pair of m-lines per {@link Slot}, {@code sendonly} with the remote participant's SSRCs or
 * {@code inactive} without any. Every m-line repeats the bridge's ICE credentials, fingerprint
 * ({@code a=setup:actpass}: the browser answers {@code active}), candidates and {@code a=rtcp-mux}.
 * Payload types and header extension ids are exactly those {@link ColibriMessages#medias()} gives
 * the bridge. The bridge runs full ICE as the controlling agent, so there is no {@code a=ice-lite}.
 * <p>
 * The remote participant's media uses stream id = participant id, so a client can tell whose
 * tracks arrive without knowing anything about the bridge.
 */
final class OfferBuilder {

	private static final String CRLF = "\r\n";

	private OfferBuilder() {
	}

	static String build(EndpointRecord endpoint, FeedbackSources feedback) {
		List<Slot> slots = endpoint.slots();
		StringBuilder sdp = new StringBuilder();
		line(sdp, "v=0");
		line(sdp, "o=- " + endpoint.sessionId() + " " + endpoint.version() + " IN IP4 0.0.0.0");
		line(sdp, "s=-");
		line(sdp, "t=0 0");
		StringBuilder bundle = new StringBuilder("a=group:BUNDLE");
		for (int mid = 0; mid < 2 + 2 * slots.size(); mid++) {
			bundle.append(' ').append(mid);
		}
		line(sdp, bundle.toString());
		line(sdp, "a=extmap-allow-mixed");
		line(sdp, "a=msid-semantic: WMS *");

		IceTransport transport = endpoint.transport();
		audio(sdp, transport, 0, "sendrecv");
		feedback(sdp, feedback.audio(), "jvb-a0");
		video(sdp, transport, 1, "sendrecv");
		feedback(sdp, feedback.video(), "jvb-v0");
		for (int i = 0; i < slots.size(); i++) {
			Slot slot = slots.get(i);
			MediaSources sources = (slot != null) ? slot.sources() : MediaSources.NONE;
			audio(sdp, transport, 2 + 2 * i, (sources.audio() != null) ? "sendonly" : "inactive");
			remote(sdp, slot, sources.audio(), "-a0");
			video(sdp, transport, 3 + 2 * i, (sources.video() != null) ? "sendonly" : "inactive");
			remote(sdp, slot, sources.video(), "-v0");
		}
		return sdp.toString();
	}

	private static void audio(StringBuilder sdp, IceTransport transport, int mid, String direction) {
		line(sdp, "m=audio 9 UDP/TLS/RTP/SAVPF " + ColibriMessages.OPUS_PT);
		common(sdp, transport, mid, direction);
		line(sdp, "a=extmap:" + ColibriMessages.AUDIO_LEVEL_ID + " " + ColibriMessages.AUDIO_LEVEL_URI);
		line(sdp, "a=extmap:" + ColibriMessages.TWCC_ID + " " + ColibriMessages.TWCC_URI);
		line(sdp, "a=rtpmap:" + ColibriMessages.OPUS_PT + " opus/48000/2");
		line(sdp, "a=fmtp:" + ColibriMessages.OPUS_PT + " minptime=10;useinbandfec=1");
		line(sdp, "a=rtcp-fb:" + ColibriMessages.OPUS_PT + " transport-cc");
	}

	private static void video(StringBuilder sdp, IceTransport transport, int mid, String direction) {
		line(sdp, "m=video 9 UDP/TLS/RTP/SAVPF " + ColibriMessages.VP8_PT + " " + ColibriMessages.RTX_PT);
		common(sdp, transport, mid, direction);
		line(sdp, "a=extmap:" + ColibriMessages.ABS_SEND_TIME_ID + " " + ColibriMessages.ABS_SEND_TIME_URI);
		line(sdp, "a=extmap:" + ColibriMessages.TWCC_ID + " " + ColibriMessages.TWCC_URI);
		int vp8 = ColibriMessages.VP8_PT;
		line(sdp, "a=rtpmap:" + vp8 + " VP8/90000");
		line(sdp, "a=rtcp-fb:" + vp8 + " ccm fir");
		line(sdp, "a=rtcp-fb:" + vp8 + " nack");
		line(sdp, "a=rtcp-fb:" + vp8 + " nack pli");
		line(sdp, "a=rtcp-fb:" + vp8 + " transport-cc");
		line(sdp, "a=rtpmap:" + ColibriMessages.RTX_PT + " rtx/90000");
		line(sdp, "a=fmtp:" + ColibriMessages.RTX_PT + " apt=" + vp8);
	}

	private static void common(StringBuilder sdp, IceTransport transport, int mid, String direction) {
		line(sdp, "c=IN IP4 0.0.0.0");
		line(sdp, "a=rtcp:9 IN IP4 0.0.0.0");
		line(sdp, "a=ice-ufrag:" + transport.ufrag());
		line(sdp, "a=ice-pwd:" + transport.pwd());
		for (IceTransport.Fingerprint fingerprint : transport.fingerprints()) {
			line(sdp, "a=fingerprint:" + fingerprint.hash() + " " + fingerprint.value());
		}
		line(sdp, "a=setup:actpass");
		for (IceTransport.Candidate candidate : transport.candidates()) {
			line(sdp, "a=candidate:" + candidate.sdp());
		}
		line(sdp, "a=mid:" + mid);
		line(sdp, "a=" + direction);
		line(sdp, "a=rtcp-mux");
	}

	private static void feedback(StringBuilder sdp, FeedbackSources.Source source, String name) {
		String msid = (source.msid() != null) ? source.msid() : "jvb " + name;
		line(sdp, "a=ssrc:" + source.ssrc() + " cname:" + name);
		line(sdp, "a=ssrc:" + source.ssrc() + " msid:" + msid);
	}

	private static void remote(StringBuilder sdp, Slot slot, MediaSources.Stream stream, String suffix) {
		if (stream == null) {
			return;
		}
		String msid = slot.participantId() + " " + slot.endpoint() + suffix;
		String cname = (stream.cname() != null) ? stream.cname() : slot.participantId();
		line(sdp, "a=msid:" + msid);
		if (stream.rtx() != null) {
			line(sdp, "a=ssrc-group:FID " + stream.ssrc() + " " + stream.rtx());
		}
		ssrc(sdp, stream.ssrc(), cname, msid);
		if (stream.rtx() != null) {
			ssrc(sdp, stream.rtx(), cname, msid);
		}
	}

	private static void ssrc(StringBuilder sdp, long ssrc, String cname, String msid) {
		line(sdp, "a=ssrc:" + ssrc + " cname:" + cname);
		line(sdp, "a=ssrc:" + ssrc + " msid:" + msid);
	}

	private static void line(StringBuilder sdp, String line) {
		sdp.append(line).append(CRLF);
	}

}
