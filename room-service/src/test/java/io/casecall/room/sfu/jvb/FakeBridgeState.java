package io.casecall.room.sfu.jvb;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** What {@link FakeJitsiVideobridge} keeps: its conferences and their endpoints. */
final class FakeBridgeState {

	private FakeBridgeState() {
	}

	/** One endpoint as the bridge sees it. */
	static final class Endpoint {

		final String id;

		final boolean visitor;

		final String ufrag = FakeJitsiVideobridge.token(14);

		final String pwd = FakeJitsiVideobridge.token(26);

		JsonNode remoteTransport;

		JsonNode sources;

		int ignoredTransports;

		/** How often the endpoint took up a DTLS role ({@code DtlsStack.actAsServer/actAsClient}). */
		int dtlsSetups;

		int sourceUpdates;

		Endpoint(String id, boolean visitor) {
			this.id = id;
			this.visitor = visitor;
		}

		/** The media types the endpoint has payload types of (added, never removed: "TODO: support removing"). */
		final java.util.Set<String> payloadTypeMedia = new java.util.HashSet<>();

		/**
		 * {@code Colibri2ConferenceHandler}: {@code acceptAudio}, recomputed on every update of the
		 * endpoint; {@code Endpoint.wants} forwards it no audio packet while it is false.
		 */
		boolean acceptsAudio() {
			return this.payloadTypeMedia.contains("audio");
		}

		/** The bridge starts ICE once it has the browser's credentials (a transport with xmlns). */
		boolean iceStarted() {
			return this.remoteTransport != null;
		}

		/**
		 * {@code Endpoint.setTransportInfo}: the remote fingerprints, then the DTLS role from the
		 * first one's {@code setup} (a new DTLS server or client each time), then ICE.
		 */
		void takeTransport(JsonNode transport) {
			JsonNode fingerprints = transport.path("fingerprints");
			if (!fingerprints.isEmpty()) {
				String setup = fingerprints.get(0).path("setup").asString("");
				if (setup.equalsIgnoreCase("active") || setup.equalsIgnoreCase("passive")) {
					this.dtlsSetups++;
				}
			}
			this.remoteTransport = transport;
		}

	}

	/** One conference: its endpoints and its feedback SSRCs. */
	static final class Conference {

		final String meetingId;

		final String name;

		final String internalId = HexFormat.of().toHexDigits(FakeJitsiVideobridge.random.nextLong());

		final long audioFeedback = FakeJitsiVideobridge.random.nextLong(1, 1L << 32);

		final long videoFeedback = FakeJitsiVideobridge.random.nextLong(1, 1L << 32);

		final String fingerprint = FakeColibri2.fingerprint();

		final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

		boolean expired;

		Conference(String meetingId, String name) {
			this.meetingId = meetingId;
			this.name = name;
		}

	}

}
