package io.casecall.room.sfu.janus;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.call.Call;
import io.casecall.room.call.CallEventBus;
import io.casecall.room.call.CallIntegrationSupport;
import io.casecall.room.call.CallPresence;
import io.casecall.room.call.CallService;
import io.casecall.room.call.CallSpec;
import io.casecall.room.media.MediaRooms;
import io.casecall.room.sfu.SfuInstanceStatus;
import io.casecall.room.sfu.SfuUnavailableException;
import io.casecall.room.test.JanusProcess;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real Janus processes of the test's own behind one gateway, with the room lifecycle on the
 * real call store: new rooms spread over the healthy instances, a killed instance's live room
 * moves to the other (the record says where), new rooms avoid the dead one, and it takes rooms
 * again once restarted. No media here (the Chromium test in signaling has it).
 */
class JanusFailoverTests extends CallIntegrationSupport {

	private static JanusProcess janusA;

	private static JanusProcess janusB;

	@Autowired
	CallService calls;

	@Autowired
	CallPresence presence;

	@Autowired
	CallEventBus events;

	private JanusGateway gateway;

	private MediaRooms rooms;

	@BeforeAll
	static void startJanus() throws IOException, InterruptedException {
		janusA = JanusProcess.render(Files.createDirectories(Path.of("target", "janus-failover-a").toAbsolutePath()));
		janusB = JanusProcess.render(Files.createDirectories(Path.of("target", "janus-failover-b").toAbsolutePath()));
		janusA.start();
		janusB.start();
	}

	@AfterAll
	static void stopJanus() throws InterruptedException {
		janusA.close();
		janusB.close();
	}

	@AfterEach
	void close() {
		if (this.rooms != null) {
			this.rooms.close();
		}
		if (this.gateway != null) {
			this.gateway.close();
		}
	}

	@Test
	void aKilledInstancesLiveRoomMovesToTheOtherAndNewRoomsAvoidItUntilItIsBack() throws Exception {
		JanusProperties single = JanusTestEnvironment.properties(JanusTestEnvironment.url(janusA.wsPort()),
				Duration.ofSeconds(2));
		JanusProperties properties = new JanusProperties(single.url(), single.apiSecret(), single.adminKey(),
				single.requestTimeout(), single.keepaliveInterval(), single.roomBitrate(), single.roomPublishers(),
				single.reconnectDelayMin(), single.reconnectDelayMax(), single.instanceName(), true,
				List.of(new JanusProperties.Instance("janus-a", JanusTestEnvironment.url(janusA.wsPort())),
						new JanusProperties.Instance("janus-b", JanusTestEnvironment.url(janusB.wsPort()))),
				Duration.ofMillis(500), Duration.ofSeconds(60));
		this.gateway = JanusTestEnvironment.gateway(properties, new SimpleMeterRegistry());
		this.rooms = new MediaRooms(this.gateway, this.presence, this.calls, this.events, Duration.ofMinutes(1),
				(callId) -> 1);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.gateway.status().stream().allMatch(SfuInstanceStatus::up));

		Call first = newCall();
		Call second = newCall();
		TestClient agent = join(first, first.agent().participantId());
		join(second, second.agent().participantId());
		assertThat(instanceOf(first)).as("rooms spread: the emptier instance").isEqualTo("janus-a");
		assertThat(instanceOf(second)).isEqualTo("janus-b");

		long killed = System.nanoTime();
		janusA.kill();

		await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(agent.losses).singleElement()
			.isInstanceOf(SfuUnavailableException.class));
		await().atMost(Duration.ofSeconds(5)).until(() -> "janus-b".equals(instanceOf(first)));
		long moved = System.nanoTime();
		assertThat(describe("janus-b", first.room())).as("allocated on janus-b before anyone rejoined")
			.isEqualTo(first.room());
		System.out.printf("Janus failover: the live room moved to janus-b %d ms after janus-a was killed%n",
				(moved - killed) / 1_000_000);
		assertThat(this.gateway.status()).extracting(SfuInstanceStatus::name, SfuInstanceStatus::up)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("janus-a", false),
					org.assertj.core.groups.Tuple.tuple("janus-b", true));

		Call third = newCall();
		join(third, third.agent().participantId());
		assertThat(instanceOf(third)).as("a new room avoids the dead instance").isEqualTo("janus-b");
		TestClient back = join(first, first.agent().participantId()); // the page's rejoin, with a stale record
		assertThat(back.losses).isEmpty();
		assertThat(instanceOf(first)).isEqualTo("janus-b");

		janusA.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.gateway.status().get(0).up());
		Call fourth = newCall();
		join(fourth, fourth.agent().participantId());
		assertThat(instanceOf(fourth)).as("the restarted instance is the emptier one").isEqualTo("janus-a");
	}

	private TestClient join(Call call, String participantId) {
		return new TestClient(null, participantId)
			.join((listener) -> this.rooms.connect(call, participantId, "Name", listener));
	}

	private String instanceOf(Call call) {
		return this.calls.get(call.id()).sfuInstance();
	}

	private String describe(String instance, String roomId) {
		return this.gateway.control(instance).describeRoom(roomId, JanusTestEnvironment.adminKey()).path("room").asString();
	}

	private Call newCall() {
		CallSpec spec = new CallSpec("CASE-" + UUID.randomUUID(), "Parcel lost in transit",
				new CallSpec.Money(new BigDecimal("129.50"), "EUR"), new CallSpec.Customer("Li Wei", "zh-CN"),
				new CallSpec.Agent("agent-7", "Maria"));
		return this.calls.create(spec, "janus", "janus-failover-test", null).call();
	}

}
