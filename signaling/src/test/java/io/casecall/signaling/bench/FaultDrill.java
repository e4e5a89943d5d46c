package io.casecall.signaling.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.Http;

/**
 * The fault drills of issue 13 against the dev stack (a harness, not a test; run by
 * {@code ./dev drill}): two app nodes behind HAProxy, Janus, Redis, coturn, an agent page and a
 * customer page in headless Chromium in a live call; then one fault at a time, each on a call of
 * its own. Both pages' decoded video frames are sampled every 100 ms from before the fault until
 * video has flowed again for a while; it prints, per fault, the longest time each page decoded
 * nothing and how long after the fault ended video was decoded again, and the call's status (with
 * whether a page that lost its socket resumed its media session or rebuilt it) and presence history
 * afterwards.
 *
 * <p>The customer's Chromium runs under a ChromeDriver of user {@code nobody}
 * ({@code --customer-driver}), so that {@code ./dev drill} can cut the customer's network with one
 * firewall rule (everything that user sends is dropped: socket and media) while DevTools tells the
 * page it is offline, as an operating system does when Wi-Fi goes.
 *
 * <pre>FaultDrill --base URL --nodes app-1=MGMT_PORT,app-2=MGMT_PORT --run DIR --dev PATH
 *   --customer-driver URL [--only NAME,...] [--out DIR] (API key from CASECALL_BENCH_API_KEY)</pre>
 */
public final class FaultDrill {

	private static final Duration STEP = Duration.ofSeconds(60);

	private final Map<String, String> args;

	private final Http http;

	private final Faults faults;

	private FaultDrill(Map<String, String> args) {
		this.args = args;
		this.http = new Http(URI.create(args.get("base")).getPort());
		this.faults = new Faults(Path.of(args.get("run")), Path.of(args.get("dev")), nodes(args.get("nodes")));
	}

	public static void main(String[] argv) throws Exception {
		Map<String, String> args = new LinkedHashMap<>(Map.of("out", "target/drill", "only", ""));
		for (int i = 0; i + 1 < argv.length; i += 2) {
			args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
		}
		for (String required : List.of("base", "nodes", "run", "dev", "customer-driver")) {
			if (!args.containsKey(required)) {
				System.err.println("FaultDrill: --" + required + " is required");
				System.exit(2);
			}
		}
		args.put("api-key", System.getenv("CASECALL_BENCH_API_KEY"));
		List<Drill.Row> rows = new FaultDrill(args).run();
		String table = Drill.table(rows);
		Files.createDirectories(Path.of(args.get("out")));
		Files.writeString(Path.of(args.get("out"), "drill.md"), table);
		System.out.println();
		System.out.println(table);
		System.exit(0);
	}

	private List<Drill.Row> run() throws Exception {
		List<Drill> drills = List.of(
				new Drill("node-kill", "app node `kill -9` (the customer's), two nodes behind HAProxy",
						(call) -> this.faults.killNode(call.customerNode(), false), this.faults::restartStack),
				new Drill("node-stop", "app node stopped gracefully (SIGTERM: 1001, a rolling deploy)",
						(call) -> this.faults.killNode(call.customerNode(), true), this.faults::restartStack),
				networkDrop(3), unnoticedNetworkDrop(3), networkDrop(10), networkDrop(40), networkDrop(120),
				new Drill("janus-kill", "Janus `kill -9`, restarted at once", (call) -> this.faults.kill("janus-dev"),
						this.faults::restartStack),
				new Drill("janus-75s", "Janus down 75 s, then restarted", (call) -> {
					this.faults.kill("janus-dev");
					Thread.sleep(75_000);
				}, this.faults::restartStack),
				new Drill("redis-restart", "Redis `kill -9`, restarted at once", (call) -> this.faults.kill("redis-dev"),
						this.faults::restartStack),
				new Drill("redis-out-20s", "Redis not answering for 20 s (SIGSTOP, SIGCONT)", (call) -> {
					this.faults.signal("redis-dev", "STOP");
					Thread.sleep(20_000);
					this.faults.signal("redis-dev", "CONT");
				}, () -> {
				}),
				new Drill("agent-reload", "agent reopens the tab", (call) -> call.agent().reload(), () -> {
				}),
				new Drill("customer-reload", "customer reloads the page", (call) -> call.customer().reload(), () -> {
				}));
		List<String> only = List.of(this.args.get("only").split(","));
		List<Drill.Row> rows = new ArrayList<>();
		for (Drill drill : drills) {
			if (only.equals(List.of("")) || only.contains(drill.name())) {
				System.out.printf("%n== %s: %s%n", drill.name(), drill.description());
				rows.add(drill(drill));
				System.out.println("   " + rows.get(rows.size() - 1));
			}
		}
		return rows;
	}

