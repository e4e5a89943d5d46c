package io.casecall.room.sfu.janus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.casecall.room.sfu.SfuRequestTimers;
import io.casecall.room.sfu.SfuRoom;
import io.casecall.room.sfu.SfuUnavailableException;
import io.casecall.room.test.JanusProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The gateway against a Janus of the test's own that crashes, restarts or stops answering. */
class JanusRestartTests {

	private static JanusProcess janus;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private JanusGateway gateway;

	@BeforeAll
	static void render() throws IOException, InterruptedException {
		Path dir = Files.createDirectories(Path.of("target", "janus-restart-tests").toAbsolutePath());
		janus = JanusProcess.render(dir);
	}

	@AfterAll
	static void killJanus() throws InterruptedException {
		janus.close();
	}

	@BeforeEach
	void start() throws IOException {
		janus.start();
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (this.gateway != null) {
			this.gateway.close();
		}
		janus.kill();
	}

	@Test
	void participantsAreLostWhenJanusDiesAndTheGatewayReconnectsByItself() throws IOException, InterruptedException {
		this.gateway = connectedGateway(Duration.ofSeconds(5));
		SfuRoom room = this.gateway.allocate(UUID.randomUUID().toString(), null);
		TestClient agent = new TestClient(null, "agent-1").join(this.gateway, room);
		TestClient customer = new TestClient(null, "customer-1").join(this.gateway, room);

		janus.kill();

		await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
			assertThat(agent.losses).singleElement().isInstanceOf(SfuUnavailableException.class);
			assertThat(customer.losses).singleElement().isInstanceOf(SfuUnavailableException.class);
		});
		assertThat(this.gateway.status().get(0).up()).isFalse();
		long start = System.nanoTime();
		assertThatExceptionOfType(SfuUnavailableException.class)
			.isThrownBy(() -> agent.onSignaling(() -> agent.participant().offer("pub", "v=0")));
		assertThatExceptionOfType(SfuUnavailableException.class)
			.isThrownBy(() -> this.gateway.allocate(room.roomId(), room.instance()));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

		janus.start();

		await().atMost(Duration.ofSeconds(5)).until(() -> this.gateway.status().get(0).up());
		SfuRoom again = this.gateway.allocate(room.roomId(), room.instance());
		assertThat(this.gateway.control(room.instance()).describeRoom(room.roomId(), JanusTestEnvironment.adminKey())
			.path("room").asString()).isEqualTo(room.roomId());
		try (TestClient rejoined = new TestClient(null, "agent-1").join(this.gateway, again)) {
			assertThat(this.gateway.status().get(0).load()).isEqualTo(1);
			assertThat(rejoined.events).isEmpty();
		}
		agent.close();
		customer.close();
		assertThat(agent.events).containsExactly("lost");
	}

	@Test
	void aJanusThatStopsAnsweringTimesOutAsUnavailable() throws IOException, InterruptedException {
		this.gateway = connectedGateway(Duration.ofMillis(500));
		this.gateway.allocate(UUID.randomUUID().toString(), null);

		janus.pause();
		long start = System.nanoTime();
		try {
			assertThatExceptionOfType(SfuUnavailableException.class)
				.isThrownBy(() -> this.gateway.allocate(UUID.randomUUID().toString(), null))
				.withMessageContaining("did not answer create_room within 500 ms");
		}
		finally {
			janus.resume();
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(450),
				Duration.ofMillis(2000));
		Timer timedOut = this.meters.find(SfuRequestTimers.NAME)
			.tags("sfu", "janus", "operation", "create_room", "outcome", "timeout")
			.timer();
		assertThat(timedOut).isNotNull();
		assertThat(timedOut.count()).isEqualTo(1);
		SfuRoom room = this.gateway.allocate(UUID.randomUUID().toString(), null);
		this.gateway.release(room);
	}

	private JanusGateway connectedGateway(Duration requestTimeout) {
		return JanusTestEnvironment.connectedGateway(janus.wsPort(), requestTimeout, this.meters);
	}

}
