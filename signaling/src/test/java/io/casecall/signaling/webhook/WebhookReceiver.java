package io.casecall.signaling.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A case system's webhook receiver on a real socket (the JDK's HTTP server). It verifies every
 * request on its own, as the Standard Webhooks specification tells a receiver to: the signed
 * content is {@code id.timestamp.body}, the secret is the base64 after {@code whsec_}, any one of
 * the space-separated {@code v1,} signatures must match (compared in constant time), and the
 * timestamp must be within five minutes of now. It answers what {@link #respond} says.
 */
final class WebhookReceiver implements AutoCloseable {

	static final long TOLERANCE_SECONDS = 300;

	/** A request as received, with the receiver's verdict and answer ({@code 0}: never answered). */
	record Received(String id, String timestamp, String signature, String body, boolean verified, int answered,
			Instant at) {

		JsonNode json() {
			return JsonMapper.builder().build().readTree(this.body);
		}

		String type() {
			return json().get("type").asString();
		}

		String callId() {
			return json().get("data").get("callId").asString();
		}

		String caseId() {
			JsonNode caseId = json().get("data").get("caseId");
			return (caseId != null) ? caseId.asString() : null;
		}

	}

	private final HttpServer server;

	private final byte[] key;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile Function<Received, Integer> respond = (request) -> 200;

	private volatile CountDownLatch hold;

	private volatile java.util.function.Predicate<Received> holding = (request) -> true;

	WebhookReceiver(String secret) {
		this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/hooks", this::handle);
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hooks";
	}

	/** What to answer each (verified or not) request: an HTTP status. */
	void respond(Function<Received, Integer> respond) {
		this.respond = respond;
	}

	/** Requests arriving from now on wait, unanswered, until {@link #release}. */
	void holdRequests() {
		holdRequests((request) -> true);
	}

	/** Requests that match, from now on, wait unanswered until {@link #release}. */
	void holdRequests(java.util.function.Predicate<Received> which) {
		this.holding = which;
		this.hold = new CountDownLatch(1);
	}

	void release() {
		CountDownLatch latch = this.hold;
		this.hold = null;
		if (latch != null) {
			latch.countDown();
		}
	}

	List<Received> received() {
		return new ArrayList<>(this.received);
	}

	List<Received> received(String callId) {
		return this.received.stream().filter((r) -> r.verified() && callId.equals(r.callId())).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		String id = exchange.getRequestHeaders().getFirst("webhook-id");
		String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
		String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
		boolean verified = verify(id, timestamp, signature, body);
		Received pending = new Received(id, timestamp, signature, body, verified, 0, Instant.now());
		CountDownLatch latch = this.hold;
		if (latch != null && verified && this.holding.test(pending)) {
			this.received.add(pending);
			try {
				latch.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
			return;
		}
		int status = verified ? this.respond.apply(pending) : 401;
		this.received.add(new Received(id, timestamp, signature, body, verified, status, pending.at()));
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	private boolean verify(String id, String timestamp, String signatures, String body) {
		if (id == null || timestamp == null || signatures == null) {
			return false;
		}
		long sent;
		try {
			sent = Long.parseLong(timestamp);
		}
		catch (NumberFormatException ex) {
			return false;
		}
		if (Math.abs(Instant.now().getEpochSecond() - sent) > TOLERANCE_SECONDS) {
			return false;
		}
		byte[] expected = hmac(id + "." + timestamp + "." + body);
		for (String candidate : signatures.split(" ")) {
			String[] parts = candidate.split(",", 2);
			if (parts.length == 2 && "v1".equals(parts[0])
					&& MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
				return true;
			}
		}
		return false;
	}

	private byte[] hmac(String content) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
	}

}
