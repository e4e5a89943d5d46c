package io.casecall.room.sfu.jvb;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuRejectedException;
import io.casecall.room.sfu.SfuRequestTimers;
import io.casecall.room.sfu.SfuUnavailableException;
import io.casecall.room.sfu.selection.BridgeCandidate;
import io.casecall.room.sfu.selection.BridgeCandidate.Health;

/**
 * Talks colibri2 over HTTP to the bridges' private REST servers, one endpoint per request. Each
 * request is timed ({@code casecall.sfu.request}, tags {@code sfu=jvb}, {@code operation},
 * {@code outcome=ok|error|timeout|unavailable}). A bridge that cannot be reached fails the call
 * at once with {@link SfuUnavailableException} and is marked down until its next health check,
 * as is one that answers 5xx or says it is in graceful shutdown; a 404 for a conference is a
 * {@link ConferenceNotFoundException}; any other refusal (4xx) an {@link SfuRejectedException}
 * with the bridge's reason. Response bodies are never logged: they hold ICE passwords.
 */
class ColibriClient {

	static final String CONFERENCES = "/colibri/v2/conferences";

	/** The reason a bridge in graceful shutdown gives for refusing a new conference (HTTP 400). */
	static final String GRACEFUL_SHUTDOWN = "In graceful shutdown";

	private final HttpClient http;

	private final JsonMapper json;

	private final SfuRequestTimers timers;

	private final Duration requestTimeout;

	private final BridgeStates states;

	ColibriClient(HttpClient http, JsonMapper json, MeterRegistry meters, Duration requestTimeout,
			BridgeStates states) {
		this.http = http;
		this.json = json;
		this.timers = new SfuRequestTimers(meters, "jvb");
		this.requestTimeout = requestTimeout;
		this.states = states;
	}

	/** Creates the conference together with its first endpoint. */
	Allocation createConference(JvbProperties.Bridge bridge, String meetingId, String endpoint, String statsId) {
		JsonNode response = send(bridge, "allocate_endpoint", "POST", CONFERENCES, null,
				ColibriMessages.createConference(meetingId, endpoint, statsId));
		return Allocation.from(response, endpoint);
	}

	/** Adds an endpoint to an existing conference. */
	Allocation addEndpoint(JvbProperties.Bridge bridge, String meetingId, String endpoint, String statsId) {
		JsonNode response = send(bridge, "allocate_endpoint", "PATCH", conference(meetingId), meetingId,
				ColibriMessages.addEndpoint(meetingId, endpoint, statsId));
		return Allocation.from(response, endpoint);
	}

	/** Gives the bridge the browser's transport and sources (what of them changed). */
	void updateEndpoint(JvbProperties.Bridge bridge, String meetingId, String endpoint, EndpointUpdate update) {
		send(bridge, "update_endpoint", "PATCH", conference(meetingId), meetingId,
				ColibriMessages.updateEndpoint(meetingId, endpoint, update));
	}

	void expireEndpoint(JvbProperties.Bridge bridge, String meetingId, String endpoint) {
		send(bridge, "expire_endpoint", "PATCH", conference(meetingId), meetingId,
				ColibriMessages.expireEndpoint(meetingId, endpoint));
	}

	void expireConference(JvbProperties.Bridge bridge, String meetingId) {
		send(bridge, "expire_conference", "PATCH", conference(meetingId), meetingId,
				ColibriMessages.expireConference(meetingId));
	}

	/** Health check ({@code GET /about/health}) then load ({@code GET /colibri/stats}); never fails. */
	CompletableFuture<Probe> probe(JvbProperties.Bridge bridge) {
		long start = System.nanoTime();
		return this.http.sendAsync(get(bridge, "/about/health"), BodyHandlers.ofString())
			.handle((response, failure) -> {
				this.timers.record("health", outcome(response, failure), start);
				if (failure != null) {
					throw new CompletionException(failure);
				}
				if (response.statusCode() != 200) {
					throw new CompletionException(new IOException("health check answered HTTP " + response.statusCode()));
				}
				return response;
			})
			.thenCompose((healthy) -> stats(bridge))
			.exceptionally((failure) -> new Probe(new BridgeCandidate(bridge.name(), bridge.region(), Health.DOWN, -1,
					-1, -1), describe(failure)));
	}

