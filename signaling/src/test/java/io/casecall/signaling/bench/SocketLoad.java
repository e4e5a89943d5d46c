package io.casecall.signaling.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.casecall.signaling.support.TestApp;

/**
 * What idle joined signaling sockets cost one node: starts the application ({@link LoadApp}) in a
 * JVM of its own with a fixed heap, creates calls through the API, opens an agent and a customer
 * socket per call and joins them, holds them idle (the server's heartbeats running) while it
 * measures ping round trips on a sample, then reads the node's heap after a full GC, its RSS and
 * its class histogram. Run by {@code ./dev load --sockets 10000}; prints and writes
 * {@code summary.md}. Not a test: numbers, no verdict.
 */
public final class SocketLoad {

	private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

	private final Map<String, String> options;

	private final HttpClient http;

	private final List<WebSocket> sockets = new ArrayList<>();

	private final Map<WebSocket, Long> pingsSent = new ConcurrentHashMap<>();

	private final List<Double> pingMs = java.util.Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger joined = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

	private SocketLoad(Map<String, String> options) {
		this.options = options;
		ExecutorService executor = Executors.newFixedThreadPool(4, (task) -> {
			Thread thread = new Thread(task, "load-client");
			thread.setDaemon(true);
			return thread;
		});
		this.http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(10)).build();
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new java.util.HashMap<>(Map.of("sockets", "10000", "heap", "1g", "hold", "30",
				"out", "target/load", "redis-port", "6379", "port", "37170"));
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		new SocketLoad(options).run();
		System.exit(0);
	}

	private void run() throws Exception {
		int sockets = Integer.parseInt(this.options.get("sockets"));
		int port = Integer.parseInt(this.options.get("port"));
		Path out = Path.of(this.options.get("out"));
		Files.createDirectories(out);
		Process app = startApp(port, port + 1, out);
		try {
			long pid = app.pid();
			waitHealthy(port + 1);
			List<String[]> calls = createCalls(port, (sockets + 1) / 2);
			jcmd(pid, "GC.run");
			long baseKb = heapUsedKb(pid);
			long started = System.nanoTime();
			openAndJoin(port, calls, sockets);
			double openSeconds = (System.nanoTime() - started) / 1e9;
			System.out.printf("%d joined, %d failed in %.1f s; holding %s s%n", this.joined.get(), this.failed.get(),
					openSeconds, this.options.get("hold"));
			this.failures.forEach((reason, count) -> System.out.printf("  %5d x %s%n", count.get(), reason));
			pingWhileIdle(Duration.ofSeconds(Long.parseLong(this.options.get("hold"))));
			jcmd(pid, "GC.run");
			long heapKb = heapUsedKb(pid);
			long rssKb = rssKb(pid);
			String histogram = topClasses(jcmd(pid, "GC.class_histogram"), 15);
			Stats ping = Stats.of(new ArrayList<>(this.pingMs));
			String summary = summary(sockets, openSeconds, baseKb, heapKb, rssKb, ping, histogram);
			Files.writeString(out.resolve("summary.md"), summary, StandardCharsets.UTF_8);
			System.out.println(summary);
		}
		finally {
			this.sockets.forEach((socket) -> socket.abort());
			app.destroy();
			app.waitFor(20, TimeUnit.SECONDS);
		}
	}

	private Process startApp(int port, int management, Path out) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Path keys = Files.createTempDirectory("casecall-load-keys");
		List<String> command = new ArrayList<>(List.of(java, "-Xms" + this.options.get("heap"),
				"-Xmx" + this.options.get("heap"), "-cp", System.getProperty("java.class.path"),
				LoadApp.class.getName(), "--server.port=" + port, "--management.server.port=" + management,
				"--server.tomcat.max-connections=" + (Integer.parseInt(this.options.get("sockets")) + 1000),
				"--spring.data.redis.port=" + this.options.get("redis-port"), "--casecall.sfu.type=fake",
				"--casecall.token.keys-dir=" + keys, "--casecall.api.public-base-url=http://127.0.0.1:" + port,
				"--casecall.security.api-keys[0].name=load",
				"--casecall.security.api-keys[0].sha256=" + TestApp.sha256(TestApp.API_KEY),
				"--casecall.ratelimit.key-prefix=cc:rl:load-" + System.nanoTime() + ":",
				"--logging.level.io.casecall=WARN"));
		for (String limit : List.of("address", "api-key", "handshake-address", "handshake-token")) {
			command.add("--casecall.ratelimit." + limit + ".capacity=1000000");
		}
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.resolve("app.log").toFile())
			.start();
	}

	private void waitHealthy(int management) throws InterruptedException {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
		while (System.nanoTime() < until) {
			try {
				HttpResponse<String> health = this.http.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + management + "/actuator/health/liveness"))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not yet
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException("The application did not start (see app.log)");
	}

	/** {agent token, invite token, call id} per call, created 16 at a time. */
	private List<String[]> createCalls(int port, int count) throws InterruptedException {
		List<String[]> calls = java.util.Collections.synchronizedList(new ArrayList<>());
		Semaphore inFlight = new Semaphore(16);
		for (int i = 0; i < count; i++) {
			inFlight.acquire();
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/calls"))
				.header("X-API-Key", TestApp.API_KEY)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"caseId\":\"LOAD-" + i + "\"}"))
				.build();
			this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
				inFlight.release();
				if (response != null && response.statusCode() == 201) {
					String body = response.body();
					calls.add(new String[] { token(body, "agentJoinUrl"), token(body, "customerInviteUrl"),
							field(body, "callId") });
				}
			});
		}
		inFlight.acquire(16);
		System.out.printf("%d of %d calls created%n", calls.size(), count);
		if (calls.isEmpty()) {
			throw new IllegalStateException("No call could be created (see app.log)");
		}
		return calls;
	}

	private void openAndJoin(int port, List<String[]> calls, int sockets) throws InterruptedException {
		Semaphore inFlight = new Semaphore(64);
		URI uri = URI.create("ws://127.0.0.1:" + port + "/ws/v1");
		for (int i = 0; i < sockets; i++) {
			String[] call = calls.get(i / 2 % calls.size());
			String token = call[i % 2];
			String device = "load-device-" + i;
			inFlight.acquire();
			Listener listener = new Listener(inFlight);
			this.http.newWebSocketBuilder()
				.connectTimeout(Duration.ofSeconds(30))
				.header("Origin", "http://127.0.0.1:" + port)
				.subprotocols("casecall.v1", "token." + token)
				.buildAsync(uri, listener)
				.whenComplete((socket, error) -> {
					if (error != null) {
						failure("connect: " + error.getClass().getSimpleName() + " " + error.getMessage());
						inFlight.release();
						return;
					}
					synchronized (this.sockets) {
						this.sockets.add(socket);
					}
					socket.sendText("{\"type\":\"join\",\"callId\":\"" + call[2] + "\",\"device\":\"" + device + "\"}",
							true);
				});
		}
		inFlight.acquire(64);
	}

	private void pingWhileIdle(Duration hold) throws InterruptedException {
		long until = System.nanoTime() + hold.toNanos();
		List<WebSocket> open;
		synchronized (this.sockets) {
			open = new ArrayList<>(this.sockets);
		}
		while (System.nanoTime() < until && !open.isEmpty()) {
			for (int i = 0; i < 20; i++) { // 200 pings a second over random sockets
				WebSocket socket = open.get(ThreadLocalRandom.current().nextInt(open.size()));
				if (this.pingsSent.putIfAbsent(socket, System.nanoTime()) == null) {
					socket.sendText("{\"type\":\"ping\",\"ts\":1}", true);
				}
			}
			Thread.sleep(100);
		}
	}

	private final class Listener implements WebSocket.Listener {

		private final Semaphore inFlight;

		private final StringBuilder text = new StringBuilder();

		private boolean counted;

		Listener(Semaphore inFlight) {
			this.inFlight = inFlight;
		}

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String message = this.text.toString();
				this.text.setLength(0);
				if (!this.counted && message.contains("\"type\":\"joined\"")) {
					this.counted = true;
					SocketLoad.this.joined.incrementAndGet();
					this.inFlight.release();
				}
				else if (!this.counted && message.contains("\"type\":\"error\"")) {
					this.counted = true;
					failure("error message: " + message);
					this.inFlight.release();
				}
				else if (message.contains("\"type\":\"pong\"")) {
					Long sent = SocketLoad.this.pingsSent.remove(socket);
					if (sent != null) {
						SocketLoad.this.pingMs.add((System.nanoTime() - sent) / 1e6);
					}
				}
			}
			socket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
			if (!this.counted) {
				this.counted = true;
				failure("closed before joined: " + status + " " + reason);
				this.inFlight.release();
			}
			return CompletableFuture.completedFuture(null);
		}

	}

	private void failure(String reason) {
		this.failed.incrementAndGet();
		String key = (reason.length() > 120) ? reason.substring(0, 120) : reason;
		this.failures.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
	}

	private String summary(int sockets, double openSeconds, long baseKb, long heapKb, long rssKb, Stats ping,
			String histogram) throws IOException, InterruptedException {
		double load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		return String.format("""
				### Idle signaling sockets on one node (%s, heap -Xmx%s, load average %.1f on %d cores)

				| sockets joined | failed | open+join time | heap used after full GC | heap before sockets | heap per open socket | RSS | ping p50 / p99 (n) |
				|---|---|---|---|---|---|---|---|
				| %d of %d | %d | %.1f s | %.0f MB | %.0f MB | %.1f KB | %.0f MB | %.1f / %.1f ms (%d) |

				Largest classes on the heap (jcmd GC.class_histogram):

				```
				%s
				```
				""", java.time.LocalDate.now(), this.options.get("heap"), load, Runtime.getRuntime().availableProcessors(),
				this.joined.get(), sockets, this.failed.get(), openSeconds, heapKb / 1024.0, baseKb / 1024.0,
				(heapKb - baseKb) / (double) Math.max(1, this.sockets.size()), rssKb / 1024.0, ping.p50(), ping.p99(),
				ping.n(), histogram);
	}

	private static String topClasses(String histogram, int count) {
		List<String> lines = histogram.lines().filter((line) -> line.matches("\\s*\\d+:.*")).limit(count).toList();
		return String.join("\n", lines);
	}

	private static long heapUsedKb(long pid) throws IOException, InterruptedException {
		Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
		if (!used.find()) {
			throw new IllegalStateException("No heap figure from jcmd");
		}
		return Long.parseLong(used.group(1));
	}

	private static long rssKb(long pid) throws IOException {
		return Files.readAllLines(Path.of("/proc/" + pid + "/status"))
			.stream()
			.filter((line) -> line.startsWith("VmRSS:"))
			.map((line) -> Long.parseLong(line.replaceAll("\\D", "")))
			.findFirst()
			.orElse(-1L);
	}

	private static String jcmd(long pid, String command) throws IOException, InterruptedException {
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		Process process = new ProcessBuilder(jcmd, String.valueOf(pid), command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(60, TimeUnit.SECONDS);
		return output;
	}

	private static String token(String json, String field) {
		String url = field(json, field);
		return url.substring(url.indexOf("#token=") + "#token=".length());
	}

	private static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("No " + name + " in " + json);
		}
		return matcher.group(1);
	}

}
