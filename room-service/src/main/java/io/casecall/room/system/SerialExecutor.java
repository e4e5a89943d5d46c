package io.casecall.room.system;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one after another, in submission order, on a shared pool: one participant's (or
 * one call's) work is handled in order, and its state confined to one task at a time, without a
 * thread of its own and without a lock held while a task waits for the network. A task that
 * throws is logged and does not stop the ones after it.
 */
public final class SerialExecutor implements Executor {

	private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

	private final Executor pool;

	private final Queue<Runnable> tasks = new ArrayDeque<>();

	private boolean running;

	/** The thread draining the tasks right now, if any. */
	private volatile Thread drainer;

	public SerialExecutor(Executor pool) {
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
		try {
			this.pool.execute(this::drain);
		}
		catch (RuntimeException ex) {
			synchronized (this.tasks) {
				this.tasks.clear();
				this.running = false;
			}
			throw ex;
		}
	}

	/**
	 * Runs {@code task} in turn and waits for its result; its exception is rethrown as it is. A
	 * task already running in turn (a listener it called calls back) runs at once instead of
	 * waiting for itself.
	 */
	public <T> T call(Supplier<T> task) {
		if (Thread.currentThread() == this.drainer) {
			return task.get();
		}
		CompletableFuture<T> result = new CompletableFuture<>();
		execute(() -> {
			try {
				result.complete(task.get());
			}
			catch (RuntimeException | Error ex) {
				result.completeExceptionally(ex);
			}
		});
		try {
			return result.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	/** {@link #call} for a task without a result. */
	public void run(Runnable task) {
		call(() -> {
			task.run();
			return null;
		});
	}

	private void drain() {
		this.drainer = Thread.currentThread();
		while (true) {
			Runnable task;
			synchronized (this.tasks) {
				task = this.tasks.poll();
				if (task == null) {
					this.drainer = null;
					this.running = false;
					return;
				}
			}
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				log.warn("A serial task failed (an SFU listener threw?)", ex);
			}
		}
	}

}
