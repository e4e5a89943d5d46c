package io.casecall.signaling.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import io.casecall.room.test.TestStack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, finding 9: logs and Redis data are not readable by other local users. The Redis this
 * suite runs against was started by {@code ./dev test} the same way {@code ./dev up} starts the
 * dev stack; a {@code SAVE} makes it write {@code dump.rdb} now.
 */
class LocalFilesTests {

	private static final Path STATE = Path.of("..", ".casecall").toAbsolutePath().normalize();

	private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
			PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

	@Test
	void redisDataAndLogsAreTheOwnersOnly() throws IOException {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + TestStack.redisPort());
		try (StatefulRedisConnection<String, String> redis = client.connect()) {
			Path dump = Path.of(redis.sync().configGet("dir").get("dir"), "dump.rdb");
			redis.sync().set("cc:test:local-files", "evidence");
			redis.sync().save();

			await().until(() -> Files.exists(dump));
			assertThat(dump).startsWith(STATE);
			assertPrivate(dump);
			assertPrivate(dump.getParent());
		}
		finally {
			client.shutdown();
		}
		assertPrivate(STATE);
		assertPrivate(STATE.resolve("logs"));
		try (Stream<Path> logs = Files.list(STATE.resolve("logs"))) {
			assertThat(logs.toList()).isNotEmpty().allSatisfy(LocalFilesTests::assertPrivate);
		}
	}

	private static void assertPrivate(Path path) {
		try {
			assertThat(Files.getPosixFilePermissions(path)).as(path.toString()).doesNotContainAnyElementsOf(OTHERS);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