	private Drill networkDrop(int seconds) {
		return new Drill("network-" + seconds + "s", "customer's network gone " + seconds + " s (socket and media)",
				(call) -> {
					call.customer().offline(true);
					this.faults.firewall(true);
					Thread.sleep(seconds * 1000L);
					this.faults.firewall(false);
					call.customer().offline(false);
				}, () -> {
				});
	}

	/**
	 * The line behind the customer's Wi-Fi gone: the same cut, but the browser is not told (no
	 * {@code offline}), so the page keeps encoding and learns of the cut only from its connections.
	 */
	private Drill unnoticedNetworkDrop(int seconds) {
		return new Drill("network-" + seconds + "s-unnoticed",
				"customer's network gone " + seconds + " s, the browser still online (the line behind the Wi-Fi)",
				(call) -> {
					this.faults.firewall(true);
					Thread.sleep(seconds * 1000L);
					this.faults.firewall(false);
				}, () -> {
				});
	}

	private Drill.Row drill(Drill drill) throws Exception {
		try (LiveCall call = open()) {
			FrameWatch watch = FrameWatch.start(call.customer(), call.agent());
			try {
				watch.awaitFlowing(Duration.ofSeconds(2)); // a baseline before the fault
				long faultStart = System.nanoTime();
				drill.fault().inject(call);
				long faultEnd = System.nanoTime();
				// the pages' clocks at the end of the fault: their timelines are printed relative to it
				double customerEnd = call.customer().pageNow();
				double agentEnd = call.agent().pageNow();
				drill.recover().run();
				try {
					watch.awaitFlowingSince(faultEnd, STEP);
				}
				catch (IllegalStateException ex) {
					// what the pages said while video did not come back: the row only says it failed
					Files.createDirectories(Path.of(this.args.get("out")));
					Files.writeString(Path.of(this.args.get("out"), drill.name() + "-console.txt"),
							"customer page (" + call.customer().browser().callState() + "):\n"
									+ call.customer().browser().consoleLog() + "\nagent page ("
									+ call.agent().browser().callState() + "):\n" + call.agent().browser().consoleLog());
					throw ex;
				}
				watch.awaitFlowing(Duration.ofSeconds(2));
				long faultMs = (faultEnd - faultStart) / 1_000_000;
				DrillTimeline timeline = new DrillTimeline();
				timeline.page("customer", call.customer().timeline(), customerEnd, -faultMs - 500);
				timeline.page("agent", call.agent().timeline(), agentEnd, -faultMs - 500);
				timeline.videoBack("customer", watch.customer().backMs(faultEnd));
				timeline.videoBack("agent", watch.agent().backMs(faultEnd));
				timeline.packetsBack("customer", watch.customerPackets().backMs(faultEnd));
				timeline.packetsBack("agent", watch.agentPackets().backMs(faultEnd));
				System.out.print(timeline);
				JsonNode record = this.http.get("/api/v1/calls/" + call.id(), "X-API-Key", this.args.get("api-key"))
					.json();
				// the raw traces behind the row: when each page's frame count moved, ms after the fault began
				Files.createDirectories(Path.of(this.args.get("out")));
				Files.writeString(Path.of(this.args.get("out"), drill.name() + "-frames.txt"),
						"fault " + faultMs + " ms\ncustomer " + watch.customer().movesMs(faultStart) + "\nagent "
								+ watch.agent().movesMs(faultStart) + "\n\ntimeline (ms after the fault ended)\n" + timeline);
				// and the video counters around the return (ms after the fault ended): where the time went
				Files.writeString(Path.of(this.args.get("out"), drill.name() + "-video.txt"),
						watch.detailsSince(faultEnd - 1_000_000_000L, faultEnd));
				return new Drill.Row(drill.name(), drill.description(), watch.customer().gapMs(faultStart),
						watch.agent().gapMs(faultStart), watch.customer().backMs(faultEnd),
						watch.agent().backMs(faultEnd), status(record), causes(record));
			}
			finally {
				watch.stop();
			}
		}
		catch (RuntimeException ex) {
			System.out.println("   FAILED: " + ex);
			this.faults.restartStack();
			return new Drill.Row(drill.name(), drill.description(), -1, -1, -1, -1, "drill failed: " + ex.getMessage(),
					"");
		}
	}

