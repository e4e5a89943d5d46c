package io.casecall.room.sfu.jvb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.casecall.room.sfu.jvb.FakeBridgeState.Conference;
import io.casecall.room.sfu.jvb.FakeBridgeState.Endpoint;

/**
 * The colibri2 rules of {@link FakeJitsiVideobridge}, each taken from jitsi-videobridge 2.3 (and
 * jitsi-xmpp-extensions, which parses its JSON) and named after the class it comes from. A
 * refusal is a {@link Refused} with the reason text the bridge gives.
 */
final class FakeColibri2 {

	static final String XMLNS = "urn:xmpp:jingle:transports:ice-udp:1";

	/** TEST-NET-2: never reachable, fine for SDP tests. */
	static final String CANDIDATE_IP = "198.51.100.10";

	/**
	 * A bare JID as {@code JidCreate.entityBareFrom} (jxmpp) accepts it: a localpart, one '@', a
	 * domain; none of the characters XMPP forbids in a localpart.
	 */
	private static final Pattern BARE_JID = Pattern.compile("[^\"&'/:<>@\\s]{1,1023}@[^@/\\s]{1,1023}");

	private static final Set<String> MEDIA_TYPES = Set.of("audio", "video", "data");

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private FakeColibri2() {
	}

	/**
	 * {@code Colibri2JSONDeserializer.deserializeConferenceModify}: a member of the wrong JSON type
	 * fails the parse, whatever it is. Jersey answers "Failed to parse ConferenceModify JSON:...".
	 */
	static void checkTypes(JsonNode request) {
		textual(request, "meeting-id");
		textual(request, "name");
		bool(request, "create");
		bool(request, "expire");
		for (JsonNode endpoint : array(request, "endpoints")) {
			require(endpoint.isObject(), "Expected object for endpoint element, got " + endpoint.getNodeType());
			textual(endpoint, "id");
			bool(endpoint, "create");
			bool(endpoint, "expire");
			textual(endpoint, "stats-id");
			textual(endpoint, "muc-role");
			for (JsonNode capability : array(endpoint, "capabilities")) {
				require(capability.isString(), "Expected string capability, got " + capability.getNodeType());
			}
			for (JsonNode media : array(endpoint, "medias")) {
				// Media.Builder.build: "Media type must be set"; MediaType.parseString refuses the rest
				require(MEDIA_TYPES.contains(media.path("type").asString("")), "Media type must be set");
				for (JsonNode extension : array(media, "rtp-hdrexts")) {
					// JSONDeserializer.deserializeHeaderExtension
					require(extension.path("id").isMissingNode() || extension.path("id").isNumber(),
							"Expected numeric header extension id, got " + extension.path("id").getNodeType());
				}
			}
			JsonNode initialLastN = endpoint.path("initial-last-n");
			// deserializeInitialLastN
			require(initialLastN.isMissingNode() || initialLastN.isObject(),
					"Expected object for initial-last-n, got " + initialLastN.getNodeType());
			require(initialLastN.isMissingNode() || initialLastN.path("value").isNumber(), "Invalid 'value'");
			JsonNode transport = endpoint.path("transport");
			require(transport.isMissingNode() || transport.isObject(), "Expected object for transport");
			bool(transport, "ice-controlling");
			for (JsonNode source : array(endpoint, "sources")) {
				// MediaSource.Builder.build
				require(MEDIA_TYPES.contains(source.path("type").asString("")), "Source media type must be set");
				require(source.path("id").isString(), "Source ID must be set.");
			}
			// AbstractConferenceEntity.Builder.build
			require(endpoint.path("id").isString(), "ID must be set");
		}
	}

	/**
	 * {@code Videobridge.getOrCreateConference}: the conference of a request, created (before
	 * anything about its endpoints is looked at) when the request says {@code create}.
	 */
	static Conference conferenceFor(JsonNode request, Map<String, Conference> conferences, boolean shuttingDown) {
		String meetingId = request.path("meeting-id").asString();
		Conference conference = conferences.get(meetingId);
		if (request.path("create").asBoolean(false)) {
			if (conference != null) {
				// Colibri2Util.createConferenceAlreadyExistsError
				throw new Refused("Conference already exists for ID: " + meetingId);
			}
			if (shuttingDown) {
				// Colibri2Util.createGracefulShutdownErrorResponse
				throw new Refused("In graceful shutdown");
			}
			String name = request.path("name").asString(null);
			if (name != null && !BARE_JID.matcher(name).matches()) {
				// JidCreate.entityBareFrom throws XmppStringprepException
				throw new Refused("Invalid conference name (not a JID)");
			}
			conference = new Conference(meetingId, name);
			conferences.put(meetingId, conference);
			return conference;
		}
		if (conference == null) {
			// Colibri2Util.createConferenceNotFoundError
			throw new Refused("Conference not found for ID: " + meetingId);
		}
		return conference;
	}

