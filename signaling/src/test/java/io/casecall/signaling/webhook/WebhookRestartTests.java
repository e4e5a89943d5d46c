package io.casecall.signaling.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.casecall.room.test.TestStack;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.RunningApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue survives the node: a delivery whose attempt was cut by a stop is delivered by the next
 * start (another consumer name, as a replaced pod has), from the pending entry in Redis; the
 * stopped node's consumer is then retired from the group, not kept for ever.
 */
class WebhookRestartTests {

	@TempDir
	Path keys;

	/**
	 * The endpoint takes call.created only: the calls other tests left in the shared Redis, which
	 * this node's sweeper ends when it starts, must not take the held receiver's workers.
	 */
	@Test
	void deliversAnAttemptCutByAStopAfterTheRestart() {
		String secret = WebhookTestSupport.newSecret();
		String prefix = WebhookTestSupport.keyPrefix();
		try (WebhookReceiver receiver = new WebhookReceiver(secret)) {
			String callId;
			receiver.holdRequests();
			try (RunningApp before = RunningApp.start(TestStack.redisPort(), this.keys,
					properties(prefix, receiver, secret, "node-before", "call.created"))) {
				callId = before.http()
					.postJson("/api/v1/calls", "{\"caseId\":\"CASE-WH-RESTART\"}")
					.json()
					.get("callId")
					.asString();
				// the attempt reached the receiver, which does not answer: the node stops mid-delivery
				await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received(callId).size() == 1);
			}
			receiver.release();
			assertThat(receiver.received(callId).get(0).answered()).isZero();

			try (RunningApp after = RunningApp.start(TestStack.redisPort(), this.keys,
					properties(prefix, receiver, secret, "node-after", "call.created"))) {
				await().atMost(Duration.ofSeconds(20))
					.until(() -> receiver.received(callId).stream().anyMatch((r) -> r.answered() == 200));
				List<WebhookReceiver.Received> attempts = receiver.received(callId);
				assertThat(attempts).extracting(WebhookReceiver.Received::id).containsOnly(attempts.get(0).id());
				assertThat(attempts.get(0).type()).isEqualTo("call.created");
				await().atMost(Duration.ofSeconds(5)).until(() -> "delivered".equals(status(after.http(), callId)));
				// nothing pending and idle past claim-idle (6 s here): the next claim round retires it
				await().atMost(Duration.ofSeconds(20)).until(() -> !consumers(prefix).contains("node-before"));
				assertThat(consumers(prefix)).contains("node-after");
			}
		}
	}

	/** The consumer names in the endpoint's group, straight from Redis. */
	private static List<String> consumers(String prefix) {
		try (io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient
			.create("redis://127.0.0.1:" + TestStack.redisPort());
				var connection = client.connect()) {
			return connection.sync()
				.xinfoConsumers(prefix + "s:crm", WebhookQueue.GROUP)
				.stream()
				.map((info) -> String.valueOf(((List<?>) info).get(1)))
				.toList();
		}
	}

	static String status(Http http, String callId) {
		JsonNode list = http.getAsClient("/api/v1/webhooks/deliveries?limit=200").json().get("deliveries");
		for (JsonNode delivery : list) {
			if (callId.equals(delivery.get("callId").asString())) {
				return delivery.get("status").asString();
			}
		}
		return null;
	}

	/**
	 * A node with one endpoint {@code crm} at the receiver, subscribed to {@code events} (every event
	 * when none are given).
	 */
	static String[] properties(String prefix, WebhookReceiver receiver, String secret, String consumer,
			String... events) {
		List<String> properties = new ArrayList<>(WebhookTestSupport.fastQueue(prefix));
		properties.addAll(WebhookTestSupport.endpoint(0, "crm", receiver.url(), secret, events));
		properties.add("casecall.webhooks.consumer=" + consumer);
		return properties.toArray(String[]::new);
	}

}
