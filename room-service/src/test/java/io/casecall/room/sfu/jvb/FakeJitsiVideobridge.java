package io.casecall.room.sfu.jvb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-process Jitsi Videobridge that speaks colibri2 over HTTP the way a real JVB 2.3 does
 * (like Jicofo's TestColibri2Server), strict where the real one is: an endpoint without the
 * {@code source-names} capability is refused (400), a transport without {@code xmlns} is silently
 * ignored (the endpoint's ICE never starts), the conference goes with its last endpoint and a
 * PATCH for a missing conference answers 404. On top it refuses more than one endpoint per
 * request, CaseCall's rule. It records every request, answers health and stats, and can be taken
 * down, made unhealthy or "restarted" (forgetting every conference).
 */
final class FakeJitsiVideobridge implements AutoCloseable {

	static final String XMLNS = "urn:xmpp:jingle:transports:ice-udp:1";

	/** The host candidate it advertises (TEST-NET-2: never reachable, fine for SDP tests). */
	static final String CANDIDATE_IP = "198.51.100.10";

	private static final SecureRandom random = new SecureRandom();

	private final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, Conference> conferences = new LinkedHashMap<>();

	private final List<Request> requests = new ArrayList<>();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private HttpServer server;

	private int port;

	private boolean healthy = true;

	private double stressLevel = 0.01;

	private long delayMillis;

	/** One request as received, with the status it got. */
	record Request(String method, String path, JsonNode body, int status) {
	}

	/** One endpoint as the bridge sees it. */
	static final class Endpoint {

		final String id;

		final String ufrag = token(14);

		final String pwd = token(26);

		JsonNode remoteTransport;

		JsonNode sources;

		int ignoredTransports;

		Endpoint(String id) {
			this.id = id;
		}

		/** The bridge starts ICE once it has the browser's credentials (a transport with xmlns). */
		boolean iceStarted() {
			return this.remoteTransport != null;
		}

	}

	/** One conference: its endpoints and its feedback SSRCs. */
	static final class Conference {

		final String meetingId;

		final String internalId = HexFormat.of().toHexDigits(random.nextLong());

		final long audioFeedback = random.nextLong(1, 1L << 32);

		final long videoFeedback = random.nextLong(1, 1L << 32);

		final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

		Conference(String meetingId) {
			this.meetingId = meetingId;
		}

	}

	static FakeJitsiVideobridge start() {
		FakeJitsiVideobridge bridge = new FakeJitsiVideobridge();
		bridge.listen(0);
		return bridge;
	}

	URI restUrl() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/** Stops listening: requests are refused at the TCP level. */
	synchronized void down() {
		this.server.stop(0);
	}

	/** Listens again on the same port. */
	synchronized void up() {
		listen(this.port);
	}

	/** A restart: every conference is forgotten (JVB keeps nothing on disk). */
	synchronized void restart() {
		this.conferences.clear();
	}

	synchronized void healthy(boolean healthy) {
		this.healthy = healthy;
	}

	/** Answers every request only after {@code delay} (a stalled bridge). */
	synchronized void respondAfter(Duration delay) {
		this.delayMillis = delay.toMillis();
	}

	synchronized void stressLevel(double stressLevel) {
		this.stressLevel = stressLevel;
	}

	/** Every colibri2 request so far (health and stats requests left out). */
	synchronized List<Request> colibri() {
		return this.requests.stream().filter((request) -> request.path().startsWith("/colibri/v2/")).toList();
	}

	synchronized void clearRequests() {
		this.requests.clear();
	}

	synchronized Conference conference(String meetingId) {
		return this.conferences.get(meetingId);
	}

	@Override
	public synchronized void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void listen(int port) {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
		this.port = this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Response response;
		long delay;
		synchronized (this) {
			delay = this.delayMillis;
			JsonNode body = null;
			try {
				body = text.isBlank() ? null : this.json.readTree(text);
				response = route(method, path, body);
			}
			catch (JacksonException ex) {
				response = new Response(400, "could not parse JSON");
			}
			catch (Refused ex) {
				response = new Response(ex.status, ex.getMessage());
			}
			this.requests.add(new Request(method, path, body, response.status()));
		}
		if (delay > 0) {
			try {
				Thread.sleep(delay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type",
				response.body().startsWith("{") ? "application/json" : "text/plain");
		exchange.sendResponseHeaders(response.status(), (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
		exchange.close();
	}

	private Response route(String method, String path, JsonNode body) {
		if (path.equals("/about/health") && method.equals("GET")) {
			return this.healthy ? new Response(200, "") : new Response(500, "unhealthy");
		}
		if (path.equals("/colibri/stats") && method.equals("GET")) {
			int endpoints = this.conferences.values().stream().mapToInt((c) -> c.endpoints.size()).sum();
			return ok(this.json.createObjectNode()
				.put("stress_level", this.stressLevel)
				.put("conferences", this.conferences.size())
				.put("participants", endpoints)
				.put("endpoints", endpoints));
		}
		if (path.matches("/colibri/v2/conferences/?") && method.equals("POST")) {
			return ok(createConference(require(body)));
		}
		if (path.startsWith("/colibri/v2/conferences/") && method.equals("PATCH")) {
			Conference conference = this.conferences.get(path.substring("/colibri/v2/conferences/".length()));
			if (conference == null) {
				throw new Refused(404, "");
			}
			JsonNode request = require(body);
			if (request.path("expire").asBoolean(false)) {
				this.conferences.remove(conference.meetingId);
				return ok(this.json.createObjectNode());
			}
			return ok(modify(conference, request, false));
		}
		throw new Refused(405, "");
	}

	private ObjectNode createConference(JsonNode request) {
		String meetingId = request.path("meeting-id").asString(null);
		if (meetingId == null) {
			throw new Refused(400, "Failed to create conference: no meeting-id");
		}
		Conference conference = this.conferences.get(meetingId);
		boolean create = request.path("create").asBoolean(false);
		if (create && conference != null) {
			throw new Refused(400, "Failed to create conference: Conference already exists for ID: " + meetingId);
		}
		if (conference == null) {
			if (!create) {
				throw new Refused(400, "Failed to create conference: Conference not found for ID: " + meetingId);
			}
			conference = new Conference(meetingId);
		}
		ObjectNode response = modify(conference, request, create);
		this.conferences.put(meetingId, conference);
		return response;
	}

	private ObjectNode modify(Conference conference, JsonNode request, boolean createConference) {
		JsonNode endpoints = request.path("endpoints");
		if (endpoints.size() > 1) {
			throw new Refused(400, "one endpoint per request");
		}
		ObjectNode response = this.json.createObjectNode();
		ArrayNode described = response.putArray("endpoints");
		boolean createdEndpoint = false;
		for (JsonNode endpoint : endpoints) {
			String id = endpoint.path("id").asString(null);
			if (id == null) {
				throw new Refused(400, "Failed to create conference: endpoint without id");
			}
			Endpoint state = conference.endpoints.get(id);
			if (endpoint.path("create").asBoolean(false)) {
				if (state != null) {
					throw new Refused(400, "Failed to create conference: Endpoint with ID " + id + " already exists");
				}
				if (!capabilities(endpoint).contains("source-names")) {
					throw new Refused(400, "Failed to create conference: source-names capability required");
				}
				if (endpoint.path("medias").isEmpty()) {
					throw new Refused(400, "Failed to create conference: no medias");
				}
				state = new Endpoint(id);
				conference.endpoints.put(id, state);
				createdEndpoint = true;
			}
			else if (state == null) {
				throw new Refused(400, "Failed to create conference: Endpoint not found for ID: " + id);
			}
			ObjectNode description = described.addObject().put("id", id);
			if (endpoint.path("expire").asBoolean(false)) {
				conference.endpoints.remove(id);
				continue;
			}
			JsonNode transport = endpoint.path("transport").path("transport");
			if (!transport.isMissingNode()) {
				if (XMLNS.equals(transport.path("xmlns").asString(null))) {
					state.remoteTransport = transport;
				}
				else {
					state.ignoredTransports++;
				}
			}
			if (endpoint.has("sources")) {
				for (JsonNode source : endpoint.path("sources")) {
					if (source.path("id").isMissingNode() || source.path("type").isMissingNode()) {
						throw new Refused(400, "Failed to create conference: media-source without id or type");
					}
				}
				state.sources = endpoint.path("sources");
			}
			if (endpoint.path("create").asBoolean(false)) {
				description.putObject("transport").set("transport", transport(conference, state));
			}
		}
		if (createConference || createdEndpoint) {
			response.set("sources", feedback(conference));
		}
		if (!createConference && conference.endpoints.isEmpty()) {
			this.conferences.remove(conference.meetingId);
		}
		return response;
	}

	private ObjectNode transport(Conference conference, Endpoint endpoint) {
		ObjectNode transport = this.json.createObjectNode();
		transport.putArray("candidates")
			.addObject()
			.put("generation", "0")
			.put("component", "1")
			.put("protocol", "udp")
			.put("port", "10000")
			.put("ip", CANDIDATE_IP)
			.put("foundation", "1")
			.put("id", token(24))
			.put("priority", "2130706431")
			.put("type", "host")
			.put("network", "0");
		transport.put("xmlns", XMLNS).put("ufrag", endpoint.ufrag).put("rtcp-mux", true).put("pwd", endpoint.pwd);
		transport.putArray("web-sockets")
			.add("ws://127.0.0.1:" + this.port + "/colibri-ws/default-id/" + conference.internalId + "/" + endpoint.id
					+ "?pwd=" + endpoint.pwd);
		String fingerprint = IntStream.range(0, 32)
			.mapToObj((i) -> String.format("%02X", random.nextInt(256)))
			.collect(Collectors.joining(":"));
		transport.putArray("fingerprints")
			.addObject()
			.put("fingerprint", fingerprint)
			.put("setup", "actpass")
			.put("hash", "sha-256");
		return transport;
	}

	private ArrayNode feedback(Conference conference) {
		ArrayNode sources = this.json.createArrayNode();
		feedbackSource(sources, "audio", "jvb-a0", conference.audioFeedback, "mixedmslabel mixedlabelaudio0");
		feedbackSource(sources, "video", "jvb-v0", conference.videoFeedback, "mixedmslabel mixedlabelvideo0");
		return sources;
	}

	private static void feedbackSource(ArrayNode sources, String type, String name, long ssrc, String msid) {
		ObjectNode source = sources.addObject().put("type", type).put("id", name);
		source.putArray("sources")
			.addObject()
			.put("ssrc", ssrc)
			.put("name", name)
			.putObject("parameters")
			.put("msid", msid);
	}

	private static List<String> capabilities(JsonNode endpoint) {
		List<String> capabilities = new ArrayList<>();
		endpoint.path("capabilities").forEach((capability) -> capabilities.add(capability.asString()));
		return capabilities;
	}

	private static JsonNode require(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new Refused(400, "Failed to create conference: not a JSON object");
		}
		return body;
	}


	private Response ok(ObjectNode body) {
		return new Response(200, this.json.writeValueAsString(body));
	}

	private static String token(int length) {
		String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
		StringBuilder token = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			token.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return token.toString();
	}

	private record Response(int status, String body) {
	}

	private static final class Refused extends RuntimeException {

		private final int status;

		Refused(int status, String message) {
			super(message);
			this.status = status;
		}

	}

}
