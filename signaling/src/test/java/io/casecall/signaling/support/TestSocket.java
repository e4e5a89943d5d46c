package io.casecall.signaling.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real WebSocket client speaking the signaling protocol (the JDK's client), for tests. */
public final class TestSocket implements WebSocket.Listener, AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private final StringBuilder partial = new StringBuilder();

	private WebSocket socket;

	/**
	 * Held for as long as the socket: the JDK's client may stop its selector, and with it this
	 * socket's connection, once nothing references the client any more (seen during a flood test,
	 * where heavy allocation brought a collection mid-test).
	 */
	private HttpClient client;

	private TestSocket() {
	}

	/** Connects with {@code casecall.v1} and the token; throws {@link Refused} on an HTTP refusal. */
	public static TestSocket connect(int port, String token) {
		return connect(port, "casecall.v1", "token." + token);
	}

	public static TestSocket connect(int port, String... protocols) {
		return connectFrom(port, null, protocols);
	}

	/** Connects as a page that resumes a kept session does ({@code /ws/v1?resume=1}), with the token. */
	public static TestSocket connectResuming(int port, String token) {
		return open(port, "/ws/v1?resume=1", null, "casecall.v1", "token." + token);
	}

	/** Connects as a page of {@code origin} would (its {@code Origin} header; none when null). */
	public static TestSocket connectFrom(int port, String origin, String... protocols) {
		return open(port, "/ws/v1", origin, protocols);
	}

	private static TestSocket open(int port, String path, String origin, String... protocols) {
		TestSocket client = new TestSocket();
		client.client = HttpClient.newHttpClient();
		WebSocket.Builder builder = client.client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
		if (origin != null) {
			builder.header("Origin", origin);
		}
		if (protocols.length > 0) {
			builder.subprotocols(protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length));
		}
		try {
			client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), client).join();
			return client;
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException handshake) {
				throw new Refused(handshake.getResponse().statusCode(), String.valueOf(handshake.getResponse().body()));
			}
			throw ex;
		}
	}

	/** The server refused the upgrade with an HTTP status. */
	public static final class Refused extends RuntimeException {

		public final int status;

		public final String body;

		Refused(int status, String body) {
			super("HTTP " + status);
			this.status = status;
			this.body = body;
		}

	}

	public String protocol() {
		return this.socket.getSubprotocol();
	}

	public TestSocket send(String text) {
		this.socket.sendText(text, true).join();
		return this;
	}

	/** The next message, waiting up to 5 s; fails when none comes. */
	public JsonNode next() {
		try {
			JsonNode message = this.messages.poll(5, TimeUnit.SECONDS);
			if (message == null) {
				throw new AssertionError("No message within 5 s");
			}
			return message;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The next message of a type, skipping others, waiting up to 5 s in all. */
	public JsonNode next(String type) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadline) {
			try {
				JsonNode message = this.messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (message != null && type.equals(message.get("type").asString())) {
					return message;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new AssertionError("No '" + type + "' message within 5 s");
	}

	/** The close code the server sent, waiting up to 5 s. */
	public int closeCode() {
		return this.closeCode.orTimeout(5, TimeUnit.SECONDS).join();
	}

	public boolean closed() {
		return this.closeCode.isDone();
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(Long.MAX_VALUE);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			this.messages.add(json.readTree(this.partial.toString()));
			this.partial.setLength(0);
		}
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closeCode.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closeCode.complete(1006);
	}

	/** Drops the connection without a close frame, as a lost network or a crashed page would (1006). */
	public void cut() {
		this.socket.abort();
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null);
		}
	}

}