	/**
	 * {@code Colibri2ConferenceHandler.handleConferenceModifyIQ}: the endpoints of one request, the
	 * feedback sources with any create, and the conference's end with its last endpoint.
	 * @return the response body; {@code conference.expired} says whether the conference goes now
	 */
	static ObjectNode modify(Conference conference, JsonNode request, String webSocketBase) {
		JsonNode endpoints = request.path("endpoints");
		validate(endpoints);
		boolean ignoreUnknown = ignoresUnknownEndpoints(endpoints);
		ObjectNode response = nodes.objectNode();
		ArrayNode described = response.putArray("endpoints");
		for (JsonNode endpoint : endpoints) {
			described.add(endpoint(conference, endpoint, ignoreUnknown, webSocketBase));
		}
		boolean create = request.path("create").asBoolean(false);
		boolean anyCreate = create || stream(endpoints).anyMatch((e) -> e.path("create").asBoolean(false));
		if (anyCreate) {
			response.set("sources", feedback(conference));
		}
		if (described.isEmpty()) {
			response.remove("endpoints");
		}
		conference.expired = request.path("expire").asBoolean(false) || (!create && conference.endpoints.isEmpty());
		return response;
	}

	/** {@code Colibri2ConferenceHandler.validateRequest}. */
	private static void validate(JsonNode endpoints) {
		if (endpoints.size() > 1 && stream(endpoints).anyMatch(FakeColibri2::changesMedia)) {
			throw new Refused("Creating or updating media, sources or transport for more than one endpoint in a "
					+ "request.");
		}
	}

	/** {@code shouldIgnoreUnknownEndpoints}: a request that only expires endpoints ignores unknown ones. */
	private static boolean ignoresUnknownEndpoints(JsonNode endpoints) {
		return stream(endpoints).noneMatch(FakeColibri2::changesMedia);
	}

	private static boolean changesMedia(JsonNode endpoint) {
		return endpoint.path("create").asBoolean(false) || !endpoint.path("medias").isEmpty()
				|| endpoint.has("transport") || endpoint.has("sources");
	}

	/** {@code Colibri2ConferenceHandler.handleColibri2Endpoint}. */
	private static ObjectNode endpoint(Conference conference, JsonNode request, boolean ignoreUnknown,
			String webSocketBase) {
		String id = request.path("id").asString();
		ObjectNode response = nodes.objectNode().put("id", id);
		if (request.path("expire").asBoolean(false)) {
			conference.endpoints.remove(id);
			return response.put("expire", true);
		}
		boolean create = request.path("create").asBoolean(false);
		Endpoint endpoint = conference.endpoints.get(id);
		if (create) {
			if (endpoint != null) {
				throw new Refused("Endpoint with ID " + id + " already exists");
			}
			if (!request.has("transport")) {
				throw new Refused("Attempt to create endpoint " + id + " with no <transport>");
			}
			if (!strings(request.path("capabilities")).contains("source-names")) {
				throw new Refused("Source name support is mandatory.");
			}
			if (request.path("transport").has("sctp")) {
				// SCTP is off in the configuration CaseCall's bridges run with
				throw new Refused("SCTP support is not configured");
			}
			endpoint = new Endpoint(id, "visitor".equals(request.path("muc-role").asString(null)));
			conference.endpoints.put(id, endpoint);
		}
		if (endpoint == null) {
			if (ignoreUnknown) {
				return response;
			}
			// Colibri2Util.createEndpointNotFoundError
			throw new Refused("Endpoint not found for ID: " + id);
		}
		for (JsonNode media : array(request, "medias")) {
			// media.payloadTypes.forEach { endpoint.addPayloadType(it) }
			if (!media.path("payload-types").isEmpty()) {
				endpoint.payloadTypeMedia.add(media.path("type").asString());
			}
		}
		JsonNode transport = request.path("transport").path("transport");
		if (transport.isObject()) {
			// JSONDeserializer.deserializeTransport: without the ice-udp xmlns there is no transport
			if (XMLNS.equals(transport.path("xmlns").asString(null))) {
				endpoint.takeTransport(transport);
			}
			else {
				endpoint.ignoredTransports++;
			}
		}
		if (request.has("sources")) {
			if (endpoint.visitor && !request.path("sources").isEmpty()) {
				throw new Refused("Attempt to set sources for visitor endpoint " + id);
			}
			endpoint.sources = request.path("sources");
			endpoint.sourceUpdates++;
		}
		if (create) {
			response.putObject("transport").set("transport", describeTransport(conference, endpoint, webSocketBase));
		}
		return response;
	}

