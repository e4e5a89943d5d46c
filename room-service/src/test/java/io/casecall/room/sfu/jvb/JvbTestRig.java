package io.casecall.room.sfu.jvb;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.casecall.room.test.MutableClock;

import static org.awaitility.Awaitility.await;

/**
 * One signaling node's Jitsi Videobridge adapter, wired by hand against the test Redis
 * ({@code CASECALL_TEST_REDIS_PORT}, started by {@code ./dev test}) and the given bridges. Two
 * rigs on the same Redis behave as two nodes.
 */
final class JvbTestRig implements AutoCloseable {

	static final int REDIS_PORT = Integer.parseInt(System.getenv().getOrDefault("CASECALL_TEST_REDIS_PORT", "6381"));

	final JvbProperties properties;

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final StringRedisTemplate redis;

	final BridgeStates states;

	final BridgeHealthChecker checker;

	final JvbSfuGateway gateway;

	/** The gateway's clock (the refusal budget's window). */
	final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));

	private final LettuceConnectionFactory connections;

	private final RedisMessageListenerContainer container;

	JvbTestRig(String selection, List<JvbProperties.Bridge> bridges) {
		this(selection, bridges, Duration.ofSeconds(2));
	}

	JvbTestRig(String selection, List<JvbProperties.Bridge> bridges, Duration requestTimeout) {
		this.properties = new JvbProperties(bridges, selection, Duration.ofMillis(500), requestTimeout,
				Duration.ofSeconds(5), Duration.ofMinutes(10));
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", REDIS_PORT));
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.redis = new StringRedisTemplate(this.connections);
		this.container = new RedisMessageListenerContainer();
		this.container.setConnectionFactory(this.connections);
		this.container.afterPropertiesSet();
		this.container.start();
		JsonMapper json = JsonMapper.builder().build();
		this.states = new BridgeStates(this.properties);
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(this.properties.connectTimeout())
			.build();
		ColibriClient colibri = new ColibriClient(http, json, this.meters, this.properties.requestTimeout(),
				this.states);
		this.checker = new BridgeHealthChecker(this.properties, colibri, this.states);
		JvbRoomStore store = new JvbRoomStore(this.redis, json, this.properties.stateTtl());
		JvbRoomEvents events = new JvbRoomEvents(this.redis, json, this.container);
		this.gateway = new JvbSfuGateway(this.properties, colibri, this.states, store, events, this.clock);
		awaitSubscribed();
	}

	/** One node with one bridge, selection {@code single}. */
	static JvbTestRig on(FakeJitsiVideobridge bridge) {
		return new JvbTestRig("single", List.of(bridge("jvb1", bridge, null)));
	}

	static JvbProperties.Bridge bridge(String name, FakeJitsiVideobridge bridge, URI publicWsBase) {
		return new JvbProperties.Bridge(name, bridge.restUrl(), publicWsBase, "eu-central");
	}

	static String newRoomId() {
		return UUID.randomUUID().toString();
	}

	/** The room's state hash in Redis. */
	Map<Object, Object> roomState(String roomId) {
		return this.redis.opsForHash().entries(JvbRoomStore.key(roomId));
	}

	double requests(String operation, String outcome) {
		var timer = this.meters.find("casecall.sfu.request")
			.tags("sfu", "jvb", "operation", operation, "outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Override
	public void close() {
		this.container.stop();
		this.connections.destroy();
	}

	/** Waits until this node's subscription to room events is live (subscribing is asynchronous). */
	private void awaitSubscribed() {
		AtomicBoolean heard = new AtomicBoolean();
		String probe = "probe-" + UUID.randomUUID();
		this.container.addMessageListener((message, pattern) -> {
			if (new String(message.getBody()).contains(probe)) {
				heard.set(true);
			}
		}, new ChannelTopic(JvbRoomEvents.CHANNEL));
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
			this.redis.convertAndSend(JvbRoomEvents.CHANNEL,
					"{\"room\":\"" + probe + "\",\"kind\":\"changed\",\"origin\":\"probe\"}");
			return heard.get();
		});
	}

}
