package io.casecall.signaling.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The real HAProxy (Debian's {@code haproxy}) in front of {@link AppNode}s, with the configuration
 * {@code ./dev up --nodes N} uses: {@code infra/haproxy/haproxy.cfg}, rendered by {@code dev render-haproxy}.
 */
public final class Balancer implements AutoCloseable {

	private final Process process;

	private final int port;

	private Balancer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** The port to start it on (pages need it before the nodes start: it is their public base URL). */
	public static int reservePort() {
		return AppNode.freePort();
	}

	public static Balancer start(int port, List<AppNode> nodes) throws IOException, InterruptedException {
		Path dir = Files.createDirectories(Path.of("target", "nodes", "haproxy").toAbsolutePath());
		List<String> render = new ArrayList<>(List.of("bash", Path.of("..", "dev").toString(), "render-haproxy",
				dir.toString(), Integer.toString(port)));
		nodes.forEach((node) -> render.add(node.port() + ":" + node.managementPort()));
		Process rendering = new ProcessBuilder(render).inheritIO().start();
		if (!rendering.waitFor(30, TimeUnit.SECONDS) || rendering.exitValue() != 0) {
			throw new IllegalStateException("dev render-haproxy failed");
		}
		Process process = new ProcessBuilder("haproxy", "-db", "-f", dir.resolve("haproxy.cfg").toString())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("haproxy.log").toFile())
			.start();
		Balancer balancer = new Balancer(process, port);
		await().atMost(Duration.ofSeconds(10)).until(() -> balancer.listening() || !process.isAlive());
		if (!process.isAlive()) {
			throw new IllegalStateException("HAProxy exited: " + Files.readString(dir.resolve("haproxy.log")));
		}
		return balancer;
	}

	public int port() {
		return this.port;
	}

	private boolean listening() {
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", this.port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
