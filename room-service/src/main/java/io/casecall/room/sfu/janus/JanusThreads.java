package io.casecall.room.sfu.janus;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The adapter's threads: one scheduler (keepalives, pings, request timeouts, reconnects; its
 * tasks never block for long) and a pool for participants' serial event executors, whose tasks
 * may wait for Janus.
 */
record JanusThreads(ScheduledExecutorService scheduler, ExecutorService events) implements AutoCloseable {

	static JanusThreads create() {
		return new JanusThreads(Executors.newSingleThreadScheduledExecutor(daemons("janus-timer")),
				Executors.newCachedThreadPool(daemons("janus-events")));
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.events.shutdownNow();
	}

	private static ThreadFactory daemons(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
