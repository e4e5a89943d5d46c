package io.casecall.room.sfu.janus;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket client (the JDK's) that reconnects by itself: after a failed attempt or a drop it
 * waits as {@link Backoff} says and tries again, until closed. Whole text messages reach the
 * {@link Handler} on the receiving thread, one at a time.
 */
final class ReconnectingWebSocket implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ReconnectingWebSocket.class);

	/** What the owner hears; {@code opened} and {@code dropped} alternate, one socket at a time. */
	interface Handler {

		void opened(WebSocket socket);

		void received(String text);

		void dropped(String reason);

	}

	private final URI url;

	private final String subprotocol;

	private final Duration timeout;

	private final Backoff backoff;

	private final ScheduledExecutorService scheduler;

	private final Handler handler;

	private final HttpClient http = HttpClient.newHttpClient();

	private final Object sendLock = new Object();

	private volatile WebSocket current;

	private volatile long generation;

	private volatile String lastError = "not connected yet";

	private volatile boolean closed;

	ReconnectingWebSocket(URI url, String subprotocol, Duration timeout, Backoff backoff,
			ScheduledExecutorService scheduler, Handler handler) {
		this.url = url;
		this.subprotocol = subprotocol;
		this.timeout = timeout;
		this.backoff = backoff;
		this.scheduler = scheduler;
		this.handler = handler;
	}

	void start() {
		connect();
	}

	/** The open socket, or {@code null}. */
	WebSocket current() {
		return this.current;
	}

	/** How many sockets were opened so far: tells whether the socket is still the one of before. */
	long generation() {
		return this.generation;
	}

	/** Why there is no socket (last failure), or what it last failed with. */
	String lastError() {
		return this.lastError;
	}

	/** The peer works: the next drop starts the backoff afresh. */
	void healthy() {
		synchronized (this.backoff) {
			this.backoff.reset();
		}
	}

	/** Sends a whole text message, one sender at a time; fails after the timeout. */
	void send(WebSocket socket, String text) throws InterruptedException, ExecutionException, TimeoutException {
		synchronized (this.sendLock) {
			socket.sendText(text, true).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/** Gives up on {@code socket} (if still current): the handler hears it, a reconnect follows. */
	void drop(WebSocket socket, String reason) {
		synchronized (this) {
			if (this.current != socket) {
				return;
			}
			this.current = null;
		}
		this.lastError = "connection lost: " + reason;
		socket.abort();
		this.handler.dropped(reason);
		reconnectLater();
	}

	@Override
	public void close() {
		this.closed = true;
		WebSocket socket = this.current;
		if (socket != null) {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
			drop(socket, "closed");
		}
	}

	boolean closed() {
		return this.closed;
	}

	private void connect() {
		if (this.closed) {
			return;
		}
		this.http.newWebSocketBuilder()
			.subprotocols(this.subprotocol)
			.connectTimeout(this.timeout)
			.buildAsync(this.url, new Receiver())
			.whenComplete((socket, ex) -> {
				if (ex != null) {
					this.lastError = "unreachable: " + rootMessage(ex);
					reconnectLater();
				}
				else if (this.closed) {
					socket.abort();
				}
				else {
					synchronized (this) {
						this.generation++;
						this.current = socket;
					}
					this.handler.opened(socket);
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
		log.debug("Reconnecting to {} in {} ms ({})", this.url, delay.toMillis(), this.lastError);
		this.scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	/** Reassembles text frames and hands whole messages on. */
	private final class Receiver implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String message = this.text.toString();
				this.text.setLength(0);
				try {
					ReconnectingWebSocket.this.handler.received(message);
				}
				catch (RuntimeException ex) {
					log.warn("Could not handle a message from {}", ReconnectingWebSocket.this.url, ex);
				}
			}
			socket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
			drop(socket, "closed by the server (" + statusCode + ")");
			return null;
		}

		@Override
		public void onError(WebSocket socket, Throwable error) {
			drop(socket, rootMessage(error));
		}

	}

}
