package io.casecall.room.sfu.janus;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.casecall.room.sfu.SfuRequestTimers;
import io.casecall.room.sfu.SfuRoom;
import io.casecall.room.sfu.SfuUnavailableException;
import io.casecall.room.test.JanusProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** A gateway whose Janus is not there: nothing waits for the request timeout. */
class JanusUnreachableTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private JanusGateway gateway;

	@BeforeEach
	void start() throws IOException {
		int closedPort = JanusProcess.freePort();
		this.gateway = JanusTestEnvironment.gateway(JanusTestEnvironment
			.properties(JanusTestEnvironment.url(closedPort), Duration.ofSeconds(5)), this.meters);
	}

	@AfterEach
	void stop() {
		this.gateway.close();
	}

	@Test
	void everyCallFailsAsUnavailableAtOnceInsteadOfWaitingForTheTimeout() {
		SfuRoom room = new SfuRoom(UUID.randomUUID().toString(), "janus-test");

		assertFailsFast(() -> this.gateway.allocate(room.roomId(), null));
		assertFailsFast(() -> this.gateway.connect(room, "agent-1", "Agent", new TestClient(null, "agent-1")));
		assertFailsFast(() -> this.gateway.release(room));
		// a new room fails at the choice of an instance (none is connected), before any request
		assertThat(this.meters.find(SfuRequestTimers.NAME)
			.tags("sfu", "janus", "operation", "create_session", "outcome", "unavailable")
			.timer()
			.count()).isEqualTo(2);
	}

	@Test
	void statusReportsTheInstanceDownWithTheReason() {
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.gateway.status()).singleElement().satisfies((status) -> {
				assertThat(status.name()).isEqualTo("janus-test");
				assertThat(status.up()).isFalse();
				assertThat(status.detail()).startsWith("unreachable");
			}));
	}

	private static void assertFailsFast(ThrowingCallable call) {
		long start = System.nanoTime();
		assertThatExceptionOfType(SfuUnavailableException.class).isThrownBy(call)
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("sfu_unavailable"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
	}

}
