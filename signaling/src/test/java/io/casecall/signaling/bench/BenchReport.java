package io.casecall.signaling.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import tools.jackson.databind.json.JsonMapper;

/** Prints the benchmark's numbers and writes them as JSON, an SVG chart and a Markdown summary. */
final class BenchReport {

	private static final List<String> PHASES = List.of("join_ack", "subscribe_offer", "subscribe_answer",
			"ice_connected", "dtls_connected", "first_frame", "agent_first_frame");

	private BenchReport() {
	}

	static void write(String out, Instant started, String network, ConnectBench.Results sequential,
			ConnectBench.Results parallel, String jvbBridge)
			throws IOException {
		Path dir = Path.of(out);
		Files.createDirectories(dir);
		Stats full = stats(sequential.full, ConnectBench.Join::connectMs);
		Stats raw = stats(sequential.raw, ConnectBench.Join::connectMs);
		Stats fullParallel = stats(parallel.full, ConnectBench.Join::connectMs);
		Stats rawParallel = stats(parallel.raw, ConnectBench.Join::connectMs);
		Stats jvb = stats(sequential.jvb, ConnectBench.Join::connectMs);
		Stats jvbParallel = stats(parallel.jvb, ConnectBench.Join::connectMs);
		boolean withJvb = sequential.jvbTried.get() > 0;
		String casecall = withJvb ? "CaseCall on Janus" : "CaseCall";
		String machine = machine();

		StringBuilder md = new StringBuilder();
		md.append("### ").append(started).append(" — ").append(machine).append("\n\n");
		md.append("Network between the joining browser and the servers: ").append(network).append("\n\n");
		md.append("Customer connect time (click on Join -> first frame of the other side decoded), ms:\n\n");
		md.append("| run                          |   N |    min |    p50 |    p95 |    p99 |    max |\n");
		md.append("|------------------------------|-----|--------|--------|--------|--------|--------|\n");
		md.append(full.row(casecall + ", one at a time")).append('\n');
		if (withJvb) {
			md.append(jvb.row("CaseCall on JVB, one at a time")).append('\n');
		}
		md.append(raw.row("raw Janus, one at a time")).append('\n');
		if (!parallel.full.isEmpty()) {
			md.append(fullParallel.row(casecall + ", " + parallel.full.size() + " at once")).append('\n');
			if (parallel.jvbTried.get() > 0) {
				md.append(jvbParallel.row("CaseCall on JVB, " + parallel.jvbTried.get() + " at once")).append('\n');
			}
			md.append(rawParallel.row("raw Janus, " + parallel.raw.size() + " at once")).append('\n');
		}
		md.append(String.format("%nfull/raw ratio of medians: %s (one at a time), %s (at once)%n%n",
				number(full.p50() / raw.p50(), "%.2f"), number(fullParallel.p50() / rawParallel.p50(), "%.2f")));
		if (withJvb) {
			md.append(String.format("Jitsi Videobridge (%s): %d of %d calls connected one at a time, %d of %d at once; "
					+ "JVB/Janus ratio of CaseCall medians: %s (one at a time), %s (at once); JVB/raw Janus: %s%n%n",
					(jvbBridge != null) ? jvbBridge : "bridge", sequential.jvb.size(), sequential.jvbTried.get(),
					parallel.jvb.size(), parallel.jvbTried.get(), number(jvb.p50() / full.p50(), "%.2f"),
					number(jvbParallel.p50() / fullParallel.p50(), "%.2f"), number(jvb.p50() / raw.p50(), "%.2f")));
			List.copyOf(sequential.jvbFailures).forEach((failure) -> md.append("- failed: ").append(failure).append('\n'));
			List.copyOf(parallel.jvbFailures)
				.forEach((failure) -> md.append("- failed (at once): ").append(failure).append('\n'));
		}
		md.append("The agent's view of the customer (click -> the agent's first frame of the customer decoded; waited for up to ")
			.append(ConnectBench.AGENT_FRAME_WAIT.toSeconds())
			.append(" s after the customer's first frame), one at a time: ")
			.append(perSfu(casecall, sequential, withJvb, BenchReport::agentView))
			.append("\n\nAudio after the click (the other side's audio packets on each page, waited for up to ")
			.append(ConnectBench.AUDIO_WAIT.toSeconds())
			.append(" s): ")
			.append(perSfu(casecall, sequential, withJvb, BenchReport::audioAfter))
			.append("\n\n");
		md.append("Pre-connected at the click (consent: media packets counted before it, customer in and out and ")
			.append("agent in): ").append(casecall).append(' ').append(WanTable.preconnected(samples(sequential.full)));
		if (withJvb) {
			md.append("; on JVB ").append(WanTable.preconnected(samples(List.copyOf(sequential.jvb))));
		}
		md.append("\n\n");
		md.append("Median time of each phase after the click, one at a time (ms):\n\n");
		md.append(withJvb ? "| phase | CaseCall on Janus | CaseCall on JVB | raw Janus |\n|---|---|---|---|\n"
				: "| phase | CaseCall | raw Janus |\n|---|---|---|\n");
		for (String phase : PHASES) {
			String onJvb = withJvb ? " " + number(stats(sequential.jvb, (join) -> join.since(phase)).p50(), "%.0f")
					+ " |" : "";
			md.append(String.format("| %s | %s |%s %s |%n", phase,
					number(stats(sequential.full, (join) -> join.since(phase)).p50(), "%.0f"), onJvb,
					number(stats(sequential.raw, (join) -> join.since(phase)).p50(), "%.0f")));
		}
		Files.writeString(dir.resolve("summary.md"), md);
		System.out.println();
		System.out.println(md);

		Map<String, Object> json = new LinkedHashMap<>();
		json.put("started", started.toString());
		json.put("machine", machine);
		json.put("network", network);
		json.put("sequential", Map.of("casecall", full.toMap(), "rawJanus", raw.toMap(), "ratioOfMedians",
				Stats.round(full.p50() / raw.p50())));
		json.put("concurrent", Map.of("casecall", fullParallel.toMap(), "rawJanus", rawParallel.toMap(),
				"ratioOfMedians", Stats.round(fullParallel.p50() / rawParallel.p50())));
		json.put("samples", Map.of("casecall", sequential.full.stream().map(ConnectBench.Join::marks).toList(),
				"rawJanus", sequential.raw.stream().map(ConnectBench.Join::marks).toList(), "casecallOnJvb",
				List.copyOf(sequential.jvb).stream().map(ConnectBench.Join::marks).toList()));
		if (withJvb) {
			json.put("jvb", Map.of("bridge", String.valueOf(jvbBridge), "sequential", jvb.toMap(), "concurrent",
					jvbParallel.toMap(), "tried", sequential.jvbTried.get(), "connected", sequential.jvb.size(),
					"concurrentTried", parallel.jvbTried.get(), "concurrentConnected", parallel.jvb.size(),
					"ratioToJanusMedian", Stats.round(jvb.p50() / full.p50()), "failures",
					List.copyOf(sequential.jvbFailures), "concurrentFailures", List.copyOf(parallel.jvbFailures)));
		}
		Files.writeString(dir.resolve("results.json"),
				JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(json));
		Files.writeString(dir.resolve("chart.svg"), chart(sequential));
		System.out.println("Written: " + dir.resolve("results.json") + ", " + dir.resolve("chart.svg") + ", "
				+ dir.resolve("summary.md"));
	}

