package io.casecall.signaling.ops;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.casecall.room.test.TestStack;
import io.casecall.room.sfu.SfuListener.MediaState;
import io.casecall.signaling.support.Elapsed;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.RunningApp;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestSocket;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ops API against the real application: real Redis, calls made over the real API and
 * reports sent over real sockets; numbers computed from the shared store.
 */
class OpsApiTests extends OpsAppSupport {

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@TempDir
	Path otherNodeKeys;

	private CallDriver driver;

	@BeforeEach
	void emptyTimingIndex() {
		// Other test classes report into the same Redis; each test here starts from an empty window.
		this.redis.delete(List.of("cc:connect:customer", "cc:connect:agent"));
		this.driver = new CallDriver(this.port, this.sfu);
	}

	@AfterEach
	void endCalls() {
		this.driver.endAll();
	}

	@Test
	void summarizesEachRoleWithExactPercentilesHistogramAndSeries() {
		for (int ms = 100; ms <= 1000; ms += 100) {
			CallDriver.TestCall call = this.driver.create();
			this.driver.customer(call, "connected", ms);
			if (ms == 300 || ms == 500) {
				this.driver.agent(call, ms - 50);
			}
		}
		this.driver.customer(this.driver.create(), "failed", 0);
		this.driver.customer(this.driver.create(), "abandoned", 0);

		JsonNode summary = ops("/api/v1/ops/summary?window=15m").json();

		assertThat(summary.get("window").asString()).isEqualTo("15m");
		assertThat(summary.get("stepSeconds").asLong()).isEqualTo(60);
		assertThat(summary.get("targetMs").asDouble()).isEqualTo(600.0);
		assertThat(summary.get("openCalls").asLong()).isGreaterThanOrEqualTo(12);
		JsonNode customer = summary.get("customer");
		assertThat(customer.get("count").asLong()).isEqualTo(12);
		assertThat(customer.get("connected").asLong()).isEqualTo(10);
		assertThat(customer.get("failed").asLong()).isEqualTo(1);
		assertThat(customer.get("abandoned").asLong()).isEqualTo(1);
		assertThat(customer.get("successRate").asDouble()).isEqualTo(0.8333);
		assertThat(customer.get("withinTargetRate").asDouble()).isEqualTo(0.6);
		assertThat(customer.get("connectMs").get("p50").asDouble()).isEqualTo(500.0);
		assertThat(customer.get("connectMs").get("p95").asDouble()).isEqualTo(1000.0);
		assertThat(customer.get("connectMs").get("p99").asDouble()).isEqualTo(1000.0);
		assertThat(customer.get("connectMs").get("max").asDouble()).isEqualTo(1000.0);
		assertThat(counts(customer.get("histogram"))).containsExactly(0L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 0L,
				0L, 0L);
		assertThat(customer.get("histogram").get(10).get("fromMs").asInt()).isEqualTo(1000);
		assertThat(customer.get("histogram").get(10).get("toMs").asInt()).isEqualTo(1500);
		assertThat(customer.get("histogram").get(13).has("toMs")).isFalse();
		JsonNode series = customer.get("series");
		assertThat(series).hasSizeBetween(15, 16);
		assertThat(sum(series, "count")).isEqualTo(12);
		assertThat(sum(series, "connected")).isEqualTo(10);
		JsonNode agent = summary.get("agent");
		assertThat(agent.get("count").asLong()).isEqualTo(2);
		assertThat(agent.get("successRate").asDouble()).isEqualTo(1.0);
		assertThat(agent.get("connectMs").get("p50").asDouble()).isEqualTo(250.0);
		assertThat(agent.get("connectMs").get("p99").asDouble()).isEqualTo(450.0);

		JsonNode day = ops("/api/v1/ops/summary?window=24h").json();
		assertThat(day.get("stepSeconds").asLong()).isEqualTo(3600);
		assertThat(day.get("customer").get("series")).hasSizeBetween(24, 25);
		assertThat(sum(day.get("customer").get("series"), "count")).isEqualTo(12);
		assertThat(day.get("customer").get("connectMs")).isEqualTo(customer.get("connectMs"));
	}