	private CompletableFuture<Probe> stats(JvbProperties.Bridge bridge) {
		long start = System.nanoTime();
		return this.http.sendAsync(get(bridge, "/colibri/stats"), BodyHandlers.ofString())
			.handle((response, failure) -> {
				this.timers.record("stats", outcome(response, failure), start);
				if (failure != null || response.statusCode() != 200) {
					return new Probe(new BridgeCandidate(bridge.name(), bridge.region(), Health.UP, -1, -1, -1),
							"healthy, no stats");
				}
				JsonNode stats;
				try {
					stats = this.json.readTree(response.body());
				}
				catch (JacksonException ex) {
					return new Probe(new BridgeCandidate(bridge.name(), bridge.region(), Health.UP, -1, -1, -1),
							"healthy, unreadable stats");
				}
				double stress = stats.path("stress_level").asDouble(-1);
				int conferences = stats.path("conferences").asInt(-1);
				int participants = stats.path("participants").asInt(stats.path("endpoints").asInt(-1));
				return new Probe(new BridgeCandidate(bridge.name(), bridge.region(), Health.UP, stress, conferences,
						participants),
						"stress " + stress + ", " + conferences + " conferences, " + participants + " participants");
			});
	}

	/** A health check's outcome: what selection sees, and a line for status. */
	record Probe(BridgeCandidate candidate, String detail) {
	}

	private JsonNode send(JvbProperties.Bridge bridge, String operation, String method, String path, String meetingId,
			ObjectNode body) {
		HttpRequest request = HttpRequest.newBuilder(uri(bridge, path))
			.timeout(this.requestTimeout)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.method(method, BodyPublishers.ofString(this.json.writeValueAsString(body)))
			.build();
		long start = System.nanoTime();
		String outcome = "unavailable";
		try {
			HttpResponse<String> response = this.http.send(request, BodyHandlers.ofString());
			int status = response.statusCode();
			outcome = (status / 100 == 2) ? "ok" : "error";
			if (status == 404 && meetingId != null) {
				throw new ConferenceNotFoundException(bridge.name(), meetingId);
			}
			if (status >= 500) {
				// the bridge failed, not the request: new rooms go elsewhere until it passes a health check
				throw unreachable(bridge, "failed " + operation + " (HTTP " + status + ")", null);
			}
			if (status / 100 != 2) {
				String reason = Refusals.reason(response.body());
				if (reason.contains(GRACEFUL_SHUTDOWN)) {
					// Colibri2Util.createGracefulShutdownErrorResponse: draining, it takes no new conferences
					throw unreachable(bridge, "is in graceful shutdown", null);
				}
				throw new SfuRejectedException("Bridge " + bridge.name() + " refused " + operation + ": HTTP "
						+ status + " " + reason);
			}
			return response.body().isBlank() ? this.json.createObjectNode() : this.json.readTree(response.body());
		}
		catch (HttpConnectTimeoutException ex) {
			throw unreachable(bridge, "did not accept a connection in time", ex);
		}
		catch (HttpTimeoutException ex) {
			outcome = "timeout";
			throw unreachable(bridge, "did not answer " + operation + " within " + this.requestTimeout.toMillis()
					+ " ms", ex);
		}
		catch (IOException ex) {
			throw unreachable(bridge, "cannot be reached (" + ex.getClass().getSimpleName() + ")", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SfuUnavailableException("Interrupted while talking to bridge " + bridge.name(), ex);
		}
		catch (JacksonException ex) {
			throw new SfuException("Bridge " + bridge.name() + " answered " + operation + " with invalid JSON", ex);
		}
		finally {
			this.timers.record(operation, outcome, start);
		}
	}

	private SfuUnavailableException unreachable(JvbProperties.Bridge bridge, String what, Exception cause) {
		this.states.markDown(bridge.name(), what);
		return new SfuUnavailableException("Bridge " + bridge.name() + " " + what, cause);
	}

	private HttpRequest get(JvbProperties.Bridge bridge, String path) {
		return HttpRequest.newBuilder(uri(bridge, path)).timeout(this.requestTimeout).GET().build();
	}

	private static URI uri(JvbProperties.Bridge bridge, String path) {
		String base = bridge.restUrl().toString();
		return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
	}

	private static String conference(String meetingId) {
		return CONFERENCES + "/" + meetingId;
	}

	private static String outcome(HttpResponse<?> response, Throwable failure) {
		if (failure == null) {
			return (response.statusCode() / 100 == 2) ? "ok" : "error";
		}
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) ? "timeout"
				: "unavailable";
	}

	private static String describe(Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		String message = cause.getMessage();
		if (message != null && !message.isBlank()) {
			return message;
		}
		return (cause instanceof IOException) ? "cannot be reached (" + cause.getClass().getSimpleName() + ")"
				: cause.getClass().getSimpleName();
	}

}
