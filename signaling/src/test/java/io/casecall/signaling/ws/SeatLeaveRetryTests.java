package io.casecall.signaling.ws;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.RunningApp;
import io.casecall.signaling.support.TestSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A leave that meets a stalled call store (a real Redis of the test's own, paused with SIGSTOP so
 * every command times out, as under the flood of issue 10) is not lost: it is tried again until
 * it lands, with the time the socket really closed, and so is its presence-history entry.
 */
class SeatLeaveRetryTests {

	@TempDir
	Path dir;

	private Process redis;

	@Test
	void aLeaveThatMeetsAStalledStoreIsRecordedOnceTheStoreAnswersAgain() throws Exception {
		int port = freePort();
		this.redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save",
				"", "--appendonly", "no", "--dir", this.dir.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("redis.log").toFile())
			.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> listening(port));
		try (RunningApp app = RunningApp.start(port, this.dir.resolve("keys"))) {
			Http http = app.http();
			JsonNode created = http.postJson("/api/v1/calls", "{\"caseId\":\"CASE-LEAVE\"}").json();
			String callId = created.get("callId").asString();
			String agentUrl = created.get("agentJoinUrl").asString();
			TestSocket agent = TestSocket.connect(app.port(), agentUrl.substring(agentUrl.indexOf("#token=") + 7));
			agent.send("{\"type\":\"join\",\"callId\":\"" + callId + "\",\"device\":\"agent-desk-1\"}").next("joined");

			signal("STOP");
			Instant closedAt = Instant.now();
			agent.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> retries(app) >= 1);
			Instant resumedAt = Instant.now();
			signal("CONT");

			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				JsonNode seat = http.getAsClient("/api/v1/calls/" + callId).json().get("participants").get(0);
				assertThat(seat.get("present").asBoolean()).isFalse();
				assertThat(Instant.parse(seat.get("lastLeftAt").asString())).isBetween(closedAt.minusSeconds(1),
						resumedAt);
			});
			// the presence history's entry is part of the retried write: it lands with the leave, once
			JsonNode record = http.getAsClient("/api/v1/calls/" + callId).json();
			JsonNode presence = record.get("presence");
			assertThat(presence).hasSize(2);
			assertThat(presence.get(0).get("cause").asString()).isEqualTo("joined");
			assertThat(presence.get(1).get("role").asString()).isEqualTo("agent");
			assertThat(presence.get(1).get("cause").asString()).isEqualTo("left");
			assertThat(presence.get(1).get("at").asString())
				.isEqualTo(record.get("participants").get(0).get("lastLeftAt").asString());
		}
	}

	private static double retries(RunningApp app) {
		return app.management()
			.get("/actuator/prometheus")
			.body()
			.lines()
			.filter((line) -> line.startsWith("casecall_store_retries_total{") && line.contains("write=\"leave\""))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private void signal(String name) throws Exception {
		new ProcessBuilder("kill", "-" + name, String.valueOf(this.redis.pid())).inheritIO().start().waitFor();
	}

	@AfterEach
	void stopRedis() throws Exception {
		if (this.redis != null) {
			signal("CONT");
			this.redis.destroy();
			this.redis.waitFor(5, TimeUnit.SECONDS);
		}
	}

	private static boolean listening(int port) {
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
