package io.casecall.room.call;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.casecall.room.system.RedisKeys;
import io.casecall.room.token.Role;
import io.casecall.room.test.LocalRedis;
import io.casecall.room.test.MutableClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The room service against a real Redis Cluster of three primaries (casecall.redis.mode
 * cluster): every script touches one slot, so a call's whole life works whichever node its slot
 * is on (a script touching two slots would fail with CROSSSLOT).
 */
@SpringBootTest(classes = CallIntegrationSupport.App.class)
@DirtiesContext
class RedisClusterCallTests {

	static LocalRedis cluster;

	@Autowired
	CallService calls;

	@Autowired
	CallAccess access;

	@Autowired
	CallPresence presence;

	@Autowired
	CallSweeper sweeper;

	@Autowired
	ConnectTimings timings;

	@Autowired
	CallEventBus events;

	@Autowired
	MutableClock clock;

	@Autowired
	RedisConnectionFactory connections;

	@BeforeAll
	static void startCluster() {
		cluster = LocalRedis.cluster();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		Path keys = Files.createTempDirectory("casecall-keys");
		registry.add("casecall.redis.mode", () -> "cluster");
		registry.add("casecall.redis.nodes", () -> String.join(",", cluster.dataNodes()));
		registry.add("casecall.token.keys-dir", keys::toString);
		registry.add("casecall.sfu.type", () -> "none");
	}

	@Test
	void theApplicationTalksToTheClusterThroughAClusterClient() {
		assertThat(((LettuceConnectionFactory) this.connections).getNativeClient())
			.isInstanceOf(io.lettuce.core.cluster.RedisClusterClient.class);
	}

	@Test
	void aCallLivesItsWholeLifeOnAnyNode() {
		List<CallEvent> seen = new CopyOnWriteArrayList<>();
		this.events.subscribe(seen::add);
		String caseId = CallServiceTests.newCase();
		CreatedCall created = this.calls.create(CallServiceTests.spec(caseId), "janus", "crm", "idem-1");
		String id = created.call().id();
		assertThat(this.calls.create(CallServiceTests.spec(caseId), "janus", "crm", "idem-1").call().id())
			.as("the same idempotency key and request: the same call").isEqualTo(id);
		assertThatThrownBy(() -> this.calls.create(CallServiceTests.spec(CallServiceTests.newCase()), "janus", "crm",
				"idem-1"))
			.isInstanceOf(IdempotencyConflictException.class);

		Admission agent = this.access.admit(created.agentToken());
		Admission customer = this.access.admit(created.inviteToken());
		assertThat(this.presence.join(agent, "s-agent", "d-agent").status()).isEqualTo(CallStatus.WAITING);
		assertThat(this.presence.join(customer, "s-cust", "d-cust").status()).isEqualTo(CallStatus.CONNECTED);
		assertThat(this.presence.renew(customer, "s-cust").held()).isTrue();
		this.presence.media(customer, true, false);
		Instant now = this.clock.instant();
		assertThat(this.timings.record(id, new ConnectTiming(Role.CUSTOMER, 1, "connected", false,
				Map.of("join_click", 100.0, "first_frame", 480.0), now)))
			.isTrue();
		assertThat(this.timings.window(Role.CUSTOMER, now.minusSeconds(1), now.plusSeconds(1)))
			.anySatisfy((sample) -> assertThat(sample.callId()).isEqualTo(id));
		this.presence.leave(customer, "s-cust");

		assertThat(this.calls.history(caseId, 10)).extracting(Call::id).containsExactly(id);
		assertThat(this.calls.recent(10)).extracting(Call::id).contains(id);
		Call ended = this.calls.end(id, EndReason.AGENT_ENDED, Outcome.REFUNDED, "sent again");
		assertThat(ended.status()).isEqualTo(CallStatus.ENDED);
		assertThat(ended.customer().joins()).isEqualTo(1);
		assertThat(ended.customer().audio()).isTrue();
		assertThat(ended.customer().video()).isFalse();
		assertThat(ended.timingJson()).hasSize(1);
		await().untilAsserted(() -> assertThat(seen)
			.anySatisfy((event) -> assertThat(event).isInstanceOfSatisfying(CallEvent.Ended.class,
					(end) -> assertThat(end.callId()).isEqualTo(id))));
	}

	@Test
	void callsAreSpreadOverThePrimariesWithEachCallsKeysInOneSlot() {
		for (int i = 0; i < 12; i++) {
			this.calls.create(CallServiceTests.spec(CallServiceTests.newCase()), "janus", "crm", null);
		}
		Set<Integer> nodesWithCalls = new HashSet<>();
		for (int port : cluster.dataPorts()) {
			if (!cluster.cli(port, "--scan", "--pattern", "cc:call:*").isBlank()) {
				nodesWithCalls.add(port);
			}
		}
		assertThat(nodesWithCalls).as("call records on more than one primary").hasSizeGreaterThan(1);
		int port = cluster.dataPorts().get(0);
		assertThat(cluster.cli(port, "CLUSTER", "KEYSLOT", RedisKeys.call("abc")))
			.isEqualTo(cluster.cli(port, "CLUSTER", "KEYSLOT", RedisKeys.jvbRoom("abc")));
	}

	@Test
	void theSweeperEndsDueCallsOnTheCluster() {
		CreatedCall created = this.calls.create(CallServiceTests.spec(CallServiceTests.newCase()), "janus", "crm",
				null);
		this.presence.join(this.access.admit(created.agentToken()), "s-agent", "d-agent");

		this.clock.advance(Duration.ofMinutes(31));
		this.sweeper.sweep();

		Call call = this.calls.get(created.call().id());
		assertThat(call.status()).isEqualTo(CallStatus.ENDED);
		assertThat(call.endReason()).isEqualTo(EndReason.EXPIRED);
	}

}
