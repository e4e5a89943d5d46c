package io.casecall.signaling.support;

import java.util.concurrent.TimeUnit;

/**
 * Lets real time pass before a test sends a connect-time report: the server rejects a report
 * whose marks after the join span more time than it saw pass between the join and the report
 * ({@code later_than_report}), so a report claiming 300 ms goes out at least 300 ms after the join.
 * This simulates the call taking that long; it asserts nothing.
 */
public final class Elapsed {

	private Elapsed() {
	}

	/** Returns once {@code millis} have passed since {@code startNanos} ({@link System#nanoTime()}). */
	public static void atLeast(long startNanos, double millis) {
		long remaining = (long) (millis * 1_000_000) - (System.nanoTime() - startNanos);
		if (remaining > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(remaining);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** The span a report's marks claim after {@code join_sent} (or its first mark), in ms. */
	public static double claimed(String marksJson) {
		java.util.Map<String, Double> marks = new java.util.HashMap<>();
		tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(marksJson)
			.properties()
			.forEach((entry) -> marks.put(entry.getKey(), entry.getValue().asDouble()));
		double from = marks.getOrDefault("join_sent",
				marks.values().stream().mapToDouble(Double::doubleValue).min().orElse(0));
		return marks.values().stream().mapToDouble(Double::doubleValue).max().orElse(from) - from;
	}

}
