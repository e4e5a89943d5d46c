package io.casecall.signaling.bench;

import java.util.List;

/**
 * One fault of {@link FaultDrill}: what it does to a live call, and what puts the stack back
 * afterwards (a restart through {@code ./dev up}, or nothing).
 */
record Drill(String name, String description, Fault fault, Recovery recover) {

	/** Injects the fault; returns when the fault is over (the network back, the process killed). */
	@FunctionalInterface
	interface Fault {

		void inject(FaultDrill.LiveCall call) throws Exception;

	}

	/** Puts back what the fault took away, for the call and the drills after it. */
	@FunctionalInterface
	interface Recovery {

		void run() throws Exception;

	}

	/**
	 * What one drill measured. Gaps: the longest time a page decoded no video frame, from the
	 * fault on. Back: from the end of the fault to video decoded again ({@code 0}: it never stopped
	 * past the end of the fault). {@code -1}: not measured (the drill failed).
	 */
	record Row(String name, String description, long customerGapMs, long agentGapMs, long customerBackMs,
			long agentBackMs, String status, String presence) {

		@Override
		public String toString() {
			return String.format("customer: gap %s, back %s; agent: gap %s, back %s; call %s; presence %s",
					ms(this.customerGapMs), ms(this.customerBackMs), ms(this.agentGapMs), ms(this.agentBackMs),
					this.status, this.presence);
		}

	}

	static String table(List<Row> rows) {
		StringBuilder md = new StringBuilder();
		md.append("| fault | longest video gap: customer / agent | video back after the fault ended: customer / agent ")
			.append("| call afterwards | presence history (role:cause) |\n|---|---|---|---|---|\n");
		for (Row row : rows) {
			md.append("| ").append(row.description()).append(" | ").append(ms(row.customerGapMs())).append(" / ")
				.append(ms(row.agentGapMs())).append(" | ").append(ms(row.customerBackMs())).append(" / ")
				.append(ms(row.agentBackMs())).append(" | ").append(row.status()).append(" | ").append(row.presence())
				.append(" |\n");
		}
		return md.toString();
	}

	private static String ms(long value) {
		if (value < 0) {
			return "n/a";
		}
		return (value < 1000) ? value + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", value / 1000.0);
	}

}
