package io.casecall.signaling.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.Http;

/**
 * Connect-time benchmark (a harness, not a test; run by {@code ./dev bench}). Against a running
 * stack it measures, in the same run and interleaved, the customer's connect time through the
 * whole of CaseCall (real pages in headless Chromium: click on Join to the agent's first video
 * frame decoded) and the same subscriber join done by a page that talks to Janus's API
 * directly, without CaseCall. Then the same with several calls at once.
 *
 * <pre>ConnectBench --base http://localhost:8080 --janus ws://127.0.0.1:8188
 *   [--calls 30] [--concurrent 5] [--out target/bench] (keys from the environment: {@link BenchArgs})
 *   [--jvb-base http://localhost:8100 --jvb-bridge http://127.0.0.1:18080 [--jvb-ws ws://127.0.0.1:19090 [--jvb-ws-name casecall-bridge.test]]]
 *   [--remote-driver http://10.77.0.2:9515 --remote-host 10.77.0.1 --network "RTT 100 ms"]</pre>
 * The {@code remote-*} options put the joining side far away (see {@link FarSide}). With
 * {@code jvb-base} (a second CaseCall with {@code casecall.sfu.type=jvb}, same API key) every
 * round also joins a call through it: CaseCall on Janus and on Jitsi Videobridge side by side in
 * one run; a JVB join that fails is counted (tried / connected) rather than ending the run.
 */
public final class ConnectBench {

