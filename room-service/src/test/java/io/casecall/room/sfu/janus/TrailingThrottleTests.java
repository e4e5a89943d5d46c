package io.casecall.room.sfu.janus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrailingThrottleTests {

	private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(320);

	private final ManualScheduler scheduler = new ManualScheduler();

	private final AtomicInteger runs = new AtomicInteger();

	private long now = 1_000_000_000L;

	private final TrailingThrottle throttle = new TrailingThrottle(INTERVAL, this.scheduler, () -> this.now,
			this.runs::incrementAndGet);

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void runsTheFirstRequestAtOnce() {
		this.throttle.request();

		assertThat(this.runs).hasValue(1);
		assertThat(this.scheduler.tasks).isEmpty();
	}

	@Test
	void runsRequestsInsideTheIntervalOnceAtItsEndInsteadOfDroppingThem() {
		this.throttle.request();
		this.now += TimeUnit.MILLISECONDS.toNanos(100);
		this.throttle.request();
		this.now += TimeUnit.MILLISECONDS.toNanos(50);
		this.throttle.request();

		assertThat(this.runs).hasValue(1);
		assertThat(this.scheduler.delays).containsExactly(INTERVAL - TimeUnit.MILLISECONDS.toNanos(100));

		this.now += TimeUnit.MILLISECONDS.toNanos(170);
		this.scheduler.runNext();

		assertThat(this.runs).hasValue(2);
		this.throttle.request();
		assertThat(this.runs).as("the trailing run started a new interval").hasValue(2);
		assertThat(this.scheduler.delays).hasSize(2);
	}

	@Test
	void runsAtOnceAgainOnceAnIntervalPassed() {
		this.throttle.request();
		this.now += INTERVAL;

		this.throttle.request();

		assertThat(this.runs).hasValue(2);
		assertThat(this.scheduler.tasks).isEmpty();
	}

	@Test
	void aCancelledRequestDoesNotRun() {
		this.throttle.request();
		this.throttle.request();

		this.throttle.cancel();
		this.scheduler.runNext();

		assertThat(this.runs).hasValue(1);
		this.now += INTERVAL;
		this.throttle.request();
		assertThat(this.runs).as("a new request after the cancel runs").hasValue(2);
	}

	/** Keeps what is scheduled for the test to run, instead of running it after the delay. */
	private static final class ManualScheduler extends ScheduledThreadPoolExecutor {

		final List<Runnable> tasks = new ArrayList<>();

		final List<Long> delays = new ArrayList<>();

		ManualScheduler() {
			super(1);
		}

		@Override
		public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
			this.tasks.add(task);
			this.delays.add(unit.toNanos(delay));
			return super.schedule(() -> { }, 1, TimeUnit.DAYS);
		}

		void runNext() {
			this.tasks.remove(0).run();
		}

	}

}
