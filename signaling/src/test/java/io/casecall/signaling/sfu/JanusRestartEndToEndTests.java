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
 * One real Janus of the test's own (the single {@code casecall.sfu.janus.url}), the app, and two
 * real Chromium in a live call: Janus is killed ({@code kill -9}), stays down for {@link #OUTAGE}
 * while both pages say the service is unavailable and the call stays open, and is restarted on the
 * same ports. Media comes back by itself; the test prints how long after the restart the app was
 * connected to Janus again and each page decoded video again (docs/benchmarks.md, "Janus restart").
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class JanusRestartEndToEndTests {

	/** Long enough for a doubling reconnect backoff to have grown well past a second. */
	private static final Duration OUTAGE = Duration.ofSeconds(12);

	private static final Duration BACK = Duration.ofSeconds(40);

	private static JanusProcess janus;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		TestApp.properties(registry);
		janus = JanusProcess.render(Files.createDirectories(Path.of("target", "janus-e2e-restart").toAbsolutePath()),
				SpareJanus.rtpHalves()[0]);
		janus.start();
		registry.add("casecall.sfu.janus.url", janus::url);
	}

	@AfterAll
	static void stopJanus() throws InterruptedException {
		janus.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	CallService calls;

	@Autowired
	SfuGateway gateway;

	@Test
	void aKilledAndRestartedJanusBringsTheMediaOfALiveCallBackByItself() throws Exception {
		await().atMost(BACK).until(() -> this.gateway.status().get(0).up());
		try (Browser agent = Browser.open(1280, 800); Browser customer = Browser.open(1280, 800)) {
			LiveCall call = LiveCall.start(this.port, agent, customer);

			janus.kill();
			await().atMost(BACK).until(() -> lost(call.id(), Role.CUSTOMER) && lost(call.id(), Role.AGENT));
			Thread.sleep(OUTAGE.toMillis()); // the outage itself: Janus stays down this long
			assertThat(this.calls.get(call.id()).ended()).as("the call stays open while Janus is down").isFalse();

			long restarted = System.nanoTime();
			janus.start();
			long[] connected = new long[1];
			await().atMost(BACK).pollInterval(Duration.ofMillis(20)).until(() -> {
				if (connected[0] == 0 && this.gateway.status().get(0).up()) {
					connected[0] = System.nanoTime();
				}
				return connected[0] != 0;
			});
			await().atMost(BACK).pollInterval(Duration.ofMillis(50))
				.until(() -> back(call.id(), Role.CUSTOMER) && back(call.id(), Role.AGENT));
			long[] back = call.awaitVideoBack(restarted, BACK);
			System.out.printf("Janus restart (down %d s): the app connected to Janus again %d ms after the restart; "
					+ "video decoded again %d ms (customer page) and %d ms (agent page) after it%n",
					OUTAGE.toSeconds(), (connected[0] - restarted) / 1_000_000, back[0], back[1]);
			call.awaitConnected(BACK);
		}
	}

	private boolean lost(String callId, Role role) {
		return last(callId, role) == PresenceCause.SFU_LOST;
	}

	private boolean back(String callId, Role role) {
		return last(callId, role) == PresenceCause.SFU_BACK;
	}

	private PresenceCause last(String callId, Role role) {
		List<PresenceEntry> seat = this.calls.presence(callId).stream().filter((entry) -> entry.role() == role).toList();
		return seat.isEmpty() ? null : seat.get(seat.size() - 1).cause();
	}

}
