package io.casecall.room.sfu.janus;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

import io.casecall.room.sfu.SfuUnavailableException;

/**
 * The one WebSocket to Janus ({@code janus-protocol}). Requests become {@link JanusTransactions};
 * every other message is routed by {@code session_id} to the session that subscribed. While the
 * socket is down every request fails at once with {@link SfuUnavailableException}; a dropped
 * socket fails what is pending, tells the {@link Listener}s and reconnects with {@link Backoff}.
 * Janus is pinged every keepalive interval; an unanswered ping drops the socket (a half-open TCP
 * connection looks exactly like that).
 */
final class JanusConnection implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(JanusConnection.class);

	/** What the owner of the connection hears about it, on the connection's threads. */
	interface Listener {

		void onConnected(String version);

		void onDisconnected(SfuUnavailableException cause);

	}

	private final JanusProperties properties;

	private final JsonMapper json;

	private final ScheduledExecutorService scheduler;

	private final RequestTimers timers;

	private final JanusTransactions transactions;

	private final HttpClient http = HttpClient.newBuilder().build();

	private final Backoff backoff;

	private final Map<Long, Consumer<JsonNode>> sessions = new ConcurrentHashMap<>();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	private final Object sendLock = new Object();

	private volatile WebSocket socket;

	private volatile boolean healthy;

	private volatile String version = "unknown";

	private volatile String lastError = "not connected yet";

	private volatile boolean closed;

	private ScheduledFuture<?> pinger;

	JanusConnection(JanusProperties properties, JsonMapper json, ScheduledExecutorService scheduler,
			RequestTimers timers) {
		this.properties = properties;
		this.json = json;
		this.scheduler = scheduler;
		this.timers = timers;
		this.transactions = new JanusTransactions(scheduler, properties.requestTimeout(), timers);
		this.backoff = new Backoff(properties.reconnectDelayMin(), properties.reconnectDelayMax());
	}

	void addListener(Listener listener) {
		this.listeners.add(listener);
	}

	/** Starts connecting in the background; requests fail as unavailable until it is up. */
	void start() {
		long interval = this.properties.keepaliveInterval().toMillis();
		this.pinger = this.scheduler.scheduleWithFixedDelay(this::ping, interval, interval, TimeUnit.MILLISECONDS);
		connect();
	}

	/** Connected and the last {@code info} or {@code ping} was answered. */
	boolean healthy() {
		return this.socket != null && this.healthy;
	}

	/** Janus's version when connected, otherwise why not. */
	String detail() {
		return (this.socket != null) ? "Janus " + this.version : this.lastError;
	}

	/** Routes unsolicited messages of a Janus session (events of its handles) to {@code events}. */
	void subscribe(long sessionId, Consumer<JsonNode> events) {
		this.sessions.put(sessionId, events);
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
		WebSocket ws = this.socket;
		if (ws == null) {
			this.timers.record(operation, RequestTimers.UNAVAILABLE, System.nanoTime());
			return CompletableFuture.failedFuture(
					new SfuUnavailableException("Janus is not connected (" + this.lastError + ")"));
		}
		JanusTransactions.Pending call = this.transactions.open(operation, ackIsFinal, onAnswer);
		request.put("transaction", call.id);
		if (!this.properties.apiSecret().isEmpty()) {
			request.put("apisecret", this.properties.apiSecret());
		}
		if (this.socket != ws) { // dropped while opening: drop() may not have seen this transaction
			this.transactions.fail(call.id, new SfuUnavailableException("Lost the connection to Janus"),
					RequestTimers.UNAVAILABLE);
			return call.future;
		}
		try {
			synchronized (this.sendLock) {
				ws.sendText(this.json.writeValueAsString(request), true)
					.get(this.properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.transactions.fail(call.id, new SfuUnavailableException("Interrupted while sending to Janus", ex),
					RequestTimers.UNAVAILABLE);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			this.transactions.fail(call.id, new SfuUnavailableException("Could not send " + operation + " to Janus", ex),
					RequestTimers.UNAVAILABLE);
			drop(ws, "send failed: " + rootMessage(ex));
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
		this.closed = true;
		if (this.pinger != null) {
			this.pinger.cancel(false);
		}
		WebSocket ws = this.socket;
		if (ws != null) {
			ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
			drop(ws, "closed");
		}
	}

	private void connect() {
		if (this.closed) {
			return;
		}
		this.http.newWebSocketBuilder()
			.subprotocols("janus-protocol")
			.connectTimeout(this.properties.requestTimeout())
			.buildAsync(this.properties.url(), new Receiver())
			.whenComplete((ws, ex) -> {
				if (ex != null) {
					this.lastError = "unreachable: " + rootMessage(ex);
					reconnectLater();
				}
				else {
					opened(ws);
				}
			});
	}

	private void opened(WebSocket ws) {
		if (this.closed) {
			ws.abort();
			return;
		}
		this.socket = ws;
		log.info("Connected to Janus at {}", this.properties.url());
		send("info", request("info"), false, null).whenComplete((info, ex) -> {
			if (ex == null) {
				synchronized (this.backoff) {
					this.backoff.reset();
				}
				this.version = info.path("version_string").asString("unknown");
				this.healthy = true;
				this.listeners.forEach((l) -> l.onConnected(this.version));
			}
			else {
				this.lastError = "info failed: " + rootMessage(ex);
			}
		});
	}

	private void reconnectLater() {
		if (this.closed) {
			return;
		}
		Duration delay;
		synchronized (this.backoff) {
			delay = this.backoff.next();
		}
		log.debug("Reconnecting to Janus in {} ms ({})", delay.toMillis(), this.lastError);
		this.scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The socket is gone: fail what waits on it, tell the listeners, reconnect. */
	private void drop(WebSocket ws, String reason) {
		synchronized (this) {
			if (this.socket != ws) {
				return;
			}
			this.socket = null;
		}
		this.healthy = false;
		this.lastError = "connection lost: " + reason;
		ws.abort();
		this.sessions.clear();
		SfuUnavailableException cause = new SfuUnavailableException("Lost the connection to Janus (" + reason + ")");
		this.transactions.failAll(cause);
		if (!this.closed) {
			log.warn("Lost the connection to Janus at {}: {}", this.properties.url(), reason);
			this.listeners.forEach((l) -> l.onDisconnected(cause));
			reconnectLater();
		}
	}

	private void ping() {
		WebSocket ws = this.socket;
		if (ws != null) {
			send("ping", request("ping"), false, null).whenComplete((pong, ex) -> {
				this.healthy = (ex == null);
				if (ex != null) {
					drop(ws, "ping failed: " + rootMessage(ex));
				}
			});
		}
	}

	private void received(String text) {
		JsonNode message = this.json.readTree(text);
		log.trace("From Janus: {}", text);
		if (this.transactions.answer(message) || "ack".equals(message.path("janus").asString())) {
			return;
		}
		Consumer<JsonNode> session = this.sessions.get(message.path("session_id").asLong(0));
		if (session != null) {
			session.accept(message);
		}
		else {
			log.debug("Janus {} for no session of ours", message.path("janus").asString());
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	/** Reassembles text frames and hands whole messages on, one at a time. */
	private final class Receiver implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String message = this.text.toString();
				this.text.setLength(0);
				try {
					received(message);
				}
				catch (RuntimeException ex) {
					log.warn("Could not handle a message from Janus", ex);
				}
			}
			ws.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
			drop(ws, "closed by Janus (" + statusCode + ")");
			return null;
		}

		@Override
		public void onError(WebSocket ws, Throwable error) {
			drop(ws, rootMessage(error));
		}

	}

}
