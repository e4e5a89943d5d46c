package io.casecall.signaling.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Elapsed;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.JanusAdmin;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, findings 1 and 2: one leaked customer link opens hundreds of sockets at once and
 * never joins, beside a live call on the same node (real app, real Redis, real Janus, real
 * WebSocket clients). The other call goes on untouched and its writes land; the flood gets
 * {@code too_many_connections} and leaves no Janus session behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.signaling.prewarm-hold=3s", "casecall.signaling.heartbeat-interval=500ms" })
class SocketFloodTests {

	private static final int FLOOD = 500;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

	@LocalServerPort
	int port;

	private final List<String> calls = new ArrayList<>();

	@AfterEach
	void endCalls() {
		this.calls.forEach((id) -> http().postJson("/api/v1/calls/" + id + "/end", "{}"));
	}

	@Test
	void aFloodFromOneLinkIsCappedAndAnotherLiveCallGoesOnWithEveryWriteRecorded() throws Exception {
		TestCall victim = createCall();
		TestSocket agent = join(victim.agentToken(), victim, "victim-agent");
		TestSocket customer = join(victim.inviteToken(), victim, "victim-customer");
		Instant agentJoinedAt = Instant.parse(seat(victim.id(), 0).get("lastJoinedAt").asString());
		int janusBefore = JanusAdmin.sessions().size();

		TestCall attacked = createCall();
		Flood flood = new Flood(this.port, attacked.inviteToken());
		AtomicInteger janusPeak = new AtomicInteger();
		ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
		watch.scheduleWithFixedDelay(() -> janusPeak.accumulateAndGet(JanusAdmin.sessions().size(), Math::max), 0, 100,
				TimeUnit.MILLISECONDS);
		CompletableFuture<Void> floodDone = flood.start(FLOOD);
		// the live call keeps talking through the flood: every ping is answered, nothing is closed
		// (pings paced at 10/s per socket, under the per-socket message rate limit of 30/s)
		List<Long> pongMillis = new ArrayList<>();
		while (!floodDone.isDone()) {
			pingBoth(agent, customer, pongMillis);
		}
		floodDone.get(60, TimeUnit.SECONDS);
		for (int i = 0; i < 5; i++) {
			pingBoth(agent, customer, pongMillis);
		}

		System.out.printf("flood of %d: %d open, refused %s; other call's pongs max %d ms over %d pings%n", FLOOD,
				flood.open.get(), flood.refused, pongMillis.stream().mapToLong(Long::longValue).max().orElse(-1),
				pongMillis.size());
		assertThat(agent.closed()).as("agent socket of the other call").isFalse();
		assertThat(customer.closed()).as("customer socket of the other call").isFalse();
		assertThat(flood.refused).as("handshakes refused for a reason other than capacity")
			.containsOnlyKeys(429);
		assertThat(flood.refusedCodes).containsOnlyKeys("too_many_connections");
		assertThat(flood.open.get()).as("flood sockets left open").isLessThanOrEqualTo(2);

		// finding 2: the flood's sockets that got in hold one pre-warmed Janus session each, no more;
		// they answer pings but never join, and their sessions are given back after prewarm-hold
		// while the sockets stay open
		assertThat(flood.open.get()).isPositive();
		await().atMost(Duration.ofSeconds(5)).until(() -> janusPeak.get() > janusBefore);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(
				() -> assertThat(JanusAdmin.sessions().size()).isLessThanOrEqualTo(janusBefore));
		assertThat(flood.open.get()).isPositive();
		watch.shutdownNow();
		assertThat(janusPeak.get()).as("Janus sessions at the flood's peak").isLessThanOrEqualTo(janusBefore + 2);
		// the victim agent leaves: the leave is on the record
		agent.close();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode seat = seat(victim.id(), 0);
			assertThat(seat.get("present").asBoolean()).isFalse();
			assertThat(Instant.parse(seat.get("lastLeftAt").asString())).isAfterOrEqualTo(agentJoinedAt);
		});

		flood.closeAll();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(
				() -> assertThat(JanusAdmin.sessions().size()).isLessThanOrEqualTo(janusBefore));
		customer.close();
	}

	private static void pingBoth(TestSocket agent, TestSocket customer, List<Long> pongMillis) {
		long started = System.nanoTime();
		pongMillis.add(pingMillis(agent));
		pongMillis.add(pingMillis(customer));
		Elapsed.atLeast(started, 100);
	}

	private static long pingMillis(TestSocket socket) {
		long started = System.nanoTime();
		socket.send("{\"type\":\"ping\"}").next("pong");
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
	}

	private TestSocket join(String token, TestCall call, String device) {
		TestSocket socket = TestSocket.connect(this.port, token);
		socket.send(call.join(device)).next("joined");
		return socket;
	}

	private JsonNode seat(String callId, int index) {
		return http().getAsClient("/api/v1/calls/" + callId).json().get("participants").get(index);
	}

	private TestCall createCall() {
		TestCall call = TestCall.create(this.port);
		this.calls.add(call.id());
		return call;
	}

	private Http http() {
		return new Http(this.port);
	}

	/** Many sockets opened at once with one token, on one client, never joining. */
	static final class Flood implements WebSocket.Listener {

		private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

		private final int port;

		private final String token;

		final AtomicInteger open = new AtomicInteger();

		final Map<Integer, Integer> refused = new ConcurrentHashMap<>();

		final Map<String, Integer> refusedCodes = new ConcurrentHashMap<>();

		final Map<Integer, Integer> closeCodes = new ConcurrentHashMap<>();

		private final List<WebSocket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

		Flood(int port, String token) {
			this.port = port;
			this.token = token;
		}

		CompletableFuture<Void> start(int count) {
			List<CompletableFuture<?>> all = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				all.add(this.client.newWebSocketBuilder()
					.subprotocols("casecall.v1", "token." + this.token)
					.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/ws/v1"), this)
					.handle((socket, ex) -> {
						if (socket != null) {
							this.sockets.add(socket);
						}
						else if (ex.getCause() instanceof WebSocketHandshakeException refusal) {
							this.refused.merge(refusal.getResponse().statusCode(), 1, Integer::sum);
							String body = String.valueOf(refusal.getResponse().body());
							java.util.regex.Matcher code = java.util.regex.Pattern.compile("\"code\"\\s*:\\s*\"([a-z_]+)\"")
								.matcher(body);
							this.refusedCodes.merge(code.find() ? code.group(1) : body, 1, Integer::sum);
						}
						else {
							this.refused.merge(-1, 1, Integer::sum);
						}
						return null;
					}));
			}
			return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
		}

		void closeAll() {
			this.sockets.forEach((socket) -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null));
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			this.open.incrementAndGet();
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.open.decrementAndGet();
			this.closeCodes.merge(statusCode, 1, Integer::sum);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.open.decrementAndGet();
			this.closeCodes.merge(1006, 1, Integer::sum);
		}

	}

}
