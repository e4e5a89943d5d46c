package io.casecall.room.sfu.janus;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one after another, in submission order, on a shared pool: each participant's
 * events are handled in the order Janus sent them without a thread per participant. A task
 * that throws is logged and does not stop the ones after it.
 */
final class SerialExecutor implements Executor {

	private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

	private final Executor pool;

	private final Queue<Runnable> tasks = new ArrayDeque<>();

	private boolean running;

	SerialExecutor(Executor pool) {
		this.pool = pool;
	}

	@Override
	public void execute(Runnable task) {
		synchronized (this.tasks) {
			this.tasks.add(task);
			if (this.running) {
				return;
			}
			this.running = true;
		}
		this.pool.execute(this::drain);
	}

	private void drain() {
		while (true) {
			Runnable task;
			synchronized (this.tasks) {
				task = this.tasks.poll();
				if (task == null) {
					this.running = false;
					return;
				}
			}
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				log.warn("Handling a Janus event failed (an SFU listener threw?)", ex);
			}
		}
	}

}
