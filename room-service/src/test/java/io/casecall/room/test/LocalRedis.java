package io.casecall.room.test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Real Redis deployments beside the test stack's single server, started from Debian's
 * {@code redis-server} and {@code redis-sentinel} (installed by {@code ./dev}) on free local ports,
 * in a temporary folder, and stopped by {@link #close()}: a Redis Cluster of three primaries, or a
 * primary with one replica watched by a Sentinel.
 */
public final class LocalRedis implements AutoCloseable {

	/** The Sentinel master name of {@link #sentinel()}. */
	public static final String MASTER = "casecall";

	private final Path dir;

	private final List<Process> processes = new ArrayList<>();

	private final List<Integer> dataPorts = new ArrayList<>();

	private int sentinelPort;

	private LocalRedis() throws IOException {
		this.dir = Files.createTempDirectory("casecall-redis");
	}

	/** Three primaries, every slot assigned, the cluster state {@code ok} on every node. */
	public static LocalRedis cluster() {
		LocalRedis redis = create();
		try {
			for (int i = 0; i < 3; i++) {
				int port = freePort(true);
				redis.server(port, "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
						"--cluster-node-timeout", "2000");
			}
			List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			redis.dataPorts.forEach((port) -> create.add("127.0.0.1:" + port));
			create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
			redis.run(create.toArray(String[]::new));
			for (int port : redis.dataPorts) {
				await().atMost(Duration.ofSeconds(20))
					.until(() -> redis.cli(port, "CLUSTER", "INFO").contains("cluster_state:ok"));
			}
			return redis;
		}
		catch (RuntimeException ex) {
			redis.close();
			throw ex;
		}
	}

	/** A primary, a replica in sync with it, and a Sentinel that knows both. */
	public static LocalRedis sentinel() {
		LocalRedis redis = create();
		try {
			int primary = freePort(false);
			int replica = freePort(false);
			redis.server(primary);
			redis.server(replica, "--replicaof", "127.0.0.1", String.valueOf(primary));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> redis.cli(replica, "INFO", "replication").contains("master_link_status:up"));
			redis.sentinelPort = freePort(false);
			Path conf = redis.dir.resolve("sentinel.conf");
			Files.writeString(conf, String.join("\n", "port " + redis.sentinelPort, "bind 127.0.0.1",
					"dir " + redis.dir, "sentinel monitor " + MASTER + " 127.0.0.1 " + primary + " 1",
					"sentinel down-after-milliseconds " + MASTER + " 1000",
					"sentinel failover-timeout " + MASTER + " 10000", ""), StandardCharsets.UTF_8);
			redis.start(redis.dir.resolve("sentinel.log"), "redis-sentinel", conf.toString());
			await().atMost(Duration.ofSeconds(30))
				.until(() -> redis.cli(redis.sentinelPort, "SENTINEL", "REPLICAS", MASTER)
					.contains(String.valueOf(replica)));
			return redis;
		}
		catch (IOException ex) {
			redis.close();
			throw new IllegalStateException(ex);
		}
		catch (RuntimeException ex) {
			redis.close();
			throw ex;
		}
	}

	/** The data nodes ({@code 127.0.0.1:port}), in start order: for a Sentinel set-up primary first. */
	public List<String> dataNodes() {
		return this.dataPorts.stream().map((port) -> "127.0.0.1:" + port).toList();
	}

	public List<Integer> dataPorts() {
		return List.copyOf(this.dataPorts);
	}

	public String sentinelNode() {
		return "127.0.0.1:" + this.sentinelPort;
	}

	/** {@code SENTINEL FAILOVER}: the replica becomes the primary, the primary its replica. */
	public void failover() {
		String answer = cli(this.sentinelPort, "SENTINEL", "FAILOVER", MASTER);
		if (!answer.contains("OK")) {
			throw new IllegalStateException("SENTINEL FAILOVER: " + answer);
		}
	}

	/** The port of the current primary, as the Sentinel tells it. */
	public int primaryPort() {
		String[] answer = cli(this.sentinelPort, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER).split("\n");
		return Integer.parseInt(answer[1].trim());
	}

	/** {@code redis-cli -p port args...}: its output. */
	public String cli(int port, String... args) {
		List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
		command.addAll(List.of(args));
		return run(command.toArray(String[]::new));
	}

	@Override
	public void close() {
		for (Process process : this.processes) {
			process.destroy();
		}
		for (Process process : this.processes) {
			try {
				if (!process.waitFor(5, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try (java.util.stream.Stream<Path> files = Files.walk(this.dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary folder left behind
		}
	}

	private static LocalRedis create() {
		try {
			return new LocalRedis();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void server(int port, String... options) {
		Path data = this.dir.resolve(String.valueOf(port));
		try {
			Files.createDirectories(data);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind",
				"127.0.0.1", "--protected-mode", "yes", "--dir", data.toString(), "--save", "", "--appendonly",
				"no"));
		command.addAll(List.of(options));
		start(data.resolve("redis.log"), command.toArray(String[]::new));
		this.dataPorts.add(port);
		await().atMost(Duration.ofSeconds(10)).until(() -> cli(port, "PING").contains("PONG"));
	}

	private void start(Path log, String... command) {
		try {
			this.processes.add(new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + command[0] + " (./dev installs it)", ex);
		}
	}

	private String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("Timed out: " + String.join(" ", command));
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command[0], ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A free local port; for a cluster node its bus port (port + 10000) must be free too. */
	private static int freePort(boolean withBus) {
		for (int attempt = 0; attempt < 50; attempt++) {
			try (ServerSocket socket = new ServerSocket(0)) {
				int port = socket.getLocalPort();
				if (!withBus) {
					return port;
				}
				if (port + 10000 < 65536) {
					try (ServerSocket bus = new ServerSocket(port + 10000)) {
						return port;
					}
					catch (IOException taken) {
						// try another
					}
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("No free port pair for a cluster node");
	}

}
