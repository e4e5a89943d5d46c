package io.casecall.signaling.system;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.casecall.room.test.LocalRedis;
import io.casecall.signaling.support.RunningApp;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application nodes on a real Redis Cluster of three primaries (casecall.redis.mode cluster):
 * a call created on one node is joined on both, each side hears the other through the cluster's
 * pub/sub, the record is whole, and the rate limits (Bucket4j scripts) are shared by the nodes.
 */
class RedisClusterAppTests {

	static LocalRedis cluster;

	@TempDir
	Path dir;

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

	@Test
	void aCallRunsAcrossTwoNodesOnTheCluster() {
		String limits = TestApp.rateLimitPrefix();
		try (RunningApp one = start(limits); RunningApp two = start(limits)) {
			TestCall call = TestCall.create(one.port());
			try (TestSocket agent = TestSocket.connect(one.port(), call.agentToken());
					TestSocket customer = TestSocket.connect(two.port(), call.inviteToken())) {
				agent.send(call.join("agent-device")).next("joined");
				customer.send(call.join("customer-device")).next("joined");

				assertThat(agent.next("participant-joined").get("role").asString()).isEqualTo("customer");
				assertThat(agent.next("call-status").get("status").asString()).isEqualTo("connected");
				customer.send("{\"type\":\"leave\"}");
				assertThat(agent.next("participant-left").get("role").asString()).isEqualTo("customer");
			}

			JsonNode record = two.http().getAsClient("/api/v1/calls/" + call.id()).json();
			assertThat(record.get("status").asString()).isEqualTo("connected");
			assertThat(record.toString()).contains("\"joins\":1");
			assertThat(one.http().getAsClient("/api/v1/cases/" + record.get("caseId").asString() + "/calls").json()
				.get("calls").get(0).get("callId").asString()).isEqualTo(call.id());
		}
	}

	@Test
	void theNodesShareTheirRateLimitsOnTheCluster() {
		String limits = TestApp.rateLimitPrefix();
		try (RunningApp one = start(limits, "casecall.ratelimit.api-key.capacity=4",
				"casecall.ratelimit.api-key.period=1m");
				RunningApp two = start(limits, "casecall.ratelimit.api-key.capacity=4",
						"casecall.ratelimit.api-key.period=1m")) {
			for (int i = 0; i < 4; i++) {
				assertThat(((i % 2 == 0) ? one : two).http().getAsClient("/api/v1/calls/no-such-call").status())
					.isEqualTo(404);
			}
			assertThat(one.http().getAsClient("/api/v1/calls/no-such-call").status()).isEqualTo(429);
			assertThat(two.http().getAsClient("/api/v1/calls/no-such-call").status()).isEqualTo(429);
			assertThat(one.management().get("/actuator/prometheus").body())
				.as("decided by the shared buckets, not node-local ones")
				.containsPattern("casecall_rate_limit_fallbacks_total(\\{[^}]*\\})? 0");
		}
	}

	private RunningApp start(String limitPrefix, String... extra) {
		String[] properties = new String[extra.length + 3];
		properties[0] = "casecall.redis.mode=cluster";
		properties[1] = "casecall.redis.nodes=" + String.join(",", cluster.dataNodes());
		properties[2] = "casecall.ratelimit.key-prefix=" + limitPrefix;
		System.arraycopy(extra, 0, properties, 3, extra.length);
		return RunningApp.start(cluster.dataPorts().get(0), this.dir.resolve("keys"), properties);
	}

}
