package io.casecall.signaling.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.casecall.room.call.ConnectTimings.Sample;

import static org.assertj.core.api.Assertions.assertThat;

/** Exact percentiles (nearest rank), histogram buckets and the stepped series, without the app. */
class ConnectStatsTests {

	private static final Instant NOW = Instant.parse("2026-11-26T10:07:30Z");

	@Test
	void percentilesAreNearestRankOfTheConnectedJoinsOnly() {
		List<Sample> samples = new ArrayList<>();
		for (int i = 1; i <= 200; i++) {
			samples.add(sample("connected", (double) i, NOW));
		}
		samples.add(sample("failed", null, NOW));
		samples.add(sample("abandoned", null, NOW));

		OpsSummary.RoleSummary stats = ConnectStats.of(samples, 600, NOW.minusSeconds(900), NOW, Duration.ofMinutes(1));

		assertThat(stats.connectMs()).isEqualTo(new OpsSummary.Percentiles(100.0, 190.0, 198.0, 200.0));
		assertThat(stats.count()).isEqualTo(202);
		assertThat(stats.successRate()).isEqualTo(0.9901);
		assertThat(stats.withinTargetRate()).isEqualTo(1.0);
	}

	@Test
	void oneSampleIsEveryPercentileAndNoSampleIsNone() {
		assertThat(ConnectStats.percentiles(new double[] { 412.34 }))
			.isEqualTo(new OpsSummary.Percentiles(412.3, 412.3, 412.3, 412.3));
		assertThat(ConnectStats.percentiles(new double[0])).isEqualTo(new OpsSummary.Percentiles(null, null, null, null));
	}

	@Test
	void histogramBucketsIncludeTheirLowerEdgeAndTheLastIsOpen() {
		List<OpsSummary.Bucket> buckets = ConnectStats.histogram(new double[] { 0, 99.9, 100, 599.9, 600, 2999, 3000,
				45000 });

		assertThat(buckets).hasSize(14);
		assertThat(buckets.get(0)).isEqualTo(new OpsSummary.Bucket(0, 100, 2));
		assertThat(buckets.get(1)).isEqualTo(new OpsSummary.Bucket(100, 200, 1));
		assertThat(buckets.get(5)).isEqualTo(new OpsSummary.Bucket(500, 600, 1));
		assertThat(buckets.get(6)).isEqualTo(new OpsSummary.Bucket(600, 700, 1));
		assertThat(buckets.get(12)).isEqualTo(new OpsSummary.Bucket(2000, 3000, 1));
		assertThat(buckets.get(13)).isEqualTo(new OpsSummary.Bucket(3000, null, 2));
	}

	@Test
	void seriesStepsAreAlignedAndHoldTheirOwnPercentiles() {
		Instant from = NOW.minus(Duration.ofMinutes(15));
		List<Sample> samples = List.of(sample("connected", 100.0, from), sample("connected", 300.0, from.plusSeconds(20)),
				sample("failed", null, NOW.minusSeconds(5)), sample("connected", 900.0, NOW));

		List<OpsSummary.Point> series = ConnectStats.series(samples, from, NOW, Duration.ofMinutes(1));

		assertThat(series).hasSize(16);
		assertThat(series.get(0).start()).isEqualTo(Instant.parse("2026-11-26T09:52:00Z"));
		assertThat(series.get(0)).isEqualTo(new OpsSummary.Point(series.get(0).start(), 2, 2, 100.0, 300.0, 300.0));
		assertThat(series.get(1).count()).isZero();
		assertThat(series.get(1).p95()).isNull();
		assertThat(series.get(15)).isEqualTo(
				new OpsSummary.Point(Instant.parse("2026-11-26T10:07:00Z"), 2, 1, 900.0, 900.0, 900.0));
	}

	private static Sample sample(String outcome, Double connectMs, Instant at) {
		return new Sample("call", 1, outcome, connectMs, at);
	}

}
