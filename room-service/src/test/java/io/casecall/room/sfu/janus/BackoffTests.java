package io.casecall.room.sfu.janus;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	@Test
	void delaysDoubleUpToTheMaximumWithAtMostOneFifthJitter() {
		Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

		assertThat(backoff.next()).isBetween(Duration.ofMillis(100), Duration.ofMillis(120));
		assertThat(backoff.next()).isBetween(Duration.ofMillis(200), Duration.ofMillis(240));
		assertThat(backoff.next()).isBetween(Duration.ofMillis(400), Duration.ofMillis(480));
		assertThat(backoff.next()).isBetween(Duration.ofMillis(500), Duration.ofMillis(600));
		assertThat(backoff.next()).isBetween(Duration.ofMillis(500), Duration.ofMillis(600));
	}

	@Test
	void startsOverAfterAReset() {
		Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
		backoff.next();
		backoff.next();

		backoff.reset();

		assertThat(backoff.next()).isBetween(Duration.ofMillis(100), Duration.ofMillis(120));
	}

}
