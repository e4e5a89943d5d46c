package io.casecall.room.sfu.jvb;

import java.util.Locale;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The colibri2 request bodies CaseCall sends, one endpoint per request. Field names and values
 * follow jitsi-videobridge's colibri2 JSON ({@code doc/rest-colibri2.md}); the media description
 * is the one the SDP offers use ({@link OfferBuilder}).
 */
final class ColibriMessages {

	static final int OPUS_PT = 111;

	static final int VP8_PT = 100;

	static final int RTX_PT = 96;

	static final int AUDIO_LEVEL_ID = 1;

	static final int ABS_SEND_TIME_ID = 3;

	static final int TWCC_ID = 5;

	static final String AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

	static final String ABS_SEND_TIME_URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

	static final String TWCC_URI = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

	/** Without this the bridge silently ignores a transport (and never starts ICE). */
	static final String ICE_UDP_XMLNS = "urn:xmpp:jingle:transports:ice-udp:1";

	/** The domain of conference names (a label only: no XMPP server is involved). */
	static final String CONFERENCE_DOMAIN = "conference.casecall";

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private ColibriMessages() {
	}

	/**
	 * The conference's {@code name}: the bridge parses it as a bare JID
	 * ({@code Videobridge.getOrCreateConference} -> {@code JidCreate.entityBareFrom}) and refuses
	 * anything else with 400 "Invalid conference name (not a JID)". It only labels the conference in
	 * the bridge's logs and stats, so it is the room id under a fixed domain.
	 */
	static String conferenceName(String meetingId) {
		return meetingId.toLowerCase(Locale.ROOT) + "@" + CONFERENCE_DOMAIN;
	}

	/** POST /colibri/v2/conferences: create the conference with its first endpoint. */
	static ObjectNode createConference(String meetingId, String endpoint, String statsId) {
		ObjectNode body = nodes.objectNode()
			.put("meeting-id", meetingId)
			.put("name", conferenceName(meetingId))
			.put("create", true);
		body.putArray("endpoints").add(newEndpoint(endpoint, statsId));
		return body;
	}

	/** PATCH /colibri/v2/conferences/{meetingId}: add an endpoint to an existing conference. */
	static ObjectNode addEndpoint(String meetingId, String endpoint, String statsId) {
		ObjectNode body = nodes.objectNode().put("meeting-id", meetingId);
		body.putArray("endpoints").add(newEndpoint(endpoint, statsId));
		return body;
	}

	/**
	 * PATCH: the browser's transport (ICE credentials, DTLS) and the sources it sends, each only
	 * when the update carries it. An empty source list says the endpoint sends nothing (the bridge
	 * replaces the endpoint's sources with what a request lists). With {@code audio}, the audio
	 * media too: the bridge forwards audio to an endpoint, and reads audio from it, only once the
	 * endpoint has an audio payload type ({@code Colibri2ConferenceHandler}: {@code acceptAudio},
	 * recomputed on every update; {@code Endpoint.wants}); until then every audio source would go
	 * to an endpoint without an audio subscription ({@code AudioSubscriptionManager}).
	 */
	static ObjectNode updateEndpoint(String meetingId, String endpoint, EndpointUpdate update) {
		ObjectNode body = nodes.objectNode().put("meeting-id", meetingId);
		ObjectNode description = body.putArray("endpoints").addObject().put("id", endpoint);
		if (update.audio()) {
			description.putArray("medias").add(audioMedia());
		}
		BrowserAnswer answer = update.answer();
		if (update.transport()) {
			ObjectNode transport = description.putObject("transport")
				.putObject("transport")
				.put("xmlns", ICE_UDP_XMLNS)
				.put("ufrag", answer.ufrag())
				.put("pwd", answer.pwd())
				.put("rtcp-mux", true);
			ArrayNode fingerprints = transport.putArray("fingerprints");
			for (IceTransport.Fingerprint fingerprint : answer.fingerprints()) {
				fingerprints.addObject()
					.put("fingerprint", fingerprint.value())
					.put("setup", fingerprint.setup())
					.put("hash", fingerprint.hash());
			}
		}
		if (update.sources()) {
			ArrayNode list = description.putArray("sources");
			MediaSources sources = answer.sources();
			if (sources.audio() != null) {
				source(list, "audio", endpoint + "-a0", sources.audio());
			}
			if (sources.video() != null) {
				source(list, "video", endpoint + "-v0", sources.video());
			}
		}
		return body;
	}

