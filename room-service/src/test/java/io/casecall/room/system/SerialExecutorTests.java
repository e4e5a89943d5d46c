package io.casecall.room.system;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SerialExecutorTests {

	private final ExecutorService pool = Executors.newFixedThreadPool(4);

	@AfterEach
	void stop() {
		this.pool.shutdownNow();
	}

	@Test
	void runsTasksOneAtATimeInSubmissionOrderOnASharedPool() {
		SerialExecutor serial = new SerialExecutor(this.pool);
		List<Integer> ran = new CopyOnWriteArrayList<>();
		List<String> overlaps = new CopyOnWriteArrayList<>();
		AtomicBoolean busy = new AtomicBoolean();

		IntStream.range(0, 200).forEach((i) -> serial.execute(() -> {
			if (!busy.compareAndSet(false, true)) {
				overlaps.add("task " + i);
			}
			ran.add(i);
			busy.set(false);
		}));

		await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 200);
		assertThat(ran).isSorted();
		assertThat(overlaps).isEmpty();
	}

	@Test
	void aFailingTaskDoesNotStopTheOnesAfterIt() {
		SerialExecutor serial = new SerialExecutor(this.pool);
		List<String> ran = new CopyOnWriteArrayList<>();

		serial.execute(() -> ran.add("first"));
		serial.execute(() -> {
			throw new IllegalStateException("a listener failed");
		});
		serial.execute(() -> ran.add("third"));

		await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
		assertThat(ran).containsExactly("first", "third");
	}

	@Test
	void callWaitsForItsTurnAndReturnsTheResultOrRethrowsTheFailure() {
		SerialExecutor serial = new SerialExecutor(this.pool);
		List<String> ran = new CopyOnWriteArrayList<>();
		serial.execute(() -> ran.add("queued before"));

		assertThat(serial.call(() -> {
			ran.add("called");
			return 42;
		})).isEqualTo(42);
		assertThat(ran).containsExactly("queued before", "called");
		assertThatThrownBy(() -> serial.run(() -> {
			throw new IllegalStateException("refused");
		})).isInstanceOf(IllegalStateException.class).hasMessage("refused");
	}

	@Test
	void aTaskThatCallsBackInTurnRunsAtOnceInsteadOfWaitingForItself() {
		SerialExecutor serial = new SerialExecutor(this.pool);

		String nested = serial.call(() -> serial.call(() -> "nested"));

		assertThat(nested).isEqualTo("nested");
	}

}
