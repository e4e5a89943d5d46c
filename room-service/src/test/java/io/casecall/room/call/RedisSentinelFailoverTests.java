package io.casecall.room.call;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.casecall.room.system.RedisKeys;
import io.casecall.room.test.LocalRedis;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The room service behind Redis Sentinel (casecall.redis.mode sentinel): a primary fails over to
 * its replica and the call goes on, its record intact, a join after the failover working.
 */
@SpringBootTest(classes = CallIntegrationSupport.App.class)
@DirtiesContext
class RedisSentinelFailoverTests {

	static LocalRedis redis;

	@Autowired
	CallService calls;

	@Autowired
	CallAccess access;

	@Autowired
	CallPresence presence;

	@Autowired
	CallEventBus events;

	@BeforeAll
	static void startSentinel() {
		redis = LocalRedis.sentinel();
	}

	@AfterAll
	static void stopSentinel() {
		if (redis != null) {
			redis.close();
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		Path keys = Files.createTempDirectory("casecall-keys");
		registry.add("casecall.redis.mode", () -> "sentinel");
		registry.add("casecall.redis.master", () -> LocalRedis.MASTER);
		registry.add("casecall.redis.nodes", () -> redis.sentinelNode());
		registry.add("casecall.token.keys-dir", keys::toString);
		registry.add("casecall.sfu.type", () -> "none");
	}

	@Test
	void aCallSurvivesAFailoverOfThePrimary() {
		List<CallEvent> seen = new CopyOnWriteArrayList<>();
		this.events.subscribe(seen::add);
		CreatedCall created = this.calls.create(CallServiceTests.spec(CallServiceTests.newCase()), "janus", "crm",
				null);
		String id = created.call().id();
		this.presence.join(this.access.admit(created.agentToken()), "s-agent", "d-agent");
		int primary = redis.primaryPort();
		int replica = redis.dataPorts().stream().filter((port) -> port != primary).findFirst().orElseThrow();
		// the replica has what the primary acknowledged (asynchronous replication, as in production)
		await().until(() -> redis.cli(replica, "HGET", RedisKeys.call(id), "status").trim().equals("waiting"));

		redis.failover();
		await().atMost(Duration.ofSeconds(30)).until(() -> redis.primaryPort() == replica);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> redis.cli(primary, "INFO", "replication").contains("role:slave"));

		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			Call call = this.calls.get(id);
			assertThat(call.status()).isEqualTo(CallStatus.WAITING);
			assertThat(call.agent().present()).isTrue();
			assertThat(call.agent().joins()).isEqualTo(1);
		});
		JoinedSeat afterFailover = await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> this.presence.join(this.access.admit(created.inviteToken()), "s-cust", "d-cust"),
					(seat) -> seat != null);
		assertThat(afterFailover.status()).isEqualTo(CallStatus.CONNECTED);
		assertThat(redis.cli(replica, "HGET", RedisKeys.call(id), "status").trim())
			.as("written to the new primary").isEqualTo("connected");
		Admission customer = this.access.admit(created.inviteToken());
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.alias("call events flow again: the subscription followed the primary")
			.untilAsserted(() -> {
				this.presence.media(customer, true, false);
				assertThat(seen).anySatisfy((event) -> assertThat(event)
					.isInstanceOfSatisfying(CallEvent.MediaChanged.class, (media) -> {
						assertThat(media.callId()).isEqualTo(id);
						assertThat(media.video()).isFalse();
					}));
			});
	}

}