	private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);

	/** How long the customer looks at the preview at most, waiting for the pre-connection. */
	private static final Duration PRECONNECT_WAIT = Duration.ofSeconds(5);

	/**
	 * And then a moment more before the click, as a person takes (pacing of the scenario, not a
	 * measurement): a click within 300 ms of the pre-connection would meet the publisher's encoder
	 * still refusing a second keyframe request (libwebrtc {@code kMinKeyframeSendIntervalMs}).
	 */
	private static final Duration PREVIEW_DWELL = Duration.ofSeconds(1);

	/** How long after the customer's first frame the agent's first frame of the customer is waited for. */
	static final Duration AGENT_FRAME_WAIT = Duration.ofSeconds(5);

	/** How long after the frames each page's first audio packet of the other side is waited for. */
	static final Duration AUDIO_WAIT = Duration.ofSeconds(3);

	private final Map<String, String> args;

	private final Http http;

	/** The CaseCall on Jitsi Videobridge, or {@code null}. */
	private final Http jvb;

	private final BenchPages pages;

	private final FarSide far;

	private ConnectBench(Map<String, String> args) throws Exception {
		this.args = args;
		this.http = new Http(java.net.URI.create(args.get("base")).getPort());
		this.jvb = args.containsKey("jvb-base") ? new Http(java.net.URI.create(args.get("jvb-base")).getPort()) : null;
		this.pages = BenchPages.start();
		this.far = FarSide.from(args, args.get("base"), args.get("janus"), this.pages.origin(), args.get("jvb-base"));
	}

	public static void main(String[] argv) throws Exception {
		Map<String, String> args;
		try {
			args = BenchArgs.parse(argv, System.getenv());
		}
		catch (BenchArgs.UsageException ex) {
			System.err.println("ConnectBench: " + ex.getMessage());
			System.err.println(BenchArgs.USAGE);
			System.exit(2);
			return;
		}
		ConnectBench bench = new ConnectBench(args);
		try {
			bench.run();
		}
		finally {
			bench.pages.close();
			bench.far.close();
		}
		System.exit(0);
	}

	private void run() throws Exception {
		int calls = Integer.parseInt(this.args.get("calls"));
		int concurrent = Integer.parseInt(this.args.get("concurrent"));
		Instant started = Instant.now();
		Results sequential = new Results();
		System.out.printf("Sequential: %d CaseCall joins and %d raw Janus joins, interleaved%n", calls, calls);
		try (Pair full = Pair.open(this.far); Pair raw = Pair.open(this.far)) {
			fullJoin(full); // warm-up of both paths (browser caches, JIT), not counted
			rawJoin(raw);
			if (this.jvb != null) {
				jvbJoin(full, new Results());
			}
			for (int i = 0; i < calls; i++) {
				sequential.full.add(fullJoin(full));
				String onJvb = (this.jvb != null) ? String.format("   on jvb %s", jvbJoin(full, sequential)) : "";
				sequential.raw.add(rawJoin(raw));
				System.out.printf("  %2d/%d  casecall %4.0f ms (the agent sees the customer %4.0f ms)%s   raw janus %4.0f ms%n",
						i + 1, calls, sequential.full.get(i).connectMs(), sequential.full.get(i).since("agent_first_frame"),
						onJvb, sequential.raw.get(i).connectMs());
				if (this.args.containsKey("verbose")) {
					System.out.println("         casecall " + phases(sequential.full.get(i)));
					System.out.println("         raw      " + phases(sequential.raw.get(i)));
				}
			}
		}
		Results parallel = new Results();
		System.out.printf("Concurrent: %d calls at once through CaseCall, then %d raw joins at once%n", concurrent,
				concurrent);
		try {
			parallel.full.addAll(atOnce(concurrent, this::fullJoin));
			if (this.jvb != null) {
				atOnce(concurrent, (pair) -> {
					jvbJoin(pair, parallel);
					return null;
				});
			}
			parallel.raw.addAll(atOnce(concurrent, this::rawJoin));
		}
		catch (ExecutionException ex) {
			// the sequential numbers stand on their own: report them, and say what failed
			System.out.println("The concurrent run failed: " + ex.getCause());
		}
		BenchReport.write(this.args.get("out"), started, this.args.getOrDefault("network", "loopback"), sequential,
				parallel, this.args.get("jvb-bridge"));
	}

	private static String phases(Join join) {
		StringBuilder text = new StringBuilder();
		join.marks()
			.entrySet()
			.stream()
			.filter((mark) -> !mark.getKey().startsWith("packets"))
			.sorted(Map.Entry.comparingByValue())
			.forEach((mark) -> text.append(mark.getKey())
				.append('=')
				.append(Math.round(mark.getValue() - join.marks().get("join_click")))
				.append(' '));
		return text.toString();
	}

	/** Results of one kind of run. */
	static final class Results {

		final List<Join> full = new ArrayList<>();

		final List<Join> raw = new ArrayList<>();

		/** Joins through CaseCall on Jitsi Videobridge that connected. */
		final List<Join> jvb = Collections.synchronizedList(new ArrayList<>());

		/** Joins through CaseCall on Jitsi Videobridge that were tried. */
		final AtomicInteger jvbTried = new AtomicInteger();

		/** Why the ones that did not connect failed. */
		final List<String> jvbFailures = Collections.synchronizedList(new ArrayList<>());

	}

	/** One measured join: connect time and the marks it came from (ms since navigation start). */
	record Join(double connectMs, Map<String, Double> marks) {

		/** A phase relative to the click, or NaN when missing. */
		double since(String mark) {
			Double at = this.marks.get(mark);
			return (at != null) ? at - this.marks.get("join_click") : Double.NaN;
		}

	}

	/** Two browsers reused across joins: one for the publishing side, one for the joining side. */
	record Pair(Browser publisher, Browser joiner) implements AutoCloseable {

		static Pair open(FarSide far) {
			return new Pair(far.publisher(), far.joiner());
		}

		@Override
		public void close() {
			this.publisher.close();
			this.joiner.close();
		}

	}

	/** Customer joins through CaseCall while the agent is already in and publishing. */
	private Join fullJoin(Pair pair) {
		return fullJoin(pair, this.http);
	}

	/** The same through CaseCall on Jitsi Videobridge, counted in {@code results}; a failure is counted too. */
	private String jvbJoin(Pair pair, Results results) {
		results.jvbTried.incrementAndGet();
		try {
			Join join = fullJoin(pair, this.jvb);
			results.jvb.add(join);
			return String.format("%4.0f ms", join.connectMs());
		}
		catch (RuntimeException ex) {
			results.jvbFailures.add(String.valueOf(ex.getMessage()));
			return "FAILED (" + ex.getMessage() + ")";
		}
	}

	private Join fullJoin(Pair pair, Http http) {
		JsonNode call = json(http.post("/api/v1/calls",
				"{\"caseId\":\"BENCH-" + UUID.randomUUID().toString().substring(0, 8) + "\"}", "X-API-Key",
				this.args.get("api-key"), "Content-Type", "application/json"));
		String callId = call.get("callId").asString();
		try {
			pair.publisher().get(call.get("agentJoinUrl").asString());
			await(pair.publisher(), "return !!window.casecall && 'media_published' in window.casecall.timings()");
			pair.joiner().get(this.far.reach(call.get("customerInviteUrl").asString()));
			// a customer looks at the preview for a moment: the page has pre-warmed (socket open,
			// publishing offer prepared) and, where the SFU holds media, pre-connected its
			// transports (ICE and DTLS up, nothing flowing) before the click
			await(pair.joiner(), "return !!window.casecall && window.casecall.state() === 'ready'"
					+ " && window.casecall.prewarmed()");
			awaitAtMost(pair.joiner(), "return 'pre_dtls_connected' in window.casecall.timings()", PRECONNECT_WAIT);
			pause(PREVIEW_DWELL); // the customer reads the preview and finds the button
			Map<String, Double> customer = mediaStats(pair.joiner());
			Map<String, Double> agent = mediaStats(pair.publisher());
			pair.joiner().script("document.querySelector('[data-testid=join]').click()");
			await(pair.joiner(), "return 'first_frame' in window.casecall.timings()");
			Map<String, Double> marks = marks(pair.joiner().script("return window.casecall.timings()"));
			// consent: what crossed before the click, by direction; payload bytes tell media from an
			// SFU's padding probes (getStats counts neither headers nor padding in bytesReceived/Sent)
			marks.put("packets_before_click_customer_in", customer.get("packetsReceived"));
			marks.put("packets_before_click_customer_out", customer.get("packetsSent"));
			marks.put("packets_before_click_agent_in", agent.get("packetsReceived"));
			marks.put("packets_before_click", customer.get("packetsReceived") + customer.get("packetsSent")
					+ agent.get("packetsReceived"));
			marks.put("payload_bytes_before_click", customer.get("bytesReceived") + customer.get("bytesSent")
					+ agent.get("bytesReceived"));
			agentFirstFrame(pair).ifPresent((at) -> marks.put("agent_first_frame", at));
			// the other side's audio arrives after the click too, both ways (an SFU that held it releases it)
			marks.put("audio_after_click_customer_in", audioReceived(pair.joiner()));
			marks.put("audio_after_click_agent_in", audioReceived(pair.publisher()));
			return new Join(marks.get("first_frame") - marks.get("join_click"), marks);
		}
		finally {
			http.post("/api/v1/calls/" + callId + "/end", "{}", "X-API-Key", this.args.get("api-key"),
					"Content-Type", "application/json");
		}
	}

	/**
	 * When the agent's page decoded its first frame of the customer ({@code first_frame} of the
	 * agent's own marks), on the customer page's clock: both pages run on this machine, so their
	 * {@code performance.timeOrigin}s (wall-clock based) put the two on one time line.
	 */
	private static Optional<Double> agentFirstFrame(Pair pair) {
		awaitAtMost(pair.publisher(), "return 'first_frame' in window.casecall.timings()", AGENT_FRAME_WAIT);
		Object agent = pair.publisher()
			.script("const t = window.casecall.timings();"
					+ " return ('first_frame' in t) ? performance.timeOrigin + t.first_frame : null");
		Object origin = pair.joiner().script("return performance.timeOrigin");
		if (!(agent instanceof Number at) || !(origin instanceof Number customerOrigin)) {
			return Optional.empty();
		}
		return Optional.of(at.doubleValue() - customerOrigin.doubleValue());
	}

	/** A subscriber joins a raw Janus VideoRoom while its publisher is already publishing. */
	private Join rawJoin(Pair pair) {
		String room = "bench-" + UUID.randomUUID();
		String query = "?secret=" + this.args.get("janus-secret") + "&adminKey=" + this.args.get("janus-admin-key")
				+ "&room=" + room + "&janus=";
		String janus = this.args.get("janus");
		pair.publisher().get(this.pages.url("raw-janus.html" + query + janus + "&role=publisher"));
		await(pair.publisher(), "return window.bench && window.bench.state.ready");
		Object feed = pair.publisher().script("return window.bench.state.feed");
		pair.joiner().get(this.far.reach(this.pages.url("raw-janus.html" + query + this.far.reach(janus)
				+ "&role=subscriber" + this.far.iceQuery())));
		await(pair.joiner(), "return window.bench && window.bench.state.ready");
		pair.joiner().script("window.bench.join(arguments[0])", feed);
		await(pair.joiner(), "return 'first_frame' in window.bench.marks");
		Map<String, Double> marks = marks(pair.joiner().script("return window.bench.marks"));
		pair.publisher().asyncScript("window.bench.destroy().then(() => arguments[arguments.length - 1]())");
		return new Join(marks.get("first_frame") - marks.get("join_click"), marks);
	}

	private List<Join> atOnce(int count, java.util.function.Function<Pair, Join> join) throws Exception {
		List<Pair> pairs = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			for (int i = 0; i < count; i++) {
				pairs.add(Pair.open(this.far));
			}
			List<Future<Join>> futures = new ArrayList<>();
			for (Pair pair : pairs) {
				futures.add(pool.submit((Callable<Join>) () -> join.apply(pair)));
			}
			List<Join> joins = new ArrayList<>();
			for (Future<Join> future : futures) {
				joins.add(future.get());
			}
			return joins;
		}
		finally {
			pool.shutdownNow();
			pairs.forEach(Pair::close);
		}
	}

	/**
	 * Media packets a call page counted so far, over all its connections ({@code stats()}); the
	 * customer's in and out and the agent's in before the click must be 0 (nothing of either side
	 * reaches the other before the customer's consent).
	 */
	/** The page's media counters (PeerTransport.stats summed over its connections); -1 each when unreadable. */
	/** The page's inbound audio packets, once there are any (within {@link #AUDIO_WAIT}), else 0. */
	private static double audioReceived(Browser browser) {
		Object count = browser.asyncScript("const done = arguments[arguments.length - 1];"
				+ "const end = performance.now() + arguments[0];"
				+ "(async () => { let n = 0; while (performance.now() < end) {"
				+ " const s = await window.casecall.stats().catch(() => ({})); n = s.audioPacketsReceived || 0;"
				+ " if (n > 0) break; await new Promise((r) => setTimeout(r, 50)); } done(n); })();",
				AUDIO_WAIT.toMillis());
		return (count instanceof Number n) ? n.doubleValue() : 0;
	}

	private static Map<String, Double> mediaStats(Browser browser) {
		Object value = browser.asyncScript("const done = arguments[arguments.length - 1];"
				+ "window.casecall.stats().then((s) => done(s), () => done({}));");
		Map<String, Double> stats = new HashMap<>();
		for (String counter : new String[] { "packetsReceived", "packetsSent", "bytesReceived", "bytesSent" }) {
			Object number = (value instanceof Map<?, ?> map) ? map.get(counter) : null;
			stats.put(counter, (number instanceof Number n) ? n.doubleValue() : -1.0);
		}
		return stats;
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Like {@link #await} but gives up quietly after {@code atMost} (the join then falls back). */
	private static void awaitAtMost(Browser browser, String condition, Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (!Boolean.TRUE.equals(browser.script(condition)) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private static void await(Browser browser, String condition) {
		long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
		while (!Boolean.TRUE.equals(browser.script(condition))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out waiting for: " + condition + " (page state "
						+ browser.script("return window.casecall ? window.casecall.state() + ' '"
								+ " + JSON.stringify(window.casecall.timings()) : "
								+ "(window.bench ? JSON.stringify(window.bench.state) : 'none')")
						+ ")");
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Double> marks(Object raw) {
		Map<String, Double> marks = new LinkedHashMap<>();
		((Map<String, Object>) raw).forEach((name, value) -> marks.put(name, ((Number) value).doubleValue()));
		return marks;
	}

	private static JsonNode json(Http.Response response) {
		if (response.status() != 201) {
			throw new IllegalStateException("Creating a call failed: " + response.status() + " " + response.body());
		}
		return response.json();
	}

}
