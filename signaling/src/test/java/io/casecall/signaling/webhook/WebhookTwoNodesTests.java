package io.casecall.signaling.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.casecall.room.test.TestStack;
import io.casecall.signaling.support.RunningApp;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes share one queue: calls created, joined and ended across both, some first attempts
 * refused. Every event arrives, each enqueued once, and no event arrives twice in a row without
 * a failure in between.
 */
class WebhookTwoNodesTests {

	@TempDir
	Path keys;

	@Test
	void deliversEveryEventOnceAcrossTwoNodes() {
		String secret = WebhookTestSupport.newSecret();
		String prefix = WebhookTestSupport.keyPrefix();
		// every third event's first attempt is refused: retries interleave with first attempts
		Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
		AtomicInteger events = new AtomicInteger();
		try (WebhookReceiver receiver = new WebhookReceiver(secret)) {
			receiver.respond((request) -> {
				AtomicInteger attempts = seen.computeIfAbsent(request.id(),
						(id) -> new AtomicInteger(events.incrementAndGet() % 3 == 0 ? -1 : 0));
				return (attempts.incrementAndGet() == 0) ? 503 : 200;
			});
			List<String> callIds = new ArrayList<>();
			try (RunningApp a = RunningApp.start(TestStack.redisPort(), this.keys,
					WebhookRestartTests.properties(prefix, receiver, secret, "node-a"));
					RunningApp b = RunningApp.start(TestStack.redisPort(), this.keys,
							WebhookRestartTests.properties(prefix, receiver, secret, "node-b"))) {
				for (int i = 0; i < 4; i++) {
					RunningApp first = (i % 2 == 0) ? a : b;
					RunningApp second = (i % 2 == 0) ? b : a;
					TestCall call = TestCall.create(first.port());
					callIds.add(call.id());
					try (TestSocket customer = join(first, call.inviteToken(), call, "customer-" + i + "-device");
							TestSocket agent = join(second, call.agentToken(), call, "agent-" + i + "-device")) {
						// the agent's page reloads onto the other node: both nodes have now seen "connected"
						join(first, call.agentToken(), call, "agent-" + i + "-device").close();
					}
					assertThat(second.http().postJson("/api/v1/calls/" + call.id() + "/end", "{}").status())
						.isEqualTo(200);
				}
				await().atMost(Duration.ofSeconds(30))
					.until(() -> callIds.stream()
						.allMatch((id) -> receiver.received(id).stream().filter((r) -> r.answered() == 200).count() == 4));
			}
			List<WebhookReceiver.Received> all = receiver.received();
			Map<String, Integer> accepted = new HashMap<>();
			for (int i = 0; i < all.size(); i++) {
				WebhookReceiver.Received r = all.get(i);
				assertThat(r.verified()).isTrue();
				if (r.answered() == 200) {
					accepted.merge(r.id(), 1, Integer::sum);
				}
				if (i > 0 && all.get(i - 1).id().equals(r.id())) {
					assertThat(all.get(i - 1).answered()).as("a repeat follows a failure").isNotEqualTo(200);
				}
			}
			assertThat(accepted).hasSize(16).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
			for (String callId : callIds) {
				assertThat(receiver.received(callId).stream().filter((r) -> r.answered() == 200))
					.extracting(WebhookReceiver.Received::type)
					.containsExactlyInAnyOrder("call.created", "call.waiting", "call.connected", "call.ended");
			}
			assertThat(all.stream().filter((r) -> r.answered() == 503)).isNotEmpty();
		}
	}

	private static TestSocket join(RunningApp node, String token, TestCall call, String device) {
		TestSocket socket = TestSocket.connect(node.port(), token);
		socket.send(call.join(device)).next("joined");
		return socket;
	}

}
