package io.casecall.signaling.failover;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.AppNode;
import io.casecall.signaling.support.Balancer;
import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.LiveCall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real app nodes (processes of their own) behind the real HAProxy ({@code infra/haproxy}),
 * real Janus and Redis, two real Chromium: the node the customer of a live call is on is killed
 * ({@code kill -9}); the pages reconnect through the balancer, land on the other node and resume
 * their media sessions there ({@code joined} with {@code resumed: true}: the other node
 * {@code claim}s the Janus session the dead node left), with the very same peer connections and
 * video decoded on both pages all along; the record is intact. The same for a graceful stop
 * (SIGTERM: the node hands its sessions off and closes its sockets with 1001, a rolling deploy).
 * Frames are sampled on both pages every ~100 ms; the longest standstill and the time to the
 * resume are printed (docs/benchmarks.md, "Failover").
 */
class BalancerFailoverTests {

	private static final Duration START = Duration.ofSeconds(150);

	private static final Duration MEDIA = Duration.ofSeconds(30);

	private static final String JOINED = "casecall_participants_connected";

	@TempDir
	Path keys;

	@Test
	void killingTheCustomersNodeBringsTheCallBackOnTheOtherNodeWithItsRecordIntact() throws Exception {
		failover(false);
	}

	@Test
	void stoppingTheCustomersNodeGracefullyMovesTheCallToTheOtherNodeWithItsRecordIntact() throws Exception {
		failover(true);
	}

	private void failover(boolean graceful) throws Exception {
		int port = Balancer.reservePort();
		String base = "http://localhost:" + port;
		try (AppNode one = AppNode.start("node-1", this.keys, base);
				AppNode two = AppNode.start("node-2", this.keys, base)) {
			one.awaitReady(START);
			two.awaitReady(START);
			try (Balancer balancer = Balancer.start(port, List.of(one, two));
					Browser agent = Browser.open(1280, 800);
					Browser customer = Browser.open(1280, 800)) {
				Http http = new Http(port);
				String caseId = "CASE-FAILOVER-" + UUID.randomUUID().toString().substring(0, 8);
				JsonNode created = http.postJson("/api/v1/calls", """
						{"caseId":"%s","reason":"Parcel lost in transit",
						 "customer":{"displayName":"Ana","locale":"en"},"agent":{"id":"agent-9","displayName":"Sam"}}"""
					.formatted(caseId)).json();
				String callId = created.get("callId").asString();

				agent.get(created.get("agentJoinUrl").asString());
				LiveCall.awaitState(agent, "waiting");
				await().atMost(MEDIA).until(() -> one.metric(JOINED) + two.metric(JOINED) == 1);
				double agentOnOne = one.metric(JOINED);

				customer.get(created.get("customerInviteUrl").asString());
				LiveCall.awaitState(customer, "ready");
				await().atMost(MEDIA).until(() -> Boolean.TRUE.equals(customer.script("return window.casecall.prewarmed()")));
				customer.driver().findElement(By.cssSelector("[data-testid=join]")).click();
				await().atMost(MEDIA).until(() -> customer.videoFlowing() && agent.videoFlowing());
				await().atMost(MEDIA).until(() -> one.metric(JOINED) + two.metric(JOINED) == 2);
				AppNode customersNode = (one.metric(JOINED) > agentOnOne) ? one : two;
				AppNode survivor = (customersNode == one) ? two : one;
				boolean sameNode = customersNode.metric(JOINED) == 2;
				JsonNode before = http.getAsClient("/api/v1/calls/" + callId).json();
				for (Browser page : List.of(agent, customer)) {
					page.script(MARK);
				}
				List<long[]> samples = new ArrayList<>(); // {ms since start, customer frames, agent frames}
				long start = System.nanoTime();
				sampleFor(samples, start, Duration.ofSeconds(2), agent, customer);

				long killedMs = elapsedMs(start);
				if (graceful) {
					customersNode.terminate();
				}
				else {
					customersNode.kill();
				}
				// both participants are joined on the survivor, the customer's page resumed
				await().atMost(MEDIA).pollInterval(Duration.ofMillis(100)).until(() -> {
					samples.add(sample(start, agent, customer));
					return survivor.metric(JOINED) == 2 && joinedCount(customer) > 0
							&& (!sameNode || joinedCount(agent) > 0);
				});
				long resumedMs = elapsedMs(start);
				sampleFor(samples, start, Duration.ofSeconds(2), agent, customer);

				long customerGap = longestStandstill(samples, 1);
				long agentGap = longestStandstill(samples, 2);
				System.out.printf("failover (%s, %s): the customer's page resumed on the other node %d ms after the "
						+ "node was stopped; longest time decoded video stood still from 2 s before to 2 s after: "
						+ "%d ms (customer page), %d ms (agent page); %d samples%n", graceful ? "kill, graceful" : "kill -9",
						sameNode ? "agent on the same node" : "agent on the other node", resumedMs - killedMs,
						customerGap, agentGap, samples.size());
				assertResumed(customer);
				if (sameNode) {
					assertResumed(agent);
				}
				assertThat(customerGap).as("customer's video kept being decoded").isLessThan(MAX_GAP_MS);
				assertThat(agentGap).as("agent's video kept being decoded").isLessThan(MAX_GAP_MS);

				await().atMost(MEDIA).until(() -> !customersNode.alive());
				assertThat(customer.callState()).isEqualTo("connected");
				assertThat(agent.callState()).isEqualTo("connected");
				JsonNode after = http.getAsClient("/api/v1/calls/" + callId).json();
				assertThat(after.get("callId").asString()).isEqualTo(callId);
				assertThat(after.get("caseId").asString()).isEqualTo(caseId);
				assertThat(after.get("status").asString()).isEqualTo("connected");
				assertThat(after.get("createdAt")).isEqualTo(before.get("createdAt"));
				JsonNode customerSeat = seat(after, "customer");
				assertThat(customerSeat.get("present").asBoolean()).isTrue();
				assertThat(customerSeat.get("joins").asInt()).isGreaterThan(seat(before, "customer").get("joins").asInt());
				assertThat(seat(after, "agent").get("present").asBoolean()).isTrue();
				assertThat(seat(after, "customer").get("firstJoinedAt")).isEqualTo(seat(before, "customer").get("firstJoinedAt"));
				List<String> causes = new ArrayList<>();
				after.get("presence").forEach((entry) -> causes.add(entry.get("role").asString() + " " + entry.get("cause").asString()));
				assertThat(causes).contains("customer resumed").doesNotContain("customer rejoined", "customer seat_taken_over");
				assertThat(causes.get(causes.size() - 1)).endsWith(" resumed");
			}
		}
	}

