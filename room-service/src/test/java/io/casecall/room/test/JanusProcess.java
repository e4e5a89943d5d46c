package io.casecall.room.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A Janus of a test's own, on spare ports, that the test may kill, restart, pause and resume.
 * Its configuration is rendered by {@code ./dev render-janus} (the project's templates and the
 * test stack's secrets); its log goes to {@code janus.log} in its folder.
 */
public final class JanusProcess implements AutoCloseable {

	/** RTP ports of the test's own Janus (these tests send no media through it). */
	private static final String RTP_PORTS = System.getenv().getOrDefault("CASECALL_TEST_JANUS_SPARE_RTP_PORTS",
			"42000-42099");

	/** The project's root folder (tests run in a module's folder). */
	private static final Path ROOT = Path.of("").toAbsolutePath().getFileName().toString().equals("room-service")
			|| Path.of("").toAbsolutePath().getFileName().toString().equals("signaling")
					? Path.of("..").toAbsolutePath().normalize() : Path.of("").toAbsolutePath();

	private final int wsPort;

	private final int adminPort;

	private final Path dir;

	private Process process;

	private JanusProcess(Path dir, int wsPort, int adminPort) {
		this.dir = dir;
		this.wsPort = wsPort;
		this.adminPort = adminPort;
	}

	/** Renders the configuration into {@code dir} on two free ports. */
	public static JanusProcess render(Path dir) throws IOException, InterruptedException {
		return render(dir, RTP_PORTS);
	}

	/** Renders the configuration into {@code dir} on two free ports, media on {@code rtpPorts} ({@code 51000-51499}). */
	public static JanusProcess render(Path dir, String rtpPorts) throws IOException, InterruptedException {
		int ws = freePort();
		int admin = freePort();
		Process render = new ProcessBuilder(ROOT.resolve("dev").toString(), "render-janus",
				dir.toString(), Integer.toString(ws), Integer.toString(admin), rtpPorts)
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("render.log").toFile())
			.start();
		if (render.waitFor() != 0) {
			throw new IllegalStateException("dev render-janus failed: " + Files.readString(dir.resolve("render.log")));
		}
		return new JanusProcess(dir, ws, admin);
	}

	/** Its WebSocket API port (on 127.0.0.1). */
	public int wsPort() {
		return this.wsPort;
	}

	/** Its Admin API port (HTTP on 127.0.0.1, path {@code /admin}). */
	public int adminPort() {
		return this.adminPort;
	}

	/** Its WebSocket API URL. */
	public String url() {
		return "ws://127.0.0.1:" + this.wsPort;
	}

	/** Starts Janus and waits until its WebSocket port accepts connections. */
	public void start() throws IOException {
		this.process = new ProcessBuilder("janus", "-F", this.dir.toString(), "-o", "-N", "-L",
				this.dir.resolve("janus.log").toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(this::accepting);
	}

	/** Kills Janus at once (as a crash would) and waits until it is gone. */
	public void kill() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** Freezes Janus: its sockets stay open but nothing answers. */
	public void pause() throws IOException, InterruptedException {
		signal("-STOP");
	}

	public void resume() throws IOException, InterruptedException {
		signal("-CONT");
	}

	@Override
	public void close() throws InterruptedException {
		kill();
	}

	private void signal(String signal) throws IOException, InterruptedException {
		new ProcessBuilder("kill", signal, Long.toString(this.process.pid())).inheritIO().start().waitFor();
	}

	private boolean accepting() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.wsPort), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
