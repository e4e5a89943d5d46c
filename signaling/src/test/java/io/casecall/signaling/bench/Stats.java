package io.casecall.signaling.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Summary statistics of a sample (nearest-rank percentiles). */
record Stats(int n, double min, double p50, double p95, double p99, double max) {

	static Stats of(List<Double> values) {
		if (values.isEmpty()) {
			return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
		}
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return new Stats(sorted.size(), sorted.get(0), rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
				sorted.get(sorted.size() - 1));
	}

	/** Nearest-rank percentile: the smallest value with at least p% of the sample at or below it. */
	static double rank(List<Double> sorted, double p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("n", this.n);
		map.put("min", round(this.min));
		map.put("p50", round(this.p50));
		map.put("p95", round(this.p95));
		map.put("p99", round(this.p99));
		map.put("max", round(this.max));
		return map;
	}

	String row(String label) {
		return String.format("| %-28s | %3d | %6.0f | %6.0f | %6.0f | %6.0f | %6.0f |", label, this.n, this.min,
				this.p50, this.p95, this.p99, this.max);
	}

	static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
