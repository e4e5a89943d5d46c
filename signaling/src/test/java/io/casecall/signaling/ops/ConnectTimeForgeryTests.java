package io.casecall.signaling.ops;

import java.time.Duration;
import java.util.stream.StreamSupport;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestSocket;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, finding 3: a customer holding only their link sends the forged connect-time report of
 * the issue, fifteen times, each on a real join of their own. The SFU never reported their media
 * up, so every report is kept on the call record as rejected with its reason, and nothing
 * operations see moves: not the ops summary, not the Micrometer connect timer.
 */
class ConnectTimeForgeryTests extends OpsAppSupport {

	private static final String FORGED_MARKS = "{\"join_click\":1000,\"join_sent\":1000.2,\"join_ack\":1000.4,"
			+ "\"ice_connected\":1000.6,\"dtls_connected\":1000.8,\"first_frame\":1001}";

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	private CallDriver driver;

	@BeforeEach
	void driver() {
		this.driver = new CallDriver(this.port, this.sfu);
	}

	@AfterEach
	void endCalls() {
		this.driver.endAll();
	}

	@Test
	void theForgedReportOfTheIssueIsKeptAsRejectedAndMovesNoNumber() {
		// honest joins first, so there are numbers a forgery could move
		for (int ms : new int[] { 900, 1100, 1400 }) {
			this.driver.customer(this.driver.create(), "connected", ms);
		}
		JsonNode before = customerSummary();
		long timedBefore = connectTimerCount();
		assertThat(before.get("connectMs").get("p50").isNull()).isFalse();

		CallDriver.TestCall call = this.driver.create();
		for (int i = 0; i < 15; i++) {
			try (TestSocket socket = TestSocket.connect(this.port, call.inviteToken())) {
				int join = socket.send("{\"type\":\"join\",\"callId\":\"" + call.id()
						+ "\",\"device\":\"attacker-phone\"}").next("joined").get("join").asInt();
				socket.send("{\"type\":\"timings\",\"join\":" + join + ",\"outcome\":\"connected\",\"marks\":"
						+ FORGED_MARKS + "}");
				socket.send("{\"type\":\"ping\"}").next("pong");
			}
		}

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(timings(call)).hasSize(15));
		assertThat(timings(call)).allSatisfy((timing) -> {
			assertThat(timing.get("rejected").asString()).isEqualTo("no_media_up");
			assertThat(timing.has("connectMs")).isFalse();
			assertThat(timing.get("marks").get("first_frame").asDouble()).isEqualTo(1001.0);
		});
		assertThat(customerSummary()).isEqualTo(before);
		assertThat(connectTimerCount()).isEqualTo(timedBefore);
	}

	/** The customer part of the summary, without the time series (its steps move with the clock). */
	private JsonNode customerSummary() {
		JsonNode customer = new Http(this.port).get("/api/v1/ops/summary?window=15m", "X-API-Key", TestApp.OPS_KEY)
			.json()
			.get("customer");
		((tools.jackson.databind.node.ObjectNode) customer).remove("series");
		return customer;
	}

	private long connectTimerCount() {
		return this.meters.find("casecall.connect").tag("role", "customer").timers().stream()
			.mapToLong(Timer::count)
			.sum();
	}

	private Iterable<JsonNode> timings(CallDriver.TestCall call) {
		JsonNode record = new Http(this.port).getAsClient("/api/v1/calls/" + call.id()).json();
		return StreamSupport.stream(record.get("timings").spliterator(), false)
			.filter((timing) -> "customer".equals(timing.get("role").asString()))
			.toList();
	}

}