	/** The joins' marks as JSON, as results.json has them. */
	private static List<tools.jackson.databind.JsonNode> samples(List<ConnectBench.Join> joins) {
		JsonMapper json = JsonMapper.builder().build();
		return joins.stream().map((join) -> (tools.jackson.databind.JsonNode) json.valueToTree(join.marks())).toList();
	}

	private static Stats stats(List<ConnectBench.Join> joins, ToDoubleFunction<ConnectBench.Join> value) {
		return Stats.of(joins.stream().mapToDouble(value).filter(Double::isFinite).boxed().toList());
	}

	/** Both distributions as sorted dots (an empirical CDF) against the 600 ms target. */
	private static String chart(ConnectBench.Results results) {
		List<Double> full = results.full.stream().map(ConnectBench.Join::connectMs).sorted().toList();
		List<Double> raw = results.raw.stream().map(ConnectBench.Join::connectMs).sorted().toList();
		List<Double> jvb = List.copyOf(results.jvb).stream().map(ConnectBench.Join::connectMs).sorted().toList();
		double max = Math.max(700, Math.max(full.isEmpty() ? 0 : full.get(full.size() - 1),
				Math.max(raw.isEmpty() ? 0 : raw.get(raw.size() - 1), jvb.isEmpty() ? 0 : jvb.get(jvb.size() - 1)))
				* 1.1);
		int w = 720;
		int h = 360;
		int left = 60;
		int bottom = 40;
		StringBuilder svg = new StringBuilder();
		svg.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(w).append("' height='").append(h)
			.append("' font-family='sans-serif' font-size='12'>\n<rect width='100%' height='100%' fill='white'/>\n");
		svg.append("<text x='").append(left).append("' y='20' font-size='14'>Customer connect time, sorted (CDF)")
			.append("</text>\n");
		double x600 = left + 600 / max * (w - left - 20);
		svg.append(String.format("<line x1='%.1f' y1='30' x2='%.1f' y2='%d' stroke='#c00' stroke-dasharray='4'/>"
				+ "<text x='%.1f' y='42' fill='#c00'>600 ms target</text>%n", x600, x600, h - bottom, x600 + 4));
		for (int ms = 0; ms <= max; ms += 100) {
			double x = left + ms / max * (w - left - 20);
			svg.append(String.format("<text x='%.1f' y='%d' text-anchor='middle'>%d</text>%n", x, h - bottom + 16, ms));
		}
		svg.append(String.format("<text x='%d' y='%d'>ms</text>%n", w - 40, h - 8));
		dots(svg, full, max, w, h, left, bottom, "#1f6feb");
		dots(svg, raw, max, w, h, left, bottom, "#8a8a8a");
		dots(svg, jvb, max, w, h, left, bottom, "#d97706");
		if (!jvb.isEmpty()) {
			svg.append("<text x='").append(w - 220).append("' y='").append(h - bottom - 58)
				.append("' fill='#d97706'>● CaseCall on Jitsi Videobridge</text>\n");
		}
		svg.append("<text x='").append(w - 220).append("' y='").append(h - bottom - 40)
			.append("' fill='#1f6feb'>● CaseCall (full path)</text>\n");
		svg.append("<text x='").append(w - 220).append("' y='").append(h - bottom - 22)
			.append("' fill='#8a8a8a'>● raw Janus subscriber</text>\n</svg>\n");
		return svg.toString();
	}