	/** Notes every {@code joined} the page gets from now on, and marks its live peer connections. */
	private static final String MARK = "window.resumeTest = { joined: [] };"
			+ "window.casecall.call.on('joined', (e) => window.resumeTest.joined.push({ resumed: !!e.resumed }));"
			+ "for (const t of window.casecall.call.peers.transports.values()) t.pc.resumeTestMark = t.id;";

	/** Longest the decoded frame count of either page may stand still across the failover. */
	private static final long MAX_GAP_MS = 1000;

	private static int joinedCount(Browser page) {
		return ((Number) page.script("return window.resumeTest.joined.length")).intValue();
	}

	private static void assertResumed(Browser page) {
		assertThat(page.script("return window.resumeTest.joined[0].resumed")).as("joined says resumed")
			.isEqualTo(Boolean.TRUE);
		assertThat(page.script("const ts = [...window.casecall.call.peers.transports.values()];"
				+ "return ts.length > 0 && ts.every((t) => t.pc.resumeTestMark === t.id && t.pc.connectionState === 'connected')"))
			.as("the very same peer connections, still connected").isEqualTo(Boolean.TRUE);
	}

	private static long[] sample(long start, Browser agent, Browser customer) {
		return new long[] { elapsedMs(start), customer.framesDecoded(), agent.framesDecoded() };
	}

	private static void sampleFor(List<long[]> samples, long start, Duration period, Browser agent, Browser customer)
			throws InterruptedException {
		long until = System.nanoTime() + period.toNanos();
		while (System.nanoTime() < until) {
			samples.add(sample(start, agent, customer));
			Thread.sleep(100); // the sampling period, not a wait for something to happen
		}
	}

	/** The longest span between samples with the same frame count in {@code column} (it stood still). */
	private static long longestStandstill(List<long[]> samples, int column) {
		long longest = 0;
		long since = samples.get(0)[0];
		for (int i = 1; i < samples.size(); i++) {
			if (samples.get(i)[column] > samples.get(i - 1)[column]) {
				since = samples.get(i)[0];
			}
			longest = Math.max(longest, samples.get(i)[0] - since);
		}
		return longest;
	}

	private static long elapsedMs(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

	private static JsonNode seat(JsonNode call, String role) {
		return call.get("participants").valueStream()
			.filter((participant) -> role.equals(participant.get("role").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + role + " seat in " + call));
	}

}
