package io.casecall.room.sfu.janus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.SfuRequestTimers;
import io.casecall.room.sfu.SfuUnavailableException;

/**
 * Janus requests waiting for their answer, by transaction. Each one ends exactly once: answered,
 * refused by Janus ({@link JanusErrorException}), timed out or failed as unavailable; each end is
 * timed in {@link SfuRequestTimers}.
 */
final class JanusTransactions {

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final ScheduledExecutorService scheduler;

	private final Duration timeout;

	private final SfuRequestTimers timers;

	JanusTransactions(ScheduledExecutorService scheduler, Duration timeout, SfuRequestTimers timers) {
		this.scheduler = scheduler;
		this.timeout = timeout;
		this.timers = timers;
	}

	/**
	 * Opens a transaction that times out after the request timeout.
	 * @param ackIsFinal whether Janus's {@code ack} is the answer (trickle, keepalive) rather than a
	 * step before the plugin's event (plugin messages)
	 * @param onAnswer optional, runs on the receiving thread before the future completes
	 */
	Pending open(String operation, boolean ackIsFinal, Consumer<JsonNode> onAnswer) {
		Pending call = new Pending(Long.toString(this.ids.incrementAndGet(), 36), operation, ackIsFinal, onAnswer);
		this.pending.put(call.id, call);
		call.timer = this.scheduler.schedule(() -> fail(call.id, new SfuUnavailableException("Janus did not answer "
				+ operation + " within " + this.timeout.toMillis() + " ms"), SfuRequestTimers.TIMEOUT),
				this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		return call;
	}

	/** Ends the transaction {@code message} answers, if any; {@code false} when it answers none. */
	boolean answer(JsonNode message) {
		String janus = message.path("janus").asString();
		Pending call = this.pending.get(message.path("transaction").asString(""));
		if (call == null || ("ack".equals(janus) && !call.ackIsFinal)) {
			return false;
		}
		JsonNode data = message.path("plugindata").path("data");
		if ("error".equals(janus)) {
			JsonNode error = message.path("error");
			fail(call.id, new JanusErrorException(call.operation, error.path("code").asInt(0),
					error.path("reason").asString("")), SfuRequestTimers.ERROR);
		}
		else if (data.has("error_code")) {
			fail(call.id, new JanusErrorException(call.operation, data.path("error_code").asInt(0),
					data.path("error").asString("")), SfuRequestTimers.ERROR);
		}
		else if (this.pending.remove(call.id, call)) {
			call.end();
			this.timers.record(call.operation, SfuRequestTimers.OK, call.start);
			try {
				if (call.onAnswer != null) {
					call.onAnswer.accept(message);
				}
			}
			finally {
				call.future.complete(message);
			}
		}
		return true;
	}

	void fail(String id, RuntimeException cause, String outcome) {
		Pending call = this.pending.remove(id);
		if (call != null) {
			call.end();
			this.timers.record(call.operation, outcome, call.start);
			call.future.completeExceptionally(cause);
		}
	}

	void failAll(SfuUnavailableException cause) {
		this.pending.keySet().forEach((id) -> fail(id, cause, SfuRequestTimers.UNAVAILABLE));
	}

	/** A request in flight. */
	static final class Pending {

		final String id;

		final String operation;

		final boolean ackIsFinal;

		final Consumer<JsonNode> onAnswer;

		final long start = System.nanoTime();

		final CompletableFuture<JsonNode> future = new CompletableFuture<>();

		volatile ScheduledFuture<?> timer;

		Pending(String id, String operation, boolean ackIsFinal, Consumer<JsonNode> onAnswer) {
			this.id = id;
			this.operation = operation;
			this.ackIsFinal = ackIsFinal;
			this.onAnswer = onAnswer;
		}

		private void end() {
			ScheduledFuture<?> t = this.timer;
			if (t != null) {
				t.cancel(false);
			}
		}

	}

}