	private static void dots(StringBuilder svg, List<Double> values, double max, int w, int h, int left, int bottom,
			String color) {
		for (int i = 0; i < values.size(); i++) {
			double x = left + values.get(i) / max * (w - left - 20);
			double y = (h - bottom) - (i + 1.0) / values.size() * (h - bottom - 50);
			svg.append(String.format("<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>%n", x, y, color));
		}
	}

	/** A value, or "n/a" where there is none (a phase the raw page does not have, no concurrent run). */
	private static String number(double value, String format) {
		return Double.isFinite(value) ? String.format(format, value) : "n/a";
	}

	private static String machine() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			host = "unknown host";
		}
		return host + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
				+ System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
				+ System.getProperty("java.version") + ", 1-min load at the end " + String.format("%.1f",
						ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
				+ " (the benchmark's own browsers included)";
	}

	/** {@code line} of CaseCall's joins, and of those on Jitsi Videobridge when the run has them. */
	private static String perSfu(String casecall, ConnectBench.Results results, boolean withJvb,
			java.util.function.BiFunction<String, List<ConnectBench.Join>, String> line) {
		String onJanus = line.apply(casecall, results.full);
		return withJvb ? onJanus + "; " + line.apply("CaseCall on JVB", List.copyOf(results.jvb)) : onJanus;
	}

	/** In how many of {@code joins} each page received the other side's audio after the click. */
	private static String audioAfter(String run, List<ConnectBench.Join> joins) {
		long customer = joins.stream().filter((join) -> join.marks().getOrDefault("audio_after_click_customer_in", 0.0) > 0).count();
		long agent = joins.stream().filter((join) -> join.marks().getOrDefault("audio_after_click_agent_in", 0.0) > 0).count();
		return String.format("%s customer %d of %d, agent %d of %d", run, customer, joins.size(), agent, joins.size());
	}

	/** The agent's view over {@code joins}: how many saw the customer at all, and how soon. */
	private static String agentView(String run, List<ConnectBench.Join> joins) {
		Stats view = stats(joins, (join) -> join.since("agent_first_frame"));
		return String.format("%s %d of %d, p50 %s, p95 %s, max %s ms", run, view.n(), joins.size(),
				number(view.p50(), "%.0f"), number(view.p95(), "%.0f"), number(view.max(), "%.0f"));
	}

}
