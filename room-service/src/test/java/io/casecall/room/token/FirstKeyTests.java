package io.casecall.room.token;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.casecall.room.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes that share an empty keys folder and start together end up with one key between them
 * (two app nodes started at once behind the balancer each made their own a second apart, and
 * refused each other's tokens with {@code token_unknown_key}).
 */
class FirstKeyTests {

	@TempDir
	Path keys;

	@TempDir
	Path scratch;

	@Test
	void storesStartedTogetherInOneJvmShareOneFirstKey() throws Exception {
		int nodes = 6;
		CountDownLatch go = new CountDownLatch(1);
		List<FutureTask<SigningKeyStore>> started = new ArrayList<>();
		for (int i = 0; i < nodes; i++) {
			// every store's clock is a second apart, so that their key files would not collide by name
			MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z").plusSeconds(i));
			FutureTask<SigningKeyStore> store = new FutureTask<>(() -> {
				awaitGo(go);
				return new SigningKeyStore(RoomTokenServiceTests.properties(this.keys, List.of(), null), clock);
			});
			new Thread(store, "node-" + i).start();
			started.add(store);
		}
		go.countDown();

		List<String> signing = new ArrayList<>();
		for (FutureTask<SigningKeyStore> store : started) {
			signing.add(store.get(30, TimeUnit.SECONDS).current().keyId());
		}
		assertThat(pemFiles(this.keys)).hasSize(1);
		assertThat(signing).containsOnly(signing.get(0));
	}

	@Test
	void aStoreWaitsForTheNodeMakingTheFirstKeyInAnotherProcessAndUsesItsKey() throws Exception {
		new SigningKeyStore(RoomTokenServiceTests.properties(this.scratch, List.of(), null), new MutableClock());
		Path othersKey = pemFiles(this.scratch).get(0);
		Process other = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), LockHolder.class.getName(), this.keys.toString(),
				othersKey.toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(other.getInputStream(), StandardCharsets.US_ASCII));
				OutputStream in = other.getOutputStream()) {
			assertThat(out.readLine()).isEqualTo("locked");

			FutureTask<SigningKeyStore> ours = new FutureTask<>(
					() -> new SigningKeyStore(RoomTokenServiceTests.properties(this.keys, List.of(), null),
							new MutableClock(Instant.parse("2030-01-01T00:00:00Z"))));
			Thread starting = new Thread(ours, "second-node");
			starting.start();
			// on until our store either waits for the lock or (without one) has finished on its own
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
				.until(() -> ours.isDone() || waitsForFileLock(starting));
			in.write('\n'); // the other node writes its key and lets go of the lock
			in.flush();

			SigningKeyStore store = ours.get(30, TimeUnit.SECONDS);
			assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(other.exitValue()).isZero();
			assertThat(pemFiles(this.keys)).extracting((file) -> file.getFileName().toString())
				.containsExactly(othersKey.getFileName().toString());
			assertThat(store.current().keyId()).isEqualTo(SigningKeyStore.load(othersKey).keyId());
		}
		finally {
			other.destroyForcibly();
		}
	}

	private static boolean waitsForFileLock(Thread thread) {
		return Arrays.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getMethodName().equals("lock") && frame.getClassName().contains("FileChannel"));
	}

	private static List<Path> pemFiles(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter((file) -> file.toString().endsWith(".pem")).sorted().toList();
		}
	}

	private static void awaitGo(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Another node, in a process of its own: holds the first-key lock until told, then writes its
	 * key (copied from {@code args[1]}) into the folder and lets go.
	 */
	public static final class LockHolder {

		public static void main(String[] args) throws IOException {
			Path folder = Path.of(args[0]);
			try (FileChannel channel = FileChannel.open(folder.resolve(".first-key.lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
				System.out.println("locked");
				System.out.flush();
				System.in.read();
				Files.copy(Path.of(args[1]), folder.resolve(Path.of(args[1]).getFileName()));
			}
		}

	}

}
