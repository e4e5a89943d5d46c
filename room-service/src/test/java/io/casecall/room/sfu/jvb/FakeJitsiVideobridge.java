package io.casecall.room.sfu.jvb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.casecall.room.sfu.jvb.FakeBridgeState.Conference;

/**
 * An in-process Jitsi Videobridge that speaks colibri2 over HTTP the way a real JVB 2.3 does (as
 * seen on one built from jitsi-videobridge master and run with CaseCall's configuration): it
 * refuses what the real one refuses, with its reasons, and answers what it answers. The colibri2
 * rules are {@link FakeColibri2}'s; the REST layer's are here ({@code Conferences}: 404 for a
 * PATCH of an unknown meeting, 400 for a body it cannot parse). It records every request, counts
 * what the real bridge would do twice (a DTLS setup per transport with fingerprints), answers
 * health and stats, and can be taken down, made unhealthy, put in graceful shutdown, made to fail
 * (5xx) or "restarted" (forgetting every conference).
 */
final class FakeJitsiVideobridge implements AutoCloseable {

	static final String XMLNS = FakeColibri2.XMLNS;

	static final String CANDIDATE_IP = FakeColibri2.CANDIDATE_IP;

	static final SecureRandom random = new SecureRandom();

	private static final String CONFERENCES = "/colibri/v2/conferences";

	private final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, Conference> conferences = new LinkedHashMap<>();

	private final List<Request> requests = new ArrayList<>();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private HttpServer server;

	private int port;

	private boolean healthy = true;

	private boolean shuttingDown;

	private int failWith;

	private String refusal;

	private double stressLevel = 0.01;

	private long delayMillis;

	/** One request as received, with the status it got. */
	record Request(String method, String path, JsonNode body, int status) {
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

	/** Graceful shutdown ({@code Videobridge.isInGracefulShutdown}): no new conferences. */
	synchronized void gracefulShutdown(boolean shuttingDown) {
		this.shuttingDown = shuttingDown;
	}

	/**
	 * Refuses every new conference with {@code reason} (400), as a bridge whose configuration does
	 * not fit CaseCall's requests would ({@code null}: accepts them again).
	 */
	synchronized void refuseConferences(String reason) {
		this.refusal = reason;
	}

	/** Answers every colibri2 request with this 5xx status (0: normally). */
	synchronized void failWith(int status) {
		this.failWith = status;
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

	static String token(int length) {
		String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
		StringBuilder token = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			token.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return token.toString();
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
			response = route(method, path, text);
			this.requests.add(new Request(method, path, parsedOrNull(text), response.status()));
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
		if (!response.contentType().isEmpty()) {
			exchange.getResponseHeaders().set("Content-Type", response.contentType());
		}
		exchange.sendResponseHeaders(response.status(), (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
		exchange.close();
	}

	private Response route(String method, String path, String text) {
		if (path.equals("/about/health") && method.equals("GET")) {
			return this.healthy ? new Response(200, "", "") : new Response(500, "", "");
		}
		if (path.equals("/colibri/stats") && method.equals("GET")) {
			int endpoints = this.conferences.values().stream().mapToInt((c) -> c.endpoints.size()).sum();
			return ok(this.json.createObjectNode()
				.put("stress_level", this.stressLevel)
				.put("conferences", this.conferences.size())
				.put("participants", endpoints)
				.put("endpoints", endpoints));
		}
		if (!path.startsWith(CONFERENCES)) {
			return new Response(404, "", "");
		}
		if (this.failWith >= 500) {
			return new Response(this.failWith, "", "");
		}
		String meetingId = path.substring(CONFERENCES.length()).replaceFirst("^/", "");
		try {
			if (meetingId.isEmpty() && method.equals("POST")) {
				return ok(createConference(text));
			}
			if (!meetingId.isEmpty() && method.equals("PATCH")) {
				return ok(patchConference(meetingId, text));
			}
			return new Response(405, "", "");
		}
		catch (FakeColibri2.Refused ex) {
			return refusal(method, ex.reason());
		}
		catch (NotFound ex) {
			return new Response(404, "", "");
		}
	}

	/** {@code Conferences.createConference}. */
	private ObjectNode createConference(String text) {
		JsonNode request;
		try {
			request = this.json.readTree(text);
		}
		catch (JacksonException ex) {
			throw new FakeColibri2.Refused("Failed to create conference, could not parse JSON: "
					+ ex.getOriginalMessage(), false);
		}
		if (request == null || !request.isObject()) {
			throw new FakeColibri2.Refused("Bad Request", false);
		}
		FakeColibri2.checkTypes(request);
		if (this.refusal != null && request.path("create").asBoolean(false)) {
			throw new FakeColibri2.Refused(this.refusal);
		}
		if (!request.path("meeting-id").isString() || request.path("meeting-id").asString().isBlank()) {
			// ConferenceModifyIQ.Builder.build
			throw new FakeColibri2.Refused(
					"Failed to parse ConferenceModify JSON:meeting-id must be set for conference-modify IQ", false);
		}
		return modify(FakeColibri2.conferenceFor(request, this.conferences, this.shuttingDown), request);
	}

	/** {@code Conferences.patchConference}: the meeting first (404), then the body. */
	private ObjectNode patchConference(String meetingId, String text) {
		if (!this.conferences.containsKey(meetingId)) {
			throw new NotFound();
		}
		JsonNode request;
		try {
			request = this.json.readTree(text);
		}
		catch (JacksonException ex) {
			throw new FakeColibri2.Refused("Bad Request", false);
		}
		if (request == null || !request.isObject()) {
			throw new FakeColibri2.Refused("Bad Request", false);
		}
		FakeColibri2.checkTypes(request);
		ObjectNode withMeeting = ((ObjectNode) request).deepCopy().put("meeting-id", meetingId);
		return modify(FakeColibri2.conferenceFor(withMeeting, this.conferences, this.shuttingDown), withMeeting);
	}

	private ObjectNode modify(Conference conference, JsonNode request) {
		ObjectNode response = FakeColibri2.modify(conference, request, "ws://127.0.0.1:" + this.port);
		if (conference.expired) {
			// Videobridge.expireConference
			this.conferences.remove(conference.meetingId);
		}
		return response;
	}

	/**
	 * A 400 as Jetty sends Jersey's: for a POST an HTML error page with the reason (in the title
	 * and the MESSAGE cell); for a PATCH no body at all (Jetty's error handler writes pages only
	 * for GET, POST and HEAD).
	 */
	private static Response refusal(String method, String reason) {
		if (!method.equals("POST")) {
			return new Response(400, "", "");
		}
		String html = reason.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
		return new Response(400, "text/html;charset=iso-8859-1", """
				<html>
				<head>
				<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>
				<title>Error 400 %1$s</title>
				</head>
				<body>
				<h2>HTTP ERROR 400 %1$s</h2>
				<table>
				<tr><th>URI:</th><td>/colibri/v2/conferences</td></tr>
				<tr><th>STATUS:</th><td>400</td></tr>
				<tr><th>MESSAGE:</th><td>%1$s</td></tr>
				</table>
				</body>
				</html>
				""".formatted(html));
	}

	private JsonNode parsedOrNull(String text) {
		try {
			return text.isBlank() ? null : this.json.readTree(text);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private Response ok(ObjectNode body) {
		return new Response(200, "application/json", this.json.writeValueAsString(body));
	}

	private record Response(int status, String contentType, String body) {
	}

	private static final class NotFound extends RuntimeException {

	}

}
