package io.casecall.signaling.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One table from the runs of {@code ./dev bench --wan "0 100 200 300,2"}: a row per network point
 * (each point's {@code results.json}, written by {@link BenchReport}), with CaseCall's connect time
 * beside raw Janus's of the same run, where the time after the click goes, how many joins were
 * pre-connected when the customer clicked, and the target for that point.
 *
 * <pre>WanTable OUT_FILE RESULT_DIR...</pre>
 */
public final class WanTable {

	private static final List<String> PHASES = List.of("join_ack", "ice_connected", "dtls_connected", "first_frame");

	private WanTable() {
	}

	public static void main(String[] argv) throws IOException {
		if (argv.length < 2) {
			System.err.println("usage: WanTable OUT_FILE RESULT_DIR...");
			System.exit(2);
		}
		List<Path> dirs = new ArrayList<>();
		for (int i = 1; i < argv.length; i++) {
			dirs.add(Path.of(argv[i]));
		}
		String table = table(dirs);
		Files.writeString(Path.of(argv[0]), table);
		System.out.println();
		System.out.println(table);
	}

	/** The Markdown table of the given runs, in the given order. */
	static String table(List<Path> dirs) throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		StringBuilder md = new StringBuilder();
		boolean jvb = false;
		List<JsonNode> runs = new ArrayList<>();
		for (Path dir : dirs) {
			JsonNode run = json.readTree(Files.readString(dir.resolve("results.json")));
			runs.add(run);
			jvb |= run.has("jvb");
		}
		md.append("Customer connect time (click on Join -> first frame decoded), one at a time, ms. ")
			.append("Phases: median time after the click; \"before\" = done before the click (pre-connected).\n\n");
		md.append("| network | N | CaseCall p50 / p95 |").append(jvb ? " on JVB p50 / p95 (connected/tried) |" : "")
			.append(" raw Janus p50 / p95 | CaseCall/raw p50 | CaseCall join_ack / ICE / DTLS / first frame |")
			.append(" agent sees the customer p50 / p95 (seen/joins) |")
			.append(" pre-connected at click (consent: packets before it) | target |\n");
		md.append("|---|---|---|").append(jvb ? "---|" : "").append("---|---|---|---|---|---|\n");
		for (JsonNode run : runs) {
			JsonNode casecall = run.path("sequential").path("casecall");
			JsonNode raw = run.path("sequential").path("rawJanus");
			List<JsonNode> samples = list(run.path("samples").path("casecall"));
			md.append("| ").append(run.path("network").asString()).append(" | ").append(casecall.path("n").asInt())
				.append(" | ").append(pair(casecall)).append(" |");
			if (jvb) {
				JsonNode onJvb = run.path("jvb");
				md.append(onJvb.isMissingNode() ? " n/a |"
						: " " + pair(onJvb.path("sequential")) + " (" + onJvb.path("connected").asInt() + "/"
								+ onJvb.path("tried").asInt() + ") |");
			}
			md.append(' ').append(pair(raw)).append(" | ")
				.append(format(casecall.path("p50").asDouble(Double.NaN) / raw.path("p50").asDouble(Double.NaN), "%.2f"))
				.append(" | ").append(phases(samples)).append(" | ").append(agentView(samples))
				.append(jvb && run.has("jvb") ? "; on JVB " + agentView(list(run.path("samples").path("casecallOnJvb"))) : "")
				.append(" | ").append(preconnected(samples))
				.append(jvb && run.has("jvb") ? "; on JVB " + preconnected(list(run.path("samples").path("casecallOnJvb"))) : "")
				.append(" | ")
				.append(target(run.path("network").asString(), casecall, raw))
				.append(jvb && run.has("jvb")
						? "; on JVB " + target(run.path("network").asString(), run.path("jvb").path("sequential"), raw)
						: "")
				.append(" |\n");
		}
		return md.toString();
	}

	/** Median of each phase after the click, "before" when the median join had it before the click. */
	static String phases(List<JsonNode> samples) {
		List<String> cells = new ArrayList<>();
		for (String phase : PHASES) {
			double median = median(samples, (marks) -> marks.has(phase) && marks.has("join_click")
					? marks.path(phase).asDouble() - marks.path("join_click").asDouble() : Double.NaN);
			double before = median(samples, (marks) -> marks.has("pre_" + phase) && marks.has("join_click")
					? marks.path("pre_" + phase).asDouble() - marks.path("join_click").asDouble() : Double.NaN);
			cells.add(Double.isFinite(median) ? format(median, "%.0f") : Double.isFinite(before) ? "before" : "n/a");
		}
		return String.join(" / ", cells);
	}

	/**
	 * Click -> the agent's first decoded frame of the customer: median and p95 over the joins where
	 * the agent saw the customer at all, and how many those were.
	 */
	static String agentView(List<JsonNode> samples) {
		List<Double> views = samples.stream()
			.filter((marks) -> marks.has("agent_first_frame") && marks.has("join_click"))
			.map((marks) -> marks.path("agent_first_frame").asDouble() - marks.path("join_click").asDouble())
			.toList();
		if (views.isEmpty()) {
			return "n/a (0/" + samples.size() + ")";
		}
		Stats stats = Stats.of(views);
		return format(stats.p50(), "%.0f") + " / " + format(stats.p95(), "%.0f") + " (" + views.size() + "/"
				+ samples.size() + ")";
	}

	/**
	 * How many joins had their transports connected (DTLS) before the click, and the media packets
	 * counted before the click (customer in and out, agent in: consent means 0) over all joins.
	 */
	static String preconnected(List<JsonNode> samples) {
		long ready = samples.stream()
			.filter((marks) -> marks.has("pre_dtls_connected") && marks.has("join_click")
					&& marks.path("pre_dtls_connected").asDouble() <= marks.path("join_click").asDouble())
			.count();
		List<JsonNode> counted = samples.stream().filter((marks) -> marks.has("packets_before_click")).toList();
		long packets = counted.stream().mapToLong((marks) -> marks.path("packets_before_click").asLong()).sum();
		long joins = counted.stream().filter((marks) -> marks.path("packets_before_click").asLong() > 0).count();
		long payload = counted.stream().mapToLong((marks) -> marks.path("payload_bytes_before_click").asLong()).sum();
		String detail = (packets == 0) ? "" : " in " + joins + ((joins == 1) ? " join (" : " joins (") + payload + " payload bytes"
				+ (payload == 0 ? ": padding, no media)" : ")");
		return ready + " of " + samples.size()
				+ (counted.isEmpty() ? "" : ", " + packets + " packets before the click" + detail);
	}

	/**
	 * The target for this network (issue 12), and whether the run met it: p95 within a
	 * bound at 100, 200 and 300 ms (2 % loss), the median within raw Janus's on loopback.
	 */
	static String target(String network, JsonNode casecall, JsonNode raw) {
		int rtt = rtt(network);
		double p95 = casecall.path("p95").asDouble(Double.NaN);
		double bound = switch (rtt) {
			case 100 -> 350;
			case 200 -> 500;
			case 300 -> 600;
			default -> Double.NaN;
		};
		if (rtt == 0 || network.equals("loopback")) {
			double ratio = casecall.path("p50").asDouble(Double.NaN) / raw.path("p50").asDouble(Double.NaN);
			return "p50 <= 1.0x raw: " + (ratio <= 1.0 ? "met" : "not met");
		}
		if (Double.isNaN(bound)) {
			return "none";
		}
		return "p95 <= " + format(bound, "%.0f") + ": " + (p95 <= bound ? "met" : "not met");
	}

	/** The RTT of a network label such as "RTT 100 ms, loss 2 % (wan-emulate)", 0 for loopback. */
	static int rtt(String network) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("RTT (\\d+) ms").matcher(network);
		return m.find() ? Integer.parseInt(m.group(1)) : 0;
	}

	private static String pair(JsonNode stats) {
		return format(stats.path("p50").asDouble(Double.NaN), "%.0f") + " / "
				+ format(stats.path("p95").asDouble(Double.NaN), "%.0f");
	}

	private static double median(List<JsonNode> samples, ToDoubleFunction<JsonNode> value) {
		List<Double> values = samples.stream().mapToDouble(value).filter(Double::isFinite).boxed().toList();
		return values.isEmpty() ? Double.NaN : Stats.of(values).p50();
	}

	private static List<JsonNode> list(JsonNode array) {
		List<JsonNode> items = new ArrayList<>();
		array.forEach(items::add);
		return items;
	}

	private static String format(double value, String format) {
		return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "n/a";
	}

}
