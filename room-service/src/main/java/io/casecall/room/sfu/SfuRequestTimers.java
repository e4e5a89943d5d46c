package io.casecall.room.sfu;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every request to a media server's control API, the one place that builds
 * {@code casecall.sfu.request{sfu, operation, outcome}} (Janus, Jitsi Videobridge, the tests'
 * fake). Operations are a small fixed set of names and outcomes are {@code ok}, {@code error},
 * {@code timeout}, {@code unavailable}; never an id in a tag.
 */
public final class SfuRequestTimers {

	public static final String NAME = "casecall.sfu.request";

	public static final String OK = "ok";

	public static final String ERROR = "error";

	public static final String TIMEOUT = "timeout";

	public static final String UNAVAILABLE = "unavailable";

	private final MeterRegistry registry;

	private final String sfu;

	/** @param sfu the {@link SfuGateway#type()} of the adapter whose requests are timed */
	public SfuRequestTimers(MeterRegistry registry, String sfu) {
		this.registry = registry;
		this.sfu = sfu;
	}

	/** Records a request that started at {@code startNanos} ({@link System#nanoTime()}). */
	public void record(String operation, String outcome, long startNanos) {
		timer(operation, outcome).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
	}

	/** The timer of one operation and outcome. */
	public Timer timer(String operation, String outcome) {
		return Timer.builder(NAME)
			.description("Requests to the media server's control API")
			.tags("sfu", this.sfu, "operation", operation, "outcome", outcome)
			.register(this.registry);
	}

}
