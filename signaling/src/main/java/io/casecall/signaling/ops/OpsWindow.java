package io.casecall.signaling.ops;

import java.time.Duration;

/**
 * The windows the ops summary offers, each with the step of its time series. The timing index
 * in Redis keeps 25 hours ({@code ConnectTimings.INDEX_SPAN}), so 24 hours is the longest.
 */
enum OpsWindow {

	MINUTES_15("15m", Duration.ofMinutes(15), Duration.ofMinutes(1)),

	HOUR_1("1h", Duration.ofHours(1), Duration.ofMinutes(5)),

	HOURS_24("24h", Duration.ofHours(24), Duration.ofHours(1));

	/** What the {@code window} parameter accepts. */
	static final String PATTERN = "15m|1h|24h";

	private final String wire;

	private final Duration length;

	private final Duration step;

	OpsWindow(String wire, Duration length, Duration step) {
		this.wire = wire;
		this.length = length;
		this.step = step;
	}

	String wire() {
		return this.wire;
	}

	Duration length() {
		return this.length;
	}

	Duration step() {
		return this.step;
	}

	/** The window named by a parameter that has been validated against {@link #PATTERN}. */
	static OpsWindow of(String wire) {
		for (OpsWindow window : values()) {
			if (window.wire.equals(wire)) {
				return window;
			}
		}
		throw new IllegalArgumentException("Unknown window " + wire);
	}

}
