package io.casecall.room.sfu.janus;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.SfuRequestTimers;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuInstanceStatus;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;
import io.casecall.room.sfu.SfuUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Rooms, errors, status and metrics of the gateway against the test stack's Janus. */
class JanusGatewayTests {

	private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private static JanusGateway gateway;

	@BeforeAll
	static void start() {
		gateway = JanusTestEnvironment.connectedGateway(JanusTestEnvironment.wsPort(), Duration.ofSeconds(5), meters);
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	@Test
	void allocateCreatesTheRoomForVideoOnceAndReturnsItAgain() {
		String roomId = UUID.randomUUID().toString();
		SfuRoom first = gateway.allocate(roomId, null);
		try {
			SfuRoom again = gateway.allocate(roomId, first.instance());

			assertThat(first).isEqualTo(new SfuRoom(roomId, "janus-test")).isEqualTo(again);
			JsonNode room = describe(roomId);
			assertThat(room.path("bitrate").asLong()).isEqualTo(1_800_000);
			assertThat(room.path("max_publishers").asInt()).isEqualTo(4);
			assertThat(room.path("videocodec").asString()).isEqualTo("vp8");
			assertThat(room.path("audiocodec").asString()).isEqualTo("opus");
		}
		finally {
			gateway.release(first);
		}
	}

	@Test
	void releaseDestroysTheRoomAndToleratesAMissingOne() {
		SfuRoom room = gateway.allocate(UUID.randomUUID().toString(), null);

		gateway.release(room);

		assertThat(describe(room.roomId()).isMissingNode()).isTrue();
		gateway.release(room);
		gateway.release(new SfuRoom(UUID.randomUUID().toString(), "janus-test"));
	}

	@Test
	void releasingARoomLosesTheParticipantsStillInIt() {
		SfuRoom room = gateway.allocate(UUID.randomUUID().toString(), null);
		try (TestClient agent = new TestClient(null, "agent-1").join(gateway, room)) {
			gateway.release(room);

			await().atMost(Duration.ofSeconds(5)).until(() -> !agent.losses.isEmpty());
			assertThat(agent.losses).singleElement()
				.satisfies((cause) -> assertThat(cause).hasMessageContaining("room was destroyed"));
			assertThatExceptionOfType(SfuUnavailableException.class)
				.isThrownBy(() -> agent.onSignaling(() -> agent.participant().offer("pub", "v=0")));
		}
	}

	@Test
	void aRefusalOfJanusIsAnSfuErrorWithJanusCodeAndReason() {
		SfuRoom neverAllocated = new SfuRoom(UUID.randomUUID().toString(), "janus-test");
		SfuParticipant participant = gateway.connect(neverAllocated, "agent-1", "Agent",
				new TestClient(null, "agent-1"));
		try {
			assertThatExceptionOfType(SfuException.class).isThrownBy(participant::start)
				.isNotInstanceOf(SfuUnavailableException.class)
				.withMessageContaining("join")
				.withMessageContaining("426")
				.withMessageContaining("No such room")
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo("sfu_error"));
		}
		finally {
			participant.close();
		}
		Timer refused = meters.find(SfuRequestTimers.NAME)
			.tags("sfu", "janus", "operation", "join", "outcome", "error")
			.timer();
		assertThat(refused).isNotNull();
		assertThat(refused.count()).isPositive();
	}

	@Test
	void answersForUnknownConnectionsAndInvalidOffersAreRefused() {
		SfuRoom room = gateway.allocate(UUID.randomUUID().toString(), null);
		try (SfuParticipant participant = gateway.connect(room, "agent-1", "Agent", new TestClient(null, "agent-1"))) {
			participant.start();
			assertThatExceptionOfType(SfuException.class).isThrownBy(() -> participant.answer("sub-x", "v=0"))
				.withMessageContaining("sub-x");
			assertThatExceptionOfType(SfuException.class).isThrownBy(() -> participant.restart("sub-x"))
				.withMessageContaining("sub-x");
			assertThat(participant.holds("sub-x")).isFalse();
			assertThat(participant.alive()).isTrue();
			assertThatExceptionOfType(SfuException.class).isThrownBy(() -> participant.offer("pub", "not sdp"))
				.withMessageContaining("publish")
				.withMessageContaining("465");
		}
		finally {
			gateway.release(room);
		}
	}

	@Test
	void everyRequestIsTimedByOperationAndOutcomeWithoutIds() {
		String roomId = UUID.randomUUID().toString();
		SfuRoom room = gateway.allocate(roomId, null);
		gateway.release(room);

		Timer created = meters.find(SfuRequestTimers.NAME)
			.tags("sfu", "janus", "operation", "create_room", "outcome", "ok")
			.timer();
		Timer destroyed = meters.find(SfuRequestTimers.NAME)
			.tags("sfu", "janus", "operation", "destroy_room", "outcome", "ok")
			.timer();
		assertThat(created).isNotNull();
		assertThat(created.count()).isPositive();
		assertThat(destroyed).isNotNull();
		assertThat(meters.find(SfuRequestTimers.NAME).timers()).allSatisfy((timer) -> {
			assertThat(timer.getId().getTags()).extracting(Tag::getKey)
				.containsExactlyInAnyOrder("sfu", "operation", "outcome");
			assertThat(timer.getId().getTag("outcome")).isIn("ok", "error", "timeout", "unavailable");
		});
		assertThat(meters.getMeters()).map(Meter::getId)
			.noneMatch((id) -> id.getTags().stream().anyMatch((tag) -> tag.getValue().contains(roomId)));
	}

	@Test
	void statusReportsTheInstanceUpWithJanusVersionAndParticipants() {
		SfuRoom room = gateway.allocate(UUID.randomUUID().toString(), null);
		try (SfuParticipant participant = gateway.connect(room, "agent-1", "Agent", new TestClient(null, "agent-1"))) {
			SfuInstanceStatus status = gateway.status().get(0);

			assertThat(gateway.status()).hasSize(1);
			assertThat(status.name()).isEqualTo("janus-test");
			assertThat(status.up()).isTrue();
			assertThat(status.detail()).startsWith("Janus 1.1.2 (ws://127.0.0.1:").endsWith(", 1 participants of this node)");
			assertThat(status.load()).isGreaterThanOrEqualTo(1);
		}
		finally {
			gateway.release(room);
		}
	}

	private static JsonNode describe(String roomId) {
		return gateway.control("janus-test").describeRoom(roomId, JanusTestEnvironment.adminKey());
	}

}
