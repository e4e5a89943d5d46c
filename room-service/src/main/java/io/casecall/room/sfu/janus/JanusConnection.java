package io.casecall.room.sfu.janus;

import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.casecall.room.sfu.SfuRequestTimers;
import io.casecall.room.sfu.SfuUnavailableException;

/**
 * The one WebSocket to Janus ({@code janus-protocol}). Requests become {@link JanusTransactions};
 * every other message is routed by {@code session_id} to the session that subscribed. While the
 * socket is down every request fails at once with {@link SfuUnavailableException}; a dropped
 * socket fails what is pending and tells every session it is gone (Janus drops a transport's
 * sessions with it); {@link ReconnectingWebSocket} connects again. Janus is pinged every
 * keepalive interval; an unanswered ping drops the socket (a half-open connection looks so).
 */
final class JanusConnection implements ReconnectingWebSocket.Handler, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(JanusConnection.class);

	private final JanusProperties properties;

	private final JsonMapper json;

	private final ScheduledExecutorService scheduler;

	private final SfuRequestTimers timers;

	private final JanusTransactions transactions;

	private final ReconnectingWebSocket socket;

	private final Map<Long, Route> sessions = new ConcurrentHashMap<>();

	private volatile boolean healthy;

	private volatile String version = "unknown";

	/** Janus's {@code reclaim_session_timeout} in seconds (its {@code info}): 0 ends a session with its socket. */
	private volatile int reclaimSeconds;

	/**
	 * Sessions of a socket that dropped while Janus may still keep them (reclaim timeout): their
	 * participants were told they are lost, so they are destroyed once connected again.
	 */
	private final Set<Long> orphans = ConcurrentHashMap.newKeySet();

	private ScheduledFuture<?> pinger;

	JanusConnection(JanusProperties properties, JsonMapper json, ScheduledExecutorService scheduler,
			SfuRequestTimers timers) {
		this.properties = properties;
		this.json = json;
		this.scheduler = scheduler;
		this.timers = timers;
		this.transactions = new JanusTransactions(scheduler, properties.requestTimeout(), timers);
		this.socket = new ReconnectingWebSocket(properties.url(), "janus-protocol", properties.requestTimeout(),
				new Backoff(properties.reconnectDelayMin(), properties.reconnectDelayMax()), scheduler, this);
	}

	/** Starts connecting in the background; requests fail as unavailable until it is up. */
	void start() {
		long interval = this.properties.keepaliveInterval().toMillis();
		this.pinger = this.scheduler.scheduleWithFixedDelay(this::ping, interval, interval, TimeUnit.MILLISECONDS);
		this.socket.start();
	}

	/** Connected and the last {@code info} or {@code ping} was answered. */
	boolean healthy() {
		return this.socket.current() != null && this.healthy;
	}

	/** Janus's version when connected, otherwise why not. */
	String detail() {
		return (this.socket.current() != null) ? "Janus " + this.version : this.socket.lastError();
	}

	/**
	 * Whether Janus keeps a session whose socket went away (its {@code reclaim_session_timeout},
	 * as its last {@code info} said), so that another node can {@code claim} it.
	 */
	boolean keepsSessions() {
		return this.reclaimSeconds > 0;
	}

	JsonMapper json() {
		return this.json;
	}

	/** Which socket is open now (to compare with {@link #subscribe}'s argument). */
	long generation() {
		return this.socket.generation();
	}

	/**
	 * Routes unsolicited messages of a Janus session (events of its handles) to {@code events}
	 * until the socket drops; then {@code gone} is told, once.
	 * @param generation {@link #generation()} before the session was created
	 * @throws SfuUnavailableException when that socket has dropped since
	 */
	synchronized void subscribe(long sessionId, long generation, Consumer<JsonNode> events,
			Consumer<SfuUnavailableException> gone) {
		if (this.socket.current() == null || this.socket.generation() != generation) {
			throw new SfuUnavailableException("Lost the connection to Janus while creating a session");
		}
		this.sessions.put(sessionId, new Route(sessionId, events, gone));
	}

	void unsubscribe(long sessionId) {
		this.sessions.remove(sessionId);
	}

	/** A new request of kind {@code janus}; {@link #send} adds the transaction and the API secret. */
	ObjectNode request(String janus) {
		return object().put("janus", janus);
	}

	/** An empty JSON object, for the parts of a request. */
	ObjectNode object() {
		return this.json.createObjectNode();
	}

	/**
	 * Sends a request and waits for its answer, at most {@code request-timeout}.
	 * @param ackIsFinal whether Janus's {@code ack} is the answer (trickle, keepalive) rather than a
	 * step before the plugin's event (plugin messages)
	 * @throws SfuUnavailableException when Janus is not connected, drops or does not answer in time
	 * @throws JanusErrorException when Janus or its plugin refuses the request
	 */
	JsonNode call(String operation, ObjectNode request, boolean ackIsFinal) {
		return await(send(operation, request, ackIsFinal, null));
	}

	/**
	 * Sends a request; the future completes with Janus's answer or fails with an
	 * {@link io.casecall.room.sfu.SfuException}, at the latest after {@code request-timeout}.
	 * @param onAnswer optional, runs on the receiving thread as soon as the answer arrives, before
	 * any later message of Janus is handled (keeps an answer in order with the events after it)
	 */
	CompletableFuture<JsonNode> send(String operation, ObjectNode request, boolean ackIsFinal,
			Consumer<JsonNode> onAnswer) {
		WebSocket ws = this.socket.current();
		if (ws == null) {
			this.timers.record(operation, SfuRequestTimers.UNAVAILABLE, System.nanoTime());
			return CompletableFuture
				.failedFuture(new SfuUnavailableException("Janus is not connected (" + this.socket.lastError() + ")"));
		}
		JanusTransactions.Pending call = this.transactions.open(operation, ackIsFinal, onAnswer);
		request.put("transaction", call.id);
		if (!this.properties.apiSecret().isEmpty()) {
			request.put("apisecret", this.properties.apiSecret());
		}
		if (this.socket.current() != ws) { // dropped while opening: dropped() may have missed this one
			this.transactions.fail(call.id, new SfuUnavailableException("Lost the connection to Janus"),
					SfuRequestTimers.UNAVAILABLE);
			return call.future;
		}
		try {
			this.socket.send(ws, this.json.writeValueAsString(request));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.transactions.fail(call.id, new SfuUnavailableException("Interrupted while sending to Janus", ex),
					SfuRequestTimers.UNAVAILABLE);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			this.transactions.fail(call.id,
					new SfuUnavailableException("Could not send " + operation + " to Janus", ex),
					SfuRequestTimers.UNAVAILABLE);
			this.socket.drop(ws, "send failed: " + ReconnectingWebSocket.rootMessage(ex));
		}
		return call.future;
	}

	/** Waits for a future from {@link #send}, whose time is already bounded by the request timeout. */
	static JsonNode await(CompletableFuture<JsonNode> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SfuUnavailableException("Interrupted while waiting for Janus", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw new SfuUnavailableException("Janus request failed", ex.getCause());
		}
	}

	@Override
	public void close() {
		if (this.pinger != null) {
			this.pinger.cancel(false);
		}
		this.socket.close();
	}

	@Override
	public void opened(WebSocket ws) {
		log.info("Connected to Janus at {}", this.properties.url());
		send("info", request("info"), false, null).whenComplete((info, ex) -> {
			if (ex == null) {
				this.version = info.path("version_string").asString("unknown");
				this.reclaimSeconds = info.path("reclaim-session-timeout").asInt(0);
				if (this.reclaimSeconds < this.properties.reclaimTimeout().toSeconds()) {
					log.warn("Janus at {} keeps a session whose socket went away for {} s, not the {} of "
							+ "casecall.sfu.janus.reclaim-timeout: {}", this.properties.url(), this.reclaimSeconds,
							this.properties.reclaimTimeout(), (this.reclaimSeconds == 0)
									? "sessions are not handed to another node" : "a resume on another node may come too late");
				}
				destroyOrphans();
				this.healthy = true;
				this.socket.healthy();
				log.info("Janus {} ready at {}", this.version, this.properties.url());
			}
			else {
				log.warn("Janus at {} did not answer info: {}", this.properties.url(), ex.getMessage());
			}
		});
	}

	@Override
	public void received(String text) {
		JsonNode message = this.json.readTree(text);
		log.trace("From Janus: {}", text);
		if (this.transactions.answer(message) || "ack".equals(message.path("janus").asString())) {
			return;
		}
		Route session = this.sessions.get(message.path("session_id").asLong(0));
		if (session != null) {
			session.events().accept(message);
		}
		else {
			log.debug("Janus {} for no session of ours", message.path("janus").asString());
		}
	}

	@Override
	public void dropped(String reason) {
		this.healthy = false;
		SfuUnavailableException cause = new SfuUnavailableException("Lost the connection to Janus (" + reason + ")");
		if (!this.socket.closed()) {
			log.warn("Lost the connection to Janus at {}: {}", this.properties.url(), reason);
		}
		this.transactions.failAll(cause);
		List<Route> gone;
		synchronized (this) {
			gone = new ArrayList<>(this.sessions.values());
			this.sessions.clear();
		}
		if (this.reclaimSeconds > 0) {
			gone.forEach((route) -> this.orphans.add(route.sessionId()));
		}
		gone.forEach((route) -> route.gone().accept(cause));
	}

	/** Destroys what Janus may keep of the sessions of a dropped socket (nobody drives them any more). */
	private void destroyOrphans() {
		for (Long id : List.copyOf(this.orphans)) {
			this.orphans.remove(id);
			send("destroy_session", request("destroy").put("session_id", id), false, null).whenComplete((reply,
					ex) -> log.debug("Destroyed session {} of a dropped socket: {}", id, (ex == null) ? "yes" : ex.getMessage()));
		}
	}

	private void ping() {
		WebSocket ws = this.socket.current();
		if (ws != null) {
			send("ping", request("ping"), false, null).whenComplete((pong, ex) -> {
				this.healthy = (ex == null);
				if (ex != null) {
					this.socket.drop(ws, "ping failed: " + ReconnectingWebSocket.rootMessage(ex));
				}
			});
		}
	}

	private record Route(long sessionId, Consumer<JsonNode> events, Consumer<SfuUnavailableException> gone) {
	}

}