	/** A new call with the agent and the customer connected and video flowing both ways. */
	private LiveCall open() throws Exception {
		Http.Response created = this.http.post("/api/v1/calls",
				"{\"caseId\":\"DRILL-" + UUID.randomUUID().toString().substring(0, 8) + "\"}", "X-API-Key",
				this.args.get("api-key"), "Content-Type", "application/json");
		if (created.status() != 201) {
			throw new IllegalStateException("Creating a call failed: " + created.status() + " " + created.body());
		}
		JsonNode call = created.json();
		URI driver = URI.create(this.args.get("customer-driver"));
		DrillPage agent = new DrillPage(Browser.open(640, 480), call.get("agentJoinUrl").asString(), null);
		DrillPage customer = new DrillPage(FarSide.otherUser(driver.toURL()), call.get("customerInviteUrl").asString(),
				driver);
		try {
			agent.load();
			agent.await("return !!window.casecall && window.casecall.state() === 'waiting'");
			Map<String, Double> before = this.faults.joinedPerNode();
			customer.load();
			customer.await("return !!window.casecall && window.casecall.state() === 'ready' && window.casecall.prewarmed()");
			customer.browser().driver().findElement(By.cssSelector("[data-testid=join]")).click();
			customer.await("return window.casecall.state() === 'connected'");
			agent.await("return window.casecall.state() === 'connected'");
			String customerNode = this.faults.nodeThatGained(before);
			return new LiveCall(call.get("callId").asString(), agent, customer, customerNode);
		}
		catch (RuntimeException ex) {
			agent.close();
			customer.close();
			throw ex;
		}
	}

	/**
	 * The call's status, and whether a page that lost its socket resumed its media session
	 * ({@code resumed}: media kept, on this node or another) or rebuilt it ({@code rejoined}).
	 */
	private static String status(JsonNode record) {
		List<String> how = new ArrayList<>();
		record.path("presence").forEach((entry) -> {
			String cause = entry.path("cause").asString();
			if ("resumed".equals(cause) || "rejoined".equals(cause)) {
				how.add(entry.path("role").asString() + ("resumed".equals(cause) ? " resumed" : " rebuilt"));
			}
		});
		String status = record.path("status").asString();
		return how.isEmpty() ? status : status + " (" + String.join(", ", how) + ")";
	}

	private static String causes(JsonNode record) {
		List<String> causes = new ArrayList<>();
		record.path("presence").forEach((entry) -> causes.add(entry.path("role").asString() + ":" + entry.path("cause").asString()));
		return String.join(" ", causes);
	}

	private static Map<String, Integer> nodes(String spec) {
		Map<String, Integer> nodes = new LinkedHashMap<>();
		for (String node : spec.split(",")) {
			String[] parts = node.split("=");
			nodes.put(parts[0], Integer.parseInt(parts[1]));
		}
		return nodes;
	}

	/** A live call of a drill: its id, its two pages, and the node the customer's socket is on. */
	record LiveCall(String id, DrillPage agent, DrillPage customer, String customerNode) implements AutoCloseable {

		@Override
		public void close() {
			this.agent.close();
			this.customer.close();
		}

	}

}
