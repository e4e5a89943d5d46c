package io.casecall.signaling.ws;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.SfuListener.MediaState;
import io.casecall.signaling.support.Elapsed;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.FakeSfuApp;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connect-time report is held against what the server saw of the same join: its own receipt of
 * the join and of the report, and the SFU's media-up event (played here by the in-memory SFU, as
 * Janus sends {@code webrtcup}). Contradicting reports stay on the record as rejected, with the
 * reason; agreeing ones carry the server's own span beside the client's marks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.sfu.type=fake", "casecall.signaling.timing-tolerance=1s",
				"casecall.signaling.media-up-wait=1s" })
@Import(TestApp.WithFakeSfu.class)
class ConnectTimeEvidenceTests extends FakeSfuApp {

	private TestCall call;

	@BeforeEach
	void newCall() {
		this.call = TestCall.create(this.port);
	}

	@Test
	void aConnectedReportTheSfuNeverConfirmedIsKeptAsRejected() {
		try (TestSocket customer = TestSocket.connect(this.port, this.call.inviteToken())) {
			join(customer);
			customer.send(report("{\"join_click\":100,\"join_sent\":101,\"first_frame\":300}"));

			JsonNode timing = awaitTiming();
			assertThat(timing.get("rejected").asString()).isEqualTo("no_media_up");
			assertThat(timing.has("connectMs")).isFalse();
			assertThat(timing.has("serverMs")).isFalse();
		}
	}

	@Test
	void aReportFasterThanTheServerSawIsKeptAsRejected() {
		try (TestSocket customer = TestSocket.connect(this.port, this.call.inviteToken())) {
			String participant = join(customer);
			long joined = System.nanoTime();
			Elapsed.atLeast(joined, 1500);
			this.sfu.mediaState(participant, "sub", MediaState.CONNECTED);
			customer.send(report("{\"join_click\":1000,\"join_sent\":1000,\"first_frame\":1000}"));

			JsonNode timing = awaitTiming();
			assertThat(timing.get("rejected").asString()).isEqualTo("faster_than_server");
			assertThat(timing.get("serverMs").asDouble()).isGreaterThanOrEqualTo(1500);
			assertThat(timing.has("connectMs")).isFalse();
		}
	}

	@Test
	void aReportClaimingMoreTimeThanHadPassedIsKeptAsRejected() {
		try (TestSocket customer = TestSocket.connect(this.port, this.call.inviteToken())) {
			this.sfu.mediaState(join(customer), "sub", MediaState.CONNECTED);
			customer.send(report("{\"join_click\":100,\"join_sent\":101,\"first_frame\":60101}"));

			assertThat(awaitTiming().get("rejected").asString()).isEqualTo("later_than_report");
		}
	}

	@Test
	void aReportThatArrivesBeforeTheSfusMediaUpWaitsForItAndIsAccepted() {
		try (TestSocket customer = TestSocket.connect(this.port, this.call.inviteToken())) {
			String participant = join(customer);
			long joined = System.nanoTime();
			Elapsed.atLeast(joined, 2000);
			// an honest claim: as long as the test has seen pass since its join was answered
			long claimed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - joined);
			customer.send(report("{\"join_click\":100,\"join_sent\":101,\"first_frame\":" + (101 + claimed) + "}"));
			customer.send("{\"type\":\"ping\"}").next("pong");
			this.sfu.mediaState(participant, "sub", MediaState.CONNECTED);

			JsonNode timing = awaitTiming();
			assertThat(timing.has("rejected")).as(timing.toString()).isFalse();
			assertThat(timing.get("connectMs").asDouble()).isEqualTo(claimed + 1.0);
			assertThat(timing.get("serverMs").asDouble()).isGreaterThanOrEqualTo(claimed);
		}
	}

	private String join(TestSocket customer) {
		return customer.send(this.call.join("customer-phone"))
			.next("joined")
			.get("participantId")
			.asString();
	}

	private static String report(String marks) {
		return "{\"type\":\"timings\",\"join\":1,\"outcome\":\"connected\",\"marks\":" + marks + "}";
	}

	private JsonNode awaitTiming() {
		await().atMost(Duration.ofSeconds(10)).until(() -> timings().size() == 1);
		return timings().get(0);
	}

	private JsonNode timings() {
		return new Http(this.port).getAsClient("/api/v1/calls/" + this.call.id()).json().get("timings");
	}

}
