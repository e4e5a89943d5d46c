package io.casecall.signaling.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.RunningApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Redis on a port of the test's own is stopped and started under the running
 * application: the API answers 503 quickly (no thread pile-up), health is DOWN, and everything
 * recovers by itself.
 */
class RedisOutageTests {

	@TempDir
	Path dir;

	private final List<Process> redis = new ArrayList<>();

	@Test
	void answers503QuicklyWhileRedisIsDownAndRecoversByItself() throws Exception {
		int port = freePort();
		startRedis(port);
		try (RunningApp app = RunningApp.start(port, this.dir.resolve("keys"))) {
			Http http = app.http();
			assertThat(http.postJson("/api/v1/calls", body()).status()).isEqualTo(201);

			stopRedis();
			long started = System.nanoTime();
			List<Http.Response> during = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				during.add(http.postJson("/api/v1/calls", body()));
			}
			long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			Http.Response health = app.management().get("/actuator/health");

			assertThat(during).allSatisfy((response) -> {
				assertThat(response.status()).isEqualTo(503);
				assertThat(response.contentType()).startsWith("application/problem+json");
				assertThat(response.json().get("code").asString()).isEqualTo("store_unavailable");
				assertThat(response.raw().headers().firstValue("Retry-After")).isPresent();
			});
			// twenty requests while Redis is down take well under one command timeout each
			assertThat(elapsedMs).isLessThan(20 * 1000 / 2);
			assertThat(health.status()).isEqualTo(503);
			assertThat(health.json().get("components").get("redis").get("status").asString()).isEqualTo("DOWN");

			startRedis(port);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(http.postJson("/api/v1/calls", body()).status()).isEqualTo(201));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(app.management().get("/actuator/health").status()).isEqualTo(200));
		}
	}

	@AfterEach
	void stopRedis() throws InterruptedException {
		for (Process process : this.redis) {
			process.destroy();
			process.waitFor(5, TimeUnit.SECONDS);
		}
		this.redis.clear();
	}

	private void startRedis(int port) throws IOException {
		Process process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--dir", this.dir.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("redis-" + port + ".log").toFile())
			.start();
		this.redis.add(process);
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String body() {
		return "{\"caseId\":\"CASE-OUTAGE\"}";
	}

}