	/** {@code Endpoint.describeTransport}: ICE, DTLS (role still open) and the colibri WebSocket. */
	private static ObjectNode describeTransport(Conference conference, Endpoint endpoint, String webSocketBase) {
		ObjectNode transport = nodes.objectNode();
		transport.put("xmlns", XMLNS).put("pwd", endpoint.pwd).put("ufrag", endpoint.ufrag);
		transport.putArray("fingerprints")
			.addObject()
			.put("fingerprint", conference.fingerprint)
			.put("setup", "actpass")
			.put("hash", "sha-256");
		transport.putArray("candidates")
			.addObject()
			.put("generation", "0")
			.put("component", "1")
			.put("protocol", "udp")
			.put("port", "10000")
			.put("ip", CANDIDATE_IP)
			.put("foundation", "1")
			.put("id", FakeJitsiVideobridge.token(24))
			.put("priority", "2130706431")
			.put("type", "host")
			.put("network", "0");
		transport.putArray("web-sockets")
			.add(webSocketBase + "/colibri-ws/jvb1/" + conference.internalId + "/" + endpoint.id + "?pwd="
					+ endpoint.pwd);
		transport.put("rtcp-mux", true);
		return transport;
	}

	/** {@code Colibri2ConferenceHandler.buildFeedbackSources}: SSRC and name, nothing else. */
	private static ArrayNode feedback(Conference conference) {
		ArrayNode sources = nodes.arrayNode();
		sources.addObject()
			.put("type", "audio")
			.put("id", "jvb-a0")
			.putArray("sources")
			.addObject()
			.put("ssrc", conference.audioFeedback)
			.put("name", "jvb-a0");
		sources.addObject()
			.put("type", "video")
			.put("id", "jvb-v0")
			.putArray("sources")
			.addObject()
			.put("ssrc", conference.videoFeedback)
			.put("name", "jvb-v0");
		return sources;
	}

	static String fingerprint() {
		return IntStream.range(0, 32)
			.mapToObj((i) -> String.format("%02X", FakeJitsiVideobridge.random.nextInt(256)))
			.collect(Collectors.joining(":"));
	}

	private static void textual(JsonNode node, String member) {
		JsonNode value = node.path(member);
		require(value.isMissingNode() || value.isString(), "Expected string for " + member + ", got "
				+ value.getNodeType());
	}

	private static void bool(JsonNode node, String member) {
		JsonNode value = node.path(member);
		require(value.isMissingNode() || value.isBoolean(), "Expected boolean for " + member + ", got "
				+ value.getNodeType());
	}

	private static Iterable<JsonNode> array(JsonNode node, String member) {
		JsonNode value = node.path(member);
		require(value.isMissingNode() || value.isArray(), "Expected array for " + member + ", got "
				+ value.getNodeType());
		return value.isArray() ? value : List.of();
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new Refused("Failed to parse ConferenceModify JSON:" + message, false);
		}
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asString()));
		return values;
	}

	private static Stream<JsonNode> stream(JsonNode array) {
		List<JsonNode> list = new ArrayList<>();
		array.forEach(list::add);
		return list.stream();
	}

	/** A refusal: HTTP 400 with the bridge's words. */
	static final class Refused extends RuntimeException {

		/** Whether Jersey prefixes "Failed to create conference: " ({@code Conferences} does for IQ errors). */
		final boolean iqError;

		Refused(String message) {
			this(message, true);
		}

		Refused(String message, boolean iqError) {
			super(message);
			this.iqError = iqError;
		}

		String reason() {
			return this.iqError ? "Failed to create conference: " + getMessage() : getMessage();
		}

	}

}
