package io.casecall.room.sfu.janus;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every Janus request: {@code casecall.sfu.request{sfu=janus, operation, outcome}}.
 * Operations are a small fixed set of names and outcomes are {@code ok}, {@code error},
 * {@code timeout}, {@code unavailable}; never an id in a tag.
 */
final class RequestTimers {

	static final String NAME = "casecall.sfu.request";

	static final String OK = "ok";

	static final String ERROR = "error";

	static final String TIMEOUT = "timeout";

	static final String UNAVAILABLE = "unavailable";

	private final MeterRegistry registry;

	RequestTimers(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Records a request that started at {@code startNanos} ({@link System#nanoTime()}). */
	void record(String operation, String outcome, long startNanos) {
		Timer.builder(NAME)
			.description("Requests to the media server's control API")
			.tags("sfu", "janus", "operation", operation, "outcome", outcome)
			.register(this.registry)
			.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
	}

}
