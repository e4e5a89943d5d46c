package io.casecall.signaling.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.casecall.room.call.ConnectTimings.Sample;

/**
 * Exact connect-time statistics of one role over a window, computed from the samples of the
 * timing index (one per reported join). Percentiles use the nearest-rank method on the connect
 * times of connected joins: p95 is the smallest value with at least 95 % of them at or below it.
 */
final class ConnectStats {

	/** Upper edges (ms, exclusive) of the histogram buckets; a last bucket holds everything above. */
	static final int[] BUCKET_EDGES = { 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000, 3000 };

	private ConnectStats() {
	}

	/**
	 * @param samples every reported join of the role in {@code [from, to]}, in any order
	 * @param targetMs the connect-time target
	 * @param step the time series step; buckets start at {@code from} rounded down to it
	 */
	static OpsSummary.RoleSummary of(List<Sample> samples, double targetMs, Instant from, Instant to, Duration step) {
		Counts counts = Counts.of(samples);
		double[] connect = connectTimes(samples);
		long within = Arrays.stream(connect).filter((ms) -> ms <= targetMs).count();
		return new OpsSummary.RoleSummary(counts.total, counts.connected, counts.failed, counts.abandoned,
				ratio(counts.connected, counts.total), ratio(within, connect.length),
				percentiles(connect), histogram(connect), series(samples, from, to, step));
	}

	/** p50, p95, p99 and max of the given values, each {@code null} when there are none. */
	static OpsSummary.Percentiles percentiles(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return new OpsSummary.Percentiles(rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
				(sorted.length > 0) ? round(sorted[sorted.length - 1]) : null);
	}

	/** Nearest rank on sorted values. */
	static Double rank(double[] sorted, double quantile) {
		if (sorted.length == 0) {
			return null;
		}
		int rank = (int) Math.ceil(quantile * sorted.length);
		return round(sorted[Math.max(0, rank - 1)]);
	}

	static List<OpsSummary.Bucket> histogram(double[] connect) {
		long[] counts = new long[BUCKET_EDGES.length + 1];
		for (double ms : connect) {
			int i = 0;
			while (i < BUCKET_EDGES.length && ms >= BUCKET_EDGES[i]) {
				i++;
			}
			counts[i]++;
		}
		List<OpsSummary.Bucket> buckets = new ArrayList<>(counts.length);
		for (int i = 0; i < counts.length; i++) {
			buckets.add(new OpsSummary.Bucket((i == 0) ? 0 : BUCKET_EDGES[i - 1],
					(i < BUCKET_EDGES.length) ? BUCKET_EDGES[i] : null, counts[i]));
		}
		return buckets;
	}

	static List<OpsSummary.Point> series(List<Sample> samples, Instant from, Instant to, Duration step) {
		long stepMs = step.toMillis();
		long first = Math.floorDiv(from.toEpochMilli(), stepMs) * stepMs;
		int size = (int) (Math.floorDiv(to.toEpochMilli(), stepMs) - first / stepMs) + 1;
		List<List<Sample>> slots = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			slots.add(new ArrayList<>());
		}
		for (Sample sample : samples) {
			int slot = (int) ((sample.reportedAt().toEpochMilli() - first) / stepMs);
			if (slot >= 0 && slot < size) {
				slots.get(slot).add(sample);
			}
		}
		List<OpsSummary.Point> points = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			List<Sample> slot = slots.get(i);
			Counts counts = Counts.of(slot);
			OpsSummary.Percentiles p = percentiles(connectTimes(slot));
			points.add(new OpsSummary.Point(Instant.ofEpochMilli(first + i * stepMs), counts.total, counts.connected,
					p.p50(), p.p95(), p.p99()));
		}
		return points;
	}

	private static double[] connectTimes(List<Sample> samples) {
		return samples.stream()
			.filter((sample) -> "connected".equals(sample.outcome()) && sample.connectMs() != null)
			.mapToDouble(Sample::connectMs)
			.toArray();
	}

	private static Double ratio(long part, long whole) {
		return (whole == 0) ? null : Math.round(part * 10000.0 / whole) / 10000.0;
	}

	static double round(double ms) {
		return Math.round(ms * 10) / 10.0;
	}

	private record Counts(long total, long connected, long failed, long abandoned) {

		static Counts of(List<Sample> samples) {
			long connected = 0;
			long failed = 0;
			long abandoned = 0;
			for (Sample sample : samples) {
				switch (sample.outcome()) {
					case "connected" -> connected++;
					case "failed" -> failed++;
					case "abandoned" -> abandoned++;
					default -> {
					}
				}
			}
			return new Counts(samples.size(), connected, failed, abandoned);
		}

	}

}
