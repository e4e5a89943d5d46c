package io.casecall.signaling.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Every CaseCall meter, defined in one place so {@code docs/metrics.md}, the alert rules and the
 * Grafana dashboard have one source of truth. Tags are low-cardinality: never ids.
 */
@Component
public class CallMetrics {

	/** The 600 ms target, with a tighter goal and a "clearly bad" line beside it. */
	static final Duration[] SLO = { Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofMillis(1000) };

	private final MeterRegistry registry;

	public CallMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/** A join's connect time ({@code casecall_connect_seconds}): role, sfu, outcome. */
	public void connect(String role, String sfu, String outcome, double millis) {
		record(connectTimer("casecall.connect",
				"Connect time per join: customer click on Join to first remote frame; agent page open to media published",
				Duration.ofMillis(10), "role", role, "sfu", sfu, "outcome", outcome), millis);
	}

	/** When a phase mark was reached, from the start of the connect time ({@code casecall_connect_phase_seconds}). */
	public void phase(String role, String sfu, String phase, double millis) {
		record(connectTimer("casecall.connect.phase", "Time from the start of a join to each client-reported phase",
				Duration.ofMillis(1), "role", role, "sfu", sfu, "phase", phase), millis);
	}

	/** A client-reported duration: percentile histogram and the 300/600/1000 ms SLO buckets, up to 30 s. */
	private Timer connectTimer(String name, String description, Duration minimum, String... tags) {
		return Timer.builder(name)
			.description(description)
			.tags(tags)
			.publishPercentileHistogram()
			.serviceLevelObjectives(SLO)
			.minimumExpectedValue(minimum)
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(this.registry);
	}

	private static void record(Timer timer, double millis) {
		timer.record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
	}

	/** Server-side work per join ({@code casecall_server_phase_seconds}): token_check, join. */
	public Timer serverPhase(String phase) {
		return Timer.builder("casecall.server.phase")
			.description("Server-side phases of a join: token check before the upgrade, join handling")
			.tags("phase", phase)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofNanos(100_000))
			.maximumExpectedValue(Duration.ofSeconds(10))
			.register(this.registry);
	}

	/** From the join to the SFU reporting a connection up ({@code casecall_sfu_media_up_seconds}). */
	public void mediaUp(String sfu, String direction, long nanos) {
		Timer.builder("casecall.sfu.media.up")
			.description("From join handled to the SFU reporting ICE+DTLS up for a peer connection")
			.tags("sfu", sfu, "direction", direction)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	/** {@code casecall_join_failures_total}: joins that failed, by reason (error code). */
	public void joinFailed(String reason) {
		counter("casecall.join.failures", "Joins that failed, by reason", "reason", reason).increment();
	}

	/**
	 * {@code casecall_resumes_total}: joins that asked to resume a kept media session, by outcome
	 * ({@code resumed}: media kept; {@code rebuilt}: none to resume, the page renegotiated).
	 */
	public void resumed(boolean resumed) {
		counter("casecall.resumes", "Joins that asked to resume a kept media session, by outcome", "outcome",
				resumed ? "resumed" : "rebuilt").increment();
	}

	/** {@code casecall_tokens_rejected_total}: room tokens refused, by reason. */
	public void tokenRejected(String reason) {
		counter("casecall.tokens.rejected", "Room tokens refused, by reason", "reason", reason).increment();
	}

	/** {@code casecall_sockets_refused_total}: sockets refused because their seat or call has its maximum. */
	public void socketRefused(String role) {
		counter("casecall.sockets.refused", "Sockets refused: their seat or call already has its live sockets", "role",
				role).increment();
	}

	/** {@code casecall_store_retries_total}: record writes that failed and are being tried again. */
	public void storeRetry(String write) {
		counter("casecall.store.retries", "Call record writes that failed and are tried again until they land", "write",
				write).increment();
	}

	/** {@code casecall_timing_reports_total}: accepted reports by role; dropped ones by reason. */
	public void timingReport(String role, String droppedReason) {
		if (droppedReason == null) {
			counter("casecall.timing.reports", "Connect-time reports accepted", "role", role).increment();
		}
		else {
			counter("casecall.timing.reports.dropped", "Connect-time reports dropped, by reason", "reason",
					droppedReason).increment();
		}
	}

	/** Registers a gauge read on every scrape. */
	public void gauge(String name, String description, Supplier<Number> value, String... tags) {
		Gauge.builder(name, value).description(description).tags(tags).register(this.registry);
	}

	private Counter counter(String name, String description, String tag, String value) {
		return Counter.builder(name).description(description).tag(tag, value).register(this.registry);
	}

}
