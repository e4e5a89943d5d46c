package io.casecall.signaling.evidence;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;

/**
 * A real S3-protocol server for tests: s3proxy (Maven Central, copied to target/s3proxy by the
 * build) with its filesystem backend, run as a child process on a free loopback port. Objects
 * land in {@link #dir()}{@code /<bucket>/<key>}, so a test can check them without the SDK.
 */
final class S3Proxy implements AutoCloseable {

	static final String IDENTITY = "casecall-test";

	static final String CREDENTIAL = "casecall-test-secret";

	private final Process process;

	private final int port;

	private final Path dir;

	private S3Proxy(Process process, int port, Path dir) {
		this.process = process;
		this.port = port;
		this.dir = dir;
	}

	static S3Proxy start() {
		try {
			Path jar = Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException(jar + " is missing: the build copies it (maven-dependency-plugin)");
			}
			Path work = Files.createTempDirectory("casecall-s3proxy");
			Path data = Files.createDirectory(work.resolve("data"));
			int port = freePort();
			Path config = work.resolve("s3proxy.properties");
			Files.writeString(config, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port,
					"s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + IDENTITY,
					"s3proxy.credential=" + CREDENTIAL, "jclouds.provider=filesystem",
					"jclouds.filesystem.basedir=" + data, ""));
			Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx128m", "-jar", jar.toString(), "--properties", config.toString())
				.redirectErrorStream(true)
				.redirectOutput(work.resolve("s3proxy.log").toFile())
				.start();
			S3Proxy proxy = new S3Proxy(process, port, data);
			Awaitility.await("s3proxy listening").atMost(Duration.ofSeconds(60)).until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException("s3proxy exited: " + Files.readString(work.resolve("s3proxy.log")));
				}
				return listening(port);
			});
			return proxy;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	Path dir() {
		return this.dir;
	}

	/** A bucket is a folder of the filesystem backend. */
	void createBucket(String bucket) {
		try {
			Files.createDirectories(this.dir.resolve(bucket));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