	@Test
	void answersAnEmptyWindowWithZeroCountsAndNoPercentiles() {
		JsonNode customer = ops("/api/v1/ops/summary").json().get("customer");

		assertThat(customer.get("count").asLong()).isZero();
		assertThat(customer.get("successRate").isNull()).isTrue();
		assertThat(customer.get("connectMs").get("p95").isNull()).isTrue();
		assertThat(counts(customer.get("histogram"))).allMatch((count) -> count == 0);
		assertThat(customer.get("series")).allMatch((point) -> point.get("p95").isNull());
	}

	@Test
	void listsRecentCallsWithEachRolesLatestJoinAsAWaterfall() {
		CallDriver.TestCall call = this.driver.create();
		try (TestSocket agent = TestSocket.connect(this.port, call.agentToken())) {
			String agentId = agent.send(join(call, "agent-device-1")).next("joined").get("participantId").asString();
			long joined = System.nanoTime();
			this.sfu.mediaState(agentId, "pub", MediaState.CONNECTED);
			Elapsed.atLeast(joined, Elapsed.claimed(CallDriver.agentMarks(400)));
			agent.send(timings(1, "connected", CallDriver.agentMarks(400))).send("{\"type\":\"ping\"}").next("pong");
			this.driver.report(call.inviteToken(), call.id(), "customer-phone", "abandoned",
					CallDriver.customerMarks("abandoned", 0));
			this.driver.report(call.inviteToken(), call.id(), "customer-phone", "connected",
					CallDriver.customerMarks("connected", 300));
		}

		JsonNode few = ops("/api/v1/ops/calls?limit=3").json();
		// The tests' clock may stand still, so several calls can share a creation time: look in all.
		JsonNode list = ops("/api/v1/ops/calls?limit=200").json();

		assertThat(few.get("limit").asInt()).isEqualTo(3);
		assertThat(few.get("calls")).hasSizeLessThanOrEqualTo(3);
		List<JsonNode> rows = StreamSupport.stream(list.get("calls").spliterator(), false).toList();
		assertThat(rows).extracting((row) -> Instant.parse(row.get("createdAt").asString()))
			.isSortedAccordingTo(Comparator.reverseOrder());
		JsonNode row = rows.stream()
			.filter((r) -> r.get("callId").asString().equals(call.id()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("call " + call.id() + " not among the recent calls"));
		assertThat(row.get("caseId").asString()).isEqualTo(call.caseId());
		assertThat(row.get("status").asString()).isEqualTo("connected");
		assertThat(row.get("sfu").asString()).isEqualTo("fake");
		assertThat(row.get("href").asString()).isEqualTo("/api/v1/ops/calls/" + call.id());

		JsonNode customer = row.get("customer");
		assertThat(customer.get("join").asInt()).isEqualTo(2);
		assertThat(customer.get("joins").asInt()).isEqualTo(2);
		assertThat(customer.get("reports").asInt()).isEqualTo(2);
		assertThat(customer.get("outcome").asString()).isEqualTo("connected");
		assertThat(customer.get("connectMs").asDouble()).isEqualTo(300.0);
		assertThat(customer.get("start").asString()).isEqualTo("join_click");
		assertThat(customer.get("joinedAt").asString()).isNotBlank();
		assertThat(customer.get("reportedAt").asString()).isNotBlank();
		assertThat(customer.get("marks").get(0).get("mark").asString()).isEqualTo("page_ready");
		assertThat(customer.get("marks").get(0).get("atMs").asDouble()).isEqualTo(-995.0);
		assertThat(phases(customer.get("segments"))).containsExactly("join_sent", "join_ack", "publish_offer",
				"subscribe_offer", "publish_answer", "subscribe_answer", "ice_connected", "dtls_connected",
				"first_frame");
		assertThat(customer.get("segments").get(0).get("fromMs").asDouble()).isZero();
		assertThat(customer.get("segments").get(7).get("ms").asDouble()).isEqualTo(60.0);
		assertThat(customer.get("segments").get(8).get("toMs").asDouble()).isEqualTo(300.0);
		assertThat(sum(customer.get("segments"), "ms")).isEqualTo(300);

		JsonNode agentJoin = row.get("agent");
		assertThat(agentJoin.get("start").asString()).isEqualTo("page_open");
		assertThat(agentJoin.get("connectMs").asDouble()).isEqualTo(400.0);
		assertThat(phases(agentJoin.get("segments"))).startsWith("page_ready").endsWith("media_published");
	}

	@Test
	void showsAReconnectFromPageOpenAndLeavesItOutOfTheSummary() {
		CallDriver.TestCall call = this.driver.create();
		try (TestSocket customer = TestSocket.connect(this.port, call.inviteToken())) {
			String customerId = customer.send(join(call, "customer-phone")).next("joined")
				.get("participantId")
				.asString();
			long joined = System.nanoTime();
			this.sfu.mediaState(customerId, "sub", MediaState.CONNECTED);
			Elapsed.atLeast(joined, 229);
			customer.send("{\"type\":\"timings\",\"join\":1,\"reconnect\":true,\"outcome\":\"connected\","
					+ "\"marks\":{\"page_ready\":5,\"ws_open\":30,\"join_sent\":31,\"join_ack\":60,"
					+ "\"ice_connected\":140,\"dtls_connected\":190,\"first_frame\":260}}")
				.send("{\"type\":\"ping\"}")
				.next("pong");
		}

		JsonNode row = findRow(ops("/api/v1/ops/calls?limit=200").json(), call.id());
		JsonNode summary = ops("/api/v1/ops/summary").json();

		assertThat(row.get("customer").get("reconnect").asBoolean()).isTrue();
		assertThat(row.get("customer").get("start").asString()).isEqualTo("page_open");
		assertThat(row.get("customer").has("connectMs")).isFalse();
		assertThat(row.get("customer").get("segments").get(0).get("phase").asString()).isEqualTo("page_ready");
		assertThat(summary.get("customer").get("count").asLong()).isZero();
	}

	@Test
	void servesTheCallRecordUnderTheOpsKeyAsTheCallApiShowsIt() {
		CallDriver.TestCall call = this.driver.create();
		this.driver.customer(call, "connected", 240);

		Http.Response record = ops("/api/v1/ops/calls/" + call.id());
		Http.Response asClient = new Http(this.port).getAsClient("/api/v1/calls/" + call.id());

		assertThat(record.status()).isEqualTo(200);
		assertThat(record.json()).isEqualTo(asClient.json());
		assertThat(record.json().get("timings").get(0).get("connectMs").asDouble()).isEqualTo(240.0);
	}

	@Test
	void refusesBadParametersUnknownCallsAndMissingOrWrongKeysWithTypedProblems() {
		assertProblem(ops("/api/v1/ops/summary?window=7d"), 400, "validation_failed", "window");
		assertProblem(ops("/api/v1/ops/summary?window=15M"), 400, "validation_failed", "window");
		assertProblem(ops("/api/v1/ops/calls?limit=0"), 400, "validation_failed", "limit");
		assertProblem(ops("/api/v1/ops/calls?limit=201"), 400, "validation_failed", "limit");
		assertProblem(ops("/api/v1/ops/calls?limit=fifty"), 400, "validation_failed", "limit");
		assertProblem(ops("/api/v1/ops/calls/bad!id"), 400, "validation_failed", "callId");
		assertProblem(ops("/api/v1/ops/calls/NoSuchCall0123456789"), 404, "call_not_found", null);

		Http http = new Http(this.port);
		Http.Response missing = http.get("/api/v1/ops/summary");
		assertProblem(missing, 401, "api_key_missing", null);
		assertThat(missing.raw().headers().firstValue("WWW-Authenticate")).hasValue("ApiKey realm=\"casecall-ops\"");
		assertProblem(http.get("/api/v1/ops/calls", "X-API-Key", "not-the-ops-key"), 401, "api_key_invalid", null);
		assertProblem(http.get("/api/v1/ops/calls", "X-API-Key", TestApp.API_KEY), 401, "api_key_invalid", null);
		assertProblem(http.get("/api/v1/ops/calls/NoSuchCall0123456789"), 401, "api_key_missing", null);
	}

	@Test
	void anotherNodeAnswersTheSameFromTheSharedStore() {
		CallDriver.TestCall call = this.driver.create();
		this.driver.customer(call, "connected", 321);
		this.driver.agent(call, 210);
		JsonNode here = ops("/api/v1/ops/summary").json();

		try (RunningApp other = RunningApp.start(TestStack.redisPort(), this.otherNodeKeys,
				"casecall.security.ops-keys[0].name=test-ops",
				"casecall.security.ops-keys[0].sha256=" + TestApp.sha256(TestApp.OPS_KEY))) {
			JsonNode there = other.http().get("/api/v1/ops/summary", "X-API-Key", TestApp.OPS_KEY).json();
			JsonNode calls = other.http().get("/api/v1/ops/calls?limit=200", "X-API-Key", TestApp.OPS_KEY).json();

			// Everything but the series, whose steps depend on the moment each node was asked.
			for (String role : List.of("customer", "agent")) {
				for (String field : List.of("count", "connected", "failed", "abandoned", "successRate",
						"withinTargetRate", "connectMs", "histogram")) {
					assertThat(there.get(role).get(field)).as(role + "." + field).isEqualTo(here.get(role).get(field));
				}
				assertThat(sum(there.get(role).get("series"), "count")).isEqualTo(here.get(role).get("count").asLong());
			}
			assertThat(there.get("customer").get("connectMs").get("p50").asDouble()).isEqualTo(321.0);
			assertThat(calls.get("calls")).anySatisfy((row) -> {
				assertThat(row.get("callId").asString()).isEqualTo(call.id());
				assertThat(row.get("customer").get("connectMs").asDouble()).isEqualTo(321.0);
			});
		}
	}

	private static JsonNode findRow(JsonNode list, String callId) {
		for (JsonNode row : list.get("calls")) {
			if (row.get("callId").asString().equals(callId)) {
				return row;
			}
		}
		throw new AssertionError("call " + callId + " not among the recent calls");
	}

	private Http.Response ops(String path) {
		return new Http(this.port).get(path, "X-API-Key", TestApp.OPS_KEY);
	}

	private static void assertProblem(Http.Response response, int status, String code, String field) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("code").asString()).isEqualTo(code);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		if (field != null) {
			assertThat(problem.get("errors")).anySatisfy((error) -> assertThat(error.get("field").asString())
				.endsWith(field));
		}
	}

	private static List<Long> counts(JsonNode buckets) {
		List<Long> counts = new ArrayList<>();
		buckets.forEach((bucket) -> counts.add(bucket.get("count").asLong()));
		return counts;
	}

	private static List<String> phases(JsonNode segments) {
		List<String> phases = new ArrayList<>();
		segments.forEach((segment) -> phases.add(segment.get("phase").asString()));
		return phases;
	}

	private static long sum(JsonNode nodes, String field) {
		double sum = 0;
		for (JsonNode node : nodes) {
			sum += node.get(field).asDouble();
		}
		return Math.round(sum);
	}

	private static String join(CallDriver.TestCall call, String device) {
		return "{\"type\":\"join\",\"callId\":\"" + call.id() + "\",\"device\":\"" + device + "\"}";
	}

	private static String timings(int join, String outcome, String marks) {
		return "{\"type\":\"timings\",\"join\":" + join + ",\"outcome\":\"" + outcome + "\",\"marks\":" + marks + "}";
	}

}
