package io.casecall.signaling.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import io.casecall.room.test.TestStack;
import io.casecall.signaling.CaseCallApplication;

import static org.awaitility.Awaitility.await;

/**
 * The application as a process of its own (a node behind a balancer), on the real Redis and Janus
 * of the test stack, so that a test can {@code kill -9} it. Its classpath is this test's without the
 * test classes (no test configuration is scanned into it). Log under {@code target/nodes/}.
 */
public final class AppNode implements AutoCloseable {

	private final String name;

	private final Process process;

	private final int port;

	private final int managementPort;

	private AppNode(String name, Process process, int port, int managementPort) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.managementPort = managementPort;
	}

	/** Starts a node; {@link #awaitReady} waits for it. */
	public static AppNode start(String name, Path keys, String publicBaseUrl, String... extra) throws IOException {
		int port = freePort();
		int managementPort = freePort();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", applicationClasspath(),
				CaseCallApplication.class.getName()));
		List<String> properties = new ArrayList<>(List.of("server.port=" + port,
				"management.server.port=" + managementPort, "casecall.token.keys-dir=" + keys,
				"casecall.api.public-base-url=" + publicBaseUrl, "server.tomcat.remoteip.internal-proxies=127.0.0.1/32",
				"casecall.security.api-keys[0].name=test-crm",
				"casecall.security.api-keys[0].sha256=" + TestApp.sha256(TestApp.API_KEY),
				"casecall.ratelimit.key-prefix=" + TestApp.rateLimitPrefix()));
		properties.addAll(List.of(TestStack.properties()));
		properties.addAll(List.of(extra));
		properties.forEach((property) -> command.add("--" + property));
		Path logs = Files.createDirectories(Path.of("target", "nodes"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(logs.resolve(name + ".log").toFile())
			.start();
		return new AppNode(name, process, port, managementPort);
	}

	public AppNode awaitReady(Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited; see target/nodes/" + this.name + ".log");
			}
			return status("/actuator/health/readiness") == 200;
		});
		return this;
	}

	public String name() {
		return this.name;
	}

	public int port() {
		return this.port;
	}

	public int managementPort() {
		return this.managementPort;
	}

	/** A gauge or counter of this node's Prometheus page (the first sample), or -1 if absent. */
	public double metric(String name) {
		try {
			String page = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(management("/actuator/prometheus")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			return page.lines()
				.filter((line) -> line.startsWith(name + " ") || line.startsWith(name + "{"))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.findFirst()
				.orElse(-1);
		}
		catch (IOException | InterruptedException ex) {
			return -1;
		}
	}

	/** {@code kill -9}: no shutdown hook, no close frame. */
	public void kill() {
		this.process.destroyForcibly();
	}

	/** {@code kill} (SIGTERM): the graceful shutdown a rolling deploy does. */
	public void terminate() {
		this.process.destroy();
	}

	public boolean alive() {
		return this.process.isAlive();
	}

	private int status(String path) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(management(path)).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException | InterruptedException ex) {
			return -1;
		}
	}

	private URI management(String path) {
		return URI.create("http://127.0.0.1:" + this.managementPort + path);
	}

	/** The test JVM's classpath (expanded from Surefire's manifest-only jar if need be) less test classes. */
	static String applicationClasspath() {
		List<String> entries = new ArrayList<>(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
		if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
			try (JarFile jar = new JarFile(entries.get(0))) {
				String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
				if (classPath != null) {
					entries = Arrays.stream(classPath.split(" "))
						.map((url) -> Path.of(URI.create(url)).toString())
						.collect(Collectors.toCollection(ArrayList::new));
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		// with -pl signaling, room-service comes from the local Maven repository, which another
		// checkout may have replaced since this JVM started: the checkout's own build wins
		Path ownRoomService = Path.of("..", "room-service", "target", "classes").toAbsolutePath().normalize();
		return entries.stream()
			.filter((entry) -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
			.map((entry) -> (entry.matches(".*/room-service-[^/]*(?<!-tests)\\.jar") && Files.isDirectory(ownRoomService))
					? ownRoomService.toString() : entry)
			.collect(Collectors.joining(File.pathSeparator));
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
