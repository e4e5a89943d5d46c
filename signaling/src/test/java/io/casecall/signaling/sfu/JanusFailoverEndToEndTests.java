package io.casecall.signaling.sfu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.casecall.room.call.CallService;
import io.casecall.room.call.PresenceCause;
import io.casecall.room.call.PresenceEntry;
import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.sfu.SfuInstanceStatus;
import io.casecall.room.test.JanusProcess;
import io.casecall.room.token.Role;
import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.LiveCall;
import io.casecall.signaling.support.TestApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real Janus processes of the test's own ({@code casecall.sfu.janus.instances}), the app, and
 * two real Chromium in a live call: the Janus holding the call's room is killed ({@code kill -9});
 * the room moves to the other Janus, both pages rejoin there by themselves and decode video again
 * (the time from the kill is printed: docs/benchmarks.md, "Janus failover"); the record shows the
 * move; a call created after the kill lands on the live Janus.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class JanusFailoverEndToEndTests {

	private static final Duration BACK = Duration.ofSeconds(30);

	private static final List<JanusProcess> janus = new java.util.ArrayList<>();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		TestApp.properties(registry);
		String[] rtp = SpareJanus.rtpHalves();
		for (int i = 0; i < 2; i++) {
			String id = (i == 0) ? "janus-a" : "janus-b";
			JanusProcess process = JanusProcess
				.render(Files.createDirectories(Path.of("target", "janus-e2e-" + id).toAbsolutePath()), rtp[i]);
			process.start();
			janus.add(process);
			registry.add("casecall.sfu.janus.instances[" + i + "].id", () -> id);
			registry.add("casecall.sfu.janus.instances[" + i + "].url", process::url);
		}
	}

	@AfterAll
	static void stopJanus() throws InterruptedException {
		for (JanusProcess process : janus) {
			process.close();
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	CallService calls;

	@Autowired
	SfuGateway gateway;

	@Test
	void killingTheJanusOfALiveCallMovesItsRoomAndMediaComesBackOnTheOtherAndNewCallsAvoidTheDeadOne()
			throws Exception {
		await().atMost(BACK).until(() -> this.gateway.status().stream().allMatch(SfuInstanceStatus::up));
		try (Browser agent = Browser.open(1280, 800); Browser customer = Browser.open(1280, 800)) {
			LiveCall call = LiveCall.start(this.port, agent, customer);
			String from = this.calls.get(call.id()).sfuInstance();
			String to = "janus-a".equals(from) ? "janus-b" : "janus-a";
			JanusProcess dead = janus.get("janus-a".equals(from) ? 0 : 1);

			long killed = System.nanoTime();
			dead.kill();

			// both pages rejoined after the loss (on new peer connections) before any video counts as back
			await().atMost(BACK).pollInterval(Duration.ofMillis(50)).until(() -> backAfterLoss(call.id(), Role.CUSTOMER)
					&& backAfterLoss(call.id(), Role.AGENT));
			long[] back = call.awaitVideoBack(killed, BACK);
			System.out.printf("Janus failover (kill -9 of %s, the room moved to %s): video decoded again %d ms "
					+ "(customer page) and %d ms (agent page) after the kill%n", from, to, back[0], back[1]);

			assertThat(this.calls.get(call.id()).sfuInstance()).as("the record says where the room went").isEqualTo(to);
			assertThat(this.calls.presence(call.id())).extracting(PresenceEntry::cause)
				.contains(PresenceCause.SFU_LOST, PresenceCause.SFU_BACK);
			assertThat(this.calls.presence(call.id())).filteredOn((entry) -> entry.cause() == PresenceCause.SFU_MOVED)
				.as("one move, in the history of both seats, with where the room went")
				.extracting(PresenceEntry::role, PresenceEntry::instance)
				.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Role.AGENT, to),
						org.assertj.core.groups.Tuple.tuple(Role.CUSTOMER, to));
			call.awaitConnected(BACK);
			assertThat(this.gateway.status()).filteredOn((status) -> status.name().equals(from))
				.singleElement()
				.satisfies((status) -> assertThat(status.up()).isFalse());

			try (Browser next = Browser.open(1280, 800)) {
				String waiting = LiveCall.waiting(this.port, next);
				await().atMost(BACK).until(() -> this.calls.get(waiting).sfuInstance() != null);
				assertThat(this.calls.get(waiting).sfuInstance()).as("a new call avoids the dead Janus").isEqualTo(to);
			}
		}
	}

	/** The seat's latest presence entry is a join after an sfu_lost (media back). */
	private boolean backAfterLoss(String callId, Role role) {
		List<PresenceEntry> seat = this.calls.presence(callId).stream().filter((entry) -> entry.role() == role).toList();
		int lost = -1;
		for (int i = 0; i < seat.size(); i++) {
			if (seat.get(i).cause() == PresenceCause.SFU_LOST) {
				lost = i;
			}
		}
		return lost >= 0 && seat.get(seat.size() - 1).cause() == PresenceCause.SFU_BACK;
	}

}
