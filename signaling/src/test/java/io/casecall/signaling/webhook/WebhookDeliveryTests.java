package io.casecall.signaling.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.room.system.RedisKeys;
import io.casecall.signaling.evidence.Photos;
import io.casecall.signaling.evidence.Uploads;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks end to end: real calls through the API and the socket, a real receiver that checks
 * every signature itself, failures, dead letters and replays through the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "casecall.sfu.type=fake")
@Import(TestApp.WithFakeSfu.class)
class WebhookDeliveryTests {

	static final String SECRET = WebhookTestSupport.newSecret();

	static final String OLD_SECRET = WebhookTestSupport.newSecret();

	static final WebhookReceiver crm = new WebhookReceiver(SECRET);

	/** A second system that still knows only the secret being rotated out. */
	static final WebhookReceiver archive = new WebhookReceiver(OLD_SECRET);

	/** Cases whose deliveries the crm receiver refuses (500) while they are in this set. */
	static final Set<String> failing = ConcurrentHashMap.newKeySet();

	@LocalServerPort
	int port;

	@Autowired
	Webhooks webhooks;

	@Autowired
	CallWebhooks callWebhooks;

	@Autowired
	StringRedisTemplate redis;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
		List<String> properties = WebhookTestSupport.fastQueue(WebhookTestSupport.keyPrefix());
		properties.addAll(WebhookTestSupport.endpoint(0, "crm", crm.url(), SECRET));
		properties.addAll(WebhookTestSupport.endpoint(1, "archive", archive.url(), WebhookTestSupport.newSecret(),
				"call.ended"));
		properties.add("casecall.webhooks.endpoints[1].previous-secrets[0]=" + OLD_SECRET);
		for (String property : properties) {
			String[] pair = property.split("=", 2);
			registry.add(pair[0], () -> pair[1]);
		}
		crm.respond((request) -> (request.caseId() != null && failing.contains(request.caseId())) ? 500 : 200);
	}

	@AfterAll
	static void stopReceivers() {
		crm.close();
		archive.close();
	}

	@Test
	void sendsEachCallEventOnceSignedForTheReceiverToVerify() {
		TestCall call = TestCall.create(this.port);
		try (TestSocket customer = join(call.inviteToken(), call, "customer-phone");
				TestSocket agent = join(call.agentToken(), call, "agent-desk-1")) {
			// the agent reloads the page: the call reports connected again, and nothing is sent again
			try (TestSocket reloaded = join(call.agentToken(), call, "agent-desk-1")) {
				assertThat(reloaded.closed()).isFalse();
			}
		}
		Http.Response ended = http().postJson("/api/v1/calls/" + call.id() + "/end",
				"{\"outcome\":\"reshipped\",\"note\":\"New parcel sent\"}");
		assertThat(ended.status()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(15))
			.until(() -> crm.received(call.id()).stream().anyMatch((r) -> "call.ended".equals(r.type()) && r.answered() == 200));
		List<WebhookReceiver.Received> events = crm.received(call.id())
			.stream()
			.filter((r) -> r.answered() == 200)
			.toList();
		// two workers per endpoint: events of one call may arrive in any order (receivers order by timestamp)
		assertThat(events).extracting(WebhookReceiver.Received::type)
			.containsExactlyInAnyOrder("call.created", "call.waiting", "call.connected", "call.ended");
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.verified()).isTrue();
			assertThat(event.id()).startsWith("msg_");
			assertThat(event.signature()).matches("v1,[A-Za-z0-9+/=]{44}");
		});
		assertThat(events.stream().map(WebhookReceiver.Received::id).distinct()).hasSize(4);
		Map<String, WebhookReceiver.Received> byType = events.stream()
			.collect(Collectors.toMap(WebhookReceiver.Received::type, (event) -> event));
		JsonNode connected = byType.get("call.connected").json();
		assertThat(connected.get("data").get("connectedAt").asString()).isNotBlank();
		assertThat(connected.get("timestamp").asString()).isEqualTo(connected.get("data").get("connectedAt").asString());
		assertThat(connected.get("data").get("secondsToConnect").asDouble()).isPositive();
		assertThat(Instant.parse(byType.get("call.waiting").json().get("timestamp").asString()))
			.isBeforeOrEqualTo(Instant.parse(connected.get("timestamp").asString()));
		JsonNode end = byType.get("call.ended").json().get("data");
		assertThat(end.get("callId").asString()).isEqualTo(call.id());
		assertThat(end.get("outcome").asString()).isEqualTo("reshipped");
		assertThat(end.get("note").asString()).isEqualTo("New parcel sent");
		assertThat(end.get("reason").asString()).isEqualTo("agent_ended");
		assertThat(end.get("durations").get("totalSeconds").asDouble()).isPositive();
		assertThat(end.get("durations").get("connectedSeconds").asDouble()).isPositive();
		assertThat(end.get("evidence").isArray()).isTrue();

		// the archive filters on call.ended and verifies with the old secret of a rotation
		await().atMost(Duration.ofSeconds(15)).until(() -> !archive.received(call.id()).isEmpty());
		WebhookReceiver.Received archived = archive.received(call.id()).get(0);
		assertThat(archived.type()).isEqualTo("call.ended");
		assertThat(archived.signature().split(" ")).hasSize(2);
		assertThat(archived.id()).isEqualTo(byType.get("call.ended").id());
	}

	@Test
	void retriesAFailingReceiverWithTheSameIdUntilItAccepts() {
		String caseId = newCaseId();
		failing.add(caseId);
		String callId = createCall(caseId);
		await().atMost(Duration.ofSeconds(15)).until(() -> crm.received(callId).size() >= 2);
		failing.remove(caseId);

		await().atMost(Duration.ofSeconds(15))
			.until(() -> crm.received(callId).stream().anyMatch((r) -> r.answered() == 200));
		List<WebhookReceiver.Received> attempts = crm.received(callId);
		assertThat(attempts).extracting(WebhookReceiver.Received::id).containsOnly(attempts.get(0).id());
		assertThat(attempts.get(0).answered()).isEqualTo(500);
		assertThat(attempts.get(attempts.size() - 1).answered()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(5)).until(() -> "delivered".equals(deliveryOf(callId, "all").get("status").asString()));
		JsonNode delivery = deliveryOf(callId, "all");
		assertThat(delivery.get("attempts").asInt()).isEqualTo(attempts.size());
		assertThat(delivery.get("lastStatus").asInt()).isEqualTo(200);
	}

	@Test
	void deadLettersAfterTheLastAttemptAndReplaysThroughTheApi() {
		String caseId = newCaseId();
		failing.add(caseId);
		String callId = createCall(caseId);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> deliveryOf(callId, "dead") != null);
		JsonNode dead = deliveryOf(callId, "dead");
		assertThat(dead.get("status").asString()).isEqualTo("dead");
		assertThat(dead.get("attempts").asInt()).isEqualTo(3);
		assertThat(dead.get("lastStatus").asInt()).isEqualTo(500);
		assertThat(crm.received(callId)).hasSize(3);
		JsonNode ops = http().get("/api/v1/ops/webhooks", "X-API-Key", TestApp.OPS_KEY).json();
		assertThat(ops.get("dead").toString()).contains(dead.get("id").asString());
		assertThat(ops.get("failures").toString()).contains(dead.get("id").asString());
		assertThat(ops.get("endpoints").get(0).get("origin").asString()).startsWith("http://127.0.0.1:");
		assertThat(ops.toString()).doesNotContain(SECRET.substring(6));

		failing.remove(caseId);
		Http.Response replay = http().post("/api/v1/webhooks/deliveries/" + dead.get("id").asString() + "/replay", null,
				"X-API-Key", TestApp.API_KEY);
		assertThat(replay.status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(15)).until(() -> crm.received(callId).size() == 4);
		WebhookReceiver.Received replayed = crm.received(callId).get(3);
		assertThat(replayed.answered()).isEqualTo(200);
		assertThat(replayed.id()).isEqualTo(crm.received(callId).get(0).id());
		await().atMost(Duration.ofSeconds(5)).until(() -> deliveryOf(callId, "dead") == null);
		assertThat(deliveryOf(callId, "all").get("replays").asInt()).isEqualTo(1);
	}

	@Test
	void refusesToReplayADeliveryStillInFlight() {
		String caseId = newCaseId();
		crm.holdRequests((request) -> caseId.equals(request.caseId()));
		try {
			String callId = createCall(caseId);
			await().atMost(Duration.ofSeconds(15)).until(() -> !crm.received(callId).isEmpty());
			String id = deliveryOf(callId, "all").get("id").asString();
			Http.Response replay = http().post("/api/v1/webhooks/deliveries/" + id + "/replay", null, "X-API-Key",
					TestApp.API_KEY);
			assertThat(replay.status()).isEqualTo(409);
			assertThat(replay.json().get("code").asString()).isEqualTo("webhook_delivery_in_flight");
		}
		finally {
			crm.release();
		}
	}

	@Test
	void publishesAnEvidenceEventOncePerItem() {
		String callId = TestCall.create(this.port).id();
		Map<String, Object> data = Map.of("evidenceId", "ev-1", "contentType", "image/jpeg", "size", 52311,
				"requestedBy", "agent");

		this.webhooks.publish("evidence.added", callId, data);
		this.webhooks.publish("evidence.added", callId, data);
		this.webhooks.publish("evidence.added", callId, Map.of("evidenceId", "ev-2"));

		await().atMost(Duration.ofSeconds(15))
			.until(() -> crm.received(callId).stream().filter((r) -> "evidence.added".equals(r.type())).count() == 2);
		List<JsonNode> evidence = crm.received(callId)
			.stream()
			.filter((r) -> "evidence.added".equals(r.type()))
			.map((r) -> r.json().get("data"))
			.toList();
		assertThat(evidence).extracting((d) -> d.get("evidenceId").asString()).containsExactlyInAnyOrder("ev-1", "ev-2");
		assertThat(evidence).allSatisfy((d) -> assertThat(d.get("callId").asString()).isEqualTo(callId));
		assertThat(archive.received(callId)).noneMatch((r) -> "evidence.added".equals(r.type()));
	}

	@Test
	void tellsTheCaseSystemOfAStoredPhotoAndListsItWhenTheCallEnds() {
		TestCall call = TestCall.create(this.port);
		Uploads.Response stored = new Uploads(this.port).upload(call.id(), call.inviteToken(), Photos.jpegWithGps(),
				"?notice=true");
		assertThat(stored.status()).isEqualTo(201);
		String evidenceId = stored.json().get("evidenceId").asString();
		String sha256 = stored.json().get("sha256").asString();
		assertThat(http().postJson("/api/v1/calls/" + call.id() + "/end", "{\"outcome\":\"claim_filed\"}").status())
			.isEqualTo(200);

		await().atMost(Duration.ofSeconds(15))
			.until(() -> crm.received(call.id())
				.stream()
				.filter((r) -> r.answered() == 200)
				.map(WebhookReceiver.Received::type)
				.collect(Collectors.toSet())
				.containsAll(Set.of("evidence.added", "call.ended")));
		Map<String, JsonNode> byType = crm.received(call.id())
			.stream()
			.filter((r) -> r.answered() == 200)
			.collect(Collectors.toMap(WebhookReceiver.Received::type, WebhookReceiver.Received::json, (a, b) -> a));
		JsonNode added = byType.get("evidence.added").get("data");
		assertThat(added.get("evidenceId").asString()).isEqualTo(evidenceId);
		assertThat(added.get("sha256").asString()).isEqualTo(sha256).matches("[0-9a-f]{64}");
		assertThat(added.get("contentType").asString()).isEqualTo("image/jpeg");
		JsonNode listed = byType.get("call.ended").get("data").get("evidence");
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).get("evidenceId").asString()).isEqualTo(evidenceId);
		assertThat(listed.get(0).get("sha256").asString()).isEqualTo(sha256);
		assertThat(listed.get(0).get("noticeShown").asBoolean()).isTrue();
	}

	@Test
	void catchesUpTheEventOfAStatusWhoseNodeDiedBeforeQueuingIt() {
		TestCall call = TestCall.create(this.port);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> crm.received(call.id()).stream().anyMatch((r) -> "call.created".equals(r.type())));
		// the node marked the change, wrote the end into the record and died before it queued call.ended
		Instant endedAt = Instant.now();
		this.redis.opsForZSet().add(RedisKeys.CHANGED_CALLS, call.id(), endedAt.toEpochMilli());
		this.redis.opsForHash()
			.putAll(RedisKeys.call(call.id()), Map.of("status", "ended", "endedAt",
					String.valueOf(endedAt.toEpochMilli()), "endReason", "agent_ended"));
		Instant from = endedAt.minusSeconds(60);
		Instant to = endedAt.plusSeconds(1);

		assertThat(this.callWebhooks.catchUp(from, to)).as("events queued by the catch-up").isGreaterThanOrEqualTo(1);
		assertThat(this.callWebhooks.catchUp(from, to)).as("a second catch-up queues nothing").isZero();

		await().atMost(Duration.ofSeconds(15))
			.until(() -> crm.received(call.id()).stream().anyMatch((r) -> "call.ended".equals(r.type()) && r.answered() == 200));
		List<WebhookReceiver.Received> ended = crm.received(call.id())
			.stream()
			.filter((r) -> "call.ended".equals(r.type()))
			.toList();
		assertThat(ended).hasSize(1);
		assertThat(ended.get(0).verified()).isTrue();
		assertThat(ended.get(0).json().get("data").get("reason").asString()).isEqualTo("agent_ended");
		assertThat(crm.received(call.id()).stream().filter((r) -> "call.created".equals(r.type()))).hasSize(1);
	}

	@Test
	void answersBadDeliveryRequestsWithTypedProblems() {
		Http.Response unknown = http().getAsClient("/api/v1/webhooks/deliveries/dlv_AAAAAAAAAAAAAAAAAAAAAA");
		Http.Response malformed = http().getAsClient("/api/v1/webhooks/deliveries/not-a-delivery");
		Http.Response badFilter = http().getAsClient("/api/v1/webhooks/deliveries?status=lost");
		Http.Response noKey = http().get("/api/v1/webhooks/deliveries");
		Http.Response opsWithApiKey = http().getAsClient("/api/v1/ops/webhooks");

		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("code").asString()).isEqualTo("webhook_delivery_not_found");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(badFilter.status()).isEqualTo(400);
		assertThat(noKey.status()).isEqualTo(401);
		assertThat(opsWithApiKey.status()).isEqualTo(401);
	}

	@Test
	void describesTheDeliveryApiInOpenApi() {
		JsonNode paths = http().get("/v3/api-docs").json().get("paths");

		assertThat(paths.has("/api/v1/webhooks/deliveries")).isTrue();
		assertThat(paths.has("/api/v1/webhooks/deliveries/{deliveryId}")).isTrue();
		assertThat(paths.get("/api/v1/webhooks/deliveries/{deliveryId}/replay").has("post")).isTrue();
	}

	private static String newCaseId() {
		return "CASE-WH-" + java.util.UUID.randomUUID().toString().substring(0, 8);
	}

	private String createCall(String caseId) {
		Http.Response created = http().postJson("/api/v1/calls", "{\"caseId\":\"" + caseId + "\"}");
		assertThat(created.status()).isEqualTo(201);
		return created.json().get("callId").asString();
	}

	private TestSocket join(String token, TestCall call, String device) {
		TestSocket socket = TestSocket.connect(this.port, token);
		socket.send(call.join(device)).next("joined");
		return socket;
	}

	/** The call's call.created delivery to the crm, from a list of the API ({@code null}: not in it). */
	private JsonNode deliveryOf(String callId, String status) {
		JsonNode list = http().getAsClient("/api/v1/webhooks/deliveries?limit=200&status=" + status).json();
		List<JsonNode> matches = new ArrayList<>();
		for (JsonNode delivery : list.get("deliveries")) {
			if (callId.equals(delivery.get("callId").asString()) && "crm".equals(delivery.get("endpoint").asString())
					&& "call.created".equals(delivery.get("type").asString())) {
				matches.add(delivery);
			}
		}
		return matches.isEmpty() ? null : matches.get(0);
	}

	private Http http() {
		return new Http(this.port);
	}

}