	/** PATCH: remove one endpoint (the bridge expires the conference with its last endpoint). */
	static ObjectNode expireEndpoint(String meetingId, String endpoint) {
		ObjectNode body = nodes.objectNode().put("meeting-id", meetingId);
		body.putArray("endpoints").addObject().put("id", endpoint).put("expire", true);
		return body;
	}

	/** PATCH: end the conference with whatever is left in it. */
	static ObjectNode expireConference(String meetingId) {
		return nodes.objectNode().put("meeting-id", meetingId).put("expire", true);
	}

	/** The endpoint description: full ICE with the bridge controlling, source names, our codecs. */
	private static ObjectNode newEndpoint(String endpoint, String statsId) {
		ObjectNode description = nodes.objectNode()
			.put("create", true)
			.put("id", endpoint)
			.put("stats-id", statsId)
			.put("muc-role", "moderator");
		// video only: audio goes to an endpoint only once it accepts audio (acceptAudio, see updateEndpoint)
		description.putArray("medias").add(videoMedia());
		// no video either until the page's receiver constraints (Endpoint.setInitialLastN), whatever the
		// bridge's own videobridge.cc.initial-max-height-px
		description.putObject("initial-last-n").put("value", 0);
		description.putObject("transport").put("ice-controlling", true);
		description.putArray("capabilities").add("source-names");
		return description;
	}

	/** Every media the endpoint may carry, audio and video: what the offers are built from. */
	static ArrayNode medias() {
		ArrayNode medias = nodes.arrayNode();
		medias.add(audioMedia());
		medias.add(videoMedia());
		return medias;
	}

	/** Opus, with the audio level and transport-cc header extensions. */
	static ObjectNode audioMedia() {
		ObjectNode audio = nodes.objectNode().put("type", "audio");
		ObjectNode opus = audio.putArray("payload-types")
			.addObject()
			.put("name", "opus")
			.put("id", String.valueOf(OPUS_PT))
			.put("channels", "2")
			.put("clockrate", "48000");
		opus.putObject("parameters").put("minptime", "10").put("useinbandfec", "1");
		opus.putArray("rtcp-fbs").addObject().put("type", "transport-cc");
		ArrayNode audioExtensions = audio.putArray("rtp-hdrexts");
		audioExtensions.addObject().put("uri", AUDIO_LEVEL_URI).put("id", AUDIO_LEVEL_ID);
		audioExtensions.addObject().put("uri", TWCC_URI).put("id", TWCC_ID);
		audio.put("extmap-allow-mixed", true);
		return audio;
	}

	/** VP8 with RTX, with the abs-send-time and transport-cc header extensions. */
	static ObjectNode videoMedia() {
		ObjectNode video = nodes.objectNode().put("type", "video");
		ArrayNode videoTypes = video.putArray("payload-types");
		ObjectNode vp8 = videoTypes.addObject()
			.put("name", "VP8")
			.put("id", String.valueOf(VP8_PT))
			.put("clockrate", "90000");
		ArrayNode feedback = vp8.putArray("rtcp-fbs");
		feedback.addObject().put("type", "ccm").put("subtype", "fir");
		feedback.addObject().put("type", "nack");
		feedback.addObject().put("type", "nack").put("subtype", "pli");
		feedback.addObject().put("type", "transport-cc");
		videoTypes.addObject()
			.put("name", "rtx")
			.put("id", String.valueOf(RTX_PT))
			.put("clockrate", "90000")
			.putObject("parameters")
			.put("apt", String.valueOf(VP8_PT));
		ArrayNode videoExtensions = video.putArray("rtp-hdrexts");
		videoExtensions.addObject().put("uri", ABS_SEND_TIME_URI).put("id", ABS_SEND_TIME_ID);
		videoExtensions.addObject().put("uri", TWCC_URI).put("id", TWCC_ID);
		video.put("extmap-allow-mixed", true);
		return video;
	}

	private static void source(ArrayNode list, String type, String name, MediaSources.Stream stream) {
		ObjectNode source = list.addObject().put("type", type).put("id", name);
		ArrayNode ssrcs = source.putArray("sources");
		ssrc(ssrcs, stream.ssrc(), name, stream.msid());
		if (stream.rtx() != null) {
			ssrc(ssrcs, stream.rtx(), name, stream.msid());
			source.putArray("ssrc-groups")
				.addObject()
				.put("semantics", "FID")
				.putArray("sources")
				.add(stream.ssrc())
				.add(stream.rtx());
		}
	}

	private static void ssrc(ArrayNode ssrcs, long ssrc, String name, String msid) {
		ObjectNode entry = ssrcs.addObject().put("ssrc", ssrc).put("name", name);
		if (msid != null) {
			entry.putObject("parameters").put("msid", msid);
		}
	}

}
