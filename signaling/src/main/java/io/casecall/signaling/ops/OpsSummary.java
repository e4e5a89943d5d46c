package io.casecall.signaling.ops;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/v1/ops/summary}: connect-time statistics per role over a window, from the
 * timing index shared by all nodes (docs/ops.md, "The ops API").
 *
 * @param window the window asked for ({@code 15m}, {@code 1h}, {@code 24h})
 * @param from start of the window (inclusive)
 * @param to end of the window: now
 * @param stepSeconds the step of each role's {@code series}
 * @param targetMs the connect-time target (p95 at or below it)
 * @param openCalls calls not ended yet, across all nodes
 * @param customer the customers' joins (click on Join to first remote frame)
 * @param agent the agents' joins (page open to own media published)
 */
record OpsSummary(String window, Instant from, Instant to, long stepSeconds, double targetMs, long openCalls, RoleSummary customer,
		RoleSummary agent) {

	/**
	 * One role's joins in the window.
	 * @param count reported joins
	 * @param connected joins that connected
	 * @param failed joins that ended in an error
	 * @param abandoned joins the user left before they connected
	 * @param successRate {@code connected / count}, {@code null} without joins
	 * @param withinTargetRate share of connected joins at or below the target, {@code null} without any
	 * @param connectMs percentiles of the connected joins' connect times
	 * @param histogram connected joins by connect time
	 * @param series the window in steps (1 min for 15m, 5 min for 1h, 1 h for 24h); the first and
	 * the last step are partial
	 */
	record RoleSummary(long count, long connected, long failed, long abandoned, Double successRate,
			Double withinTargetRate, Percentiles connectMs, List<Bucket> histogram, List<Point> series) {
	}

	/** Connect-time percentiles in ms (nearest rank), {@code null} without connected joins. */
	record Percentiles(Double p50, Double p95, Double p99, Double max) {
	}

	/**
	 * Connected joins with {@code fromMs <= connect time < toMs}.
	 * @param toMs {@code null} for the last, open-ended bucket
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Bucket(int fromMs, Integer toMs, long count) {
	}

	/** One step of the series: joins reported in {@code [start, start + step)}. */
	record Point(Instant start, long count, long connected, Double p50, Double p95, Double p99) {
	}

}
