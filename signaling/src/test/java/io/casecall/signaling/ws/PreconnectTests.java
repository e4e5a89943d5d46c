package io.casecall.signaling.ws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuListener.MediaState;
import io.casecall.room.sfu.SfuListener.OfferHints;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.FakeSfuApp;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestSocket;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code preconnect} (docs/protocol.md, "Pre-connection"): a customer's page connects its media
 * while it shows the preview, the SFU holding it; the join resumes it. Bad uses get typed errors;
 * an SFU that cannot hold, and a page given back for idleness, fall back to the join's path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.sfu.type=fake", "casecall.signaling.prewarm-hold=2s", "casecall.signaling.preconnect-hold=2s",
				"casecall.signaling.heartbeat-interval=1s" })
@Import(TestApp.WithFakeSfu.class)
class PreconnectTests extends FakeSfuApp {

	private static final String OFFER = "v=0\r\no=- 7 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

	private static final String ANSWER = "{\"type\":\"answer\",\"pc\":\"sub-1\",\"sdp\":"
			+ JsonMapper.builder().build().writeValueAsString(SignalingProtocolTests.SDP) + "}";

	private static final String PUBLISH = "{\"type\":\"offer\",\"pc\":\"pub\",\"sdp\":"
			+ JsonMapper.builder().build().writeValueAsString(SignalingProtocolTests.SDP) + "}";

	private static final String CANDIDATE = "{\"type\":\"candidate\",\"pc\":\"sub-1\",\"candidate\":null}";

	private JsonNode call;

	@BeforeEach
	void newCall() {
		this.sfu.serverOffers = false;
		this.sfu.holds = true;
		this.call = new Http(this.port)
			.postJson("/api/v1/calls", "{\"caseId\":\"CASE-" + UUID.randomUUID().toString().substring(0, 8) + "\"}")
			.json();
	}

	@Test
	void aPreconnectedCustomerGetsItsOffersBeforeTheJoinAndTheJoinResumesItsMedia() {
		String token = token("customerInviteUrl");
		String customer = PreJoinMessagesTests.subjectOf(token);
		try (TestSocket socket = preconnected(token, customer)) {
			this.sfu.play(customer, (listener) -> {
				listener.onOffer("sub-1", OFFER, new OfferHints(false, "agent-1"));
				listener.onCandidate("sub-1", IceCandidate.endOfCandidates());
			});

			JsonNode offer = socket.next();
			JsonNode candidate = socket.next();
			socket.send(ANSWER).send(CANDIDATE);
			await().until(() -> this.sfu.requests.contains("answer " + customer + " sub-1")
					&& this.sfu.requests.contains("candidate " + customer + " sub-1"));
			assertThat(this.sfu.requests).doesNotContain("resume " + customer);

			socket.send(join("customer-device-pre"));
			JsonNode joined = socket.next("joined");

			assertThat(offer.get("type").asString()).isEqualTo("offer");
			assertThat(offer.get("pc").asString()).isEqualTo("sub-1");
			assertThat(candidate.get("type").asString()).isEqualTo("candidate");
			assertThat(joined.get("role").asString()).isEqualTo("customer");
			await().until(() -> this.sfu.requests.contains("resume " + customer));
			assertThat(this.sfu.requests.indexOf("hold " + customer))
				.isLessThan(this.sfu.requests.indexOf("answer " + customer + " sub-1"));
		}
	}

	@Test
	void aPreconnectedJoinWhoseMediaWasUpBeforeTheClickIsBelievedAndKeptWithItsPreMarks() {
		String token = token("customerInviteUrl");
		String customer = PreJoinMessagesTests.subjectOf(token);
		try (TestSocket socket = preconnected(token, customer)) {
			this.sfu.play(customer, (listener) -> listener.onOffer("sub-1", OFFER, new OfferHints(false, "agent-1")));
			socket.next("offer");
			socket.send(ANSWER);
			this.sfu.mediaState(customer, "sub-1", MediaState.CONNECTED); // Janus webrtcup, before the click
			assertThat(socket.next("media-state").get("state").asString()).isEqualTo("connected");

			socket.send(join("customer-device-report")).next("joined");
			socket.send("{\"type\":\"timings\",\"join\":1,\"outcome\":\"connected\",\"preconnected\":true,"
					+ "\"marks\":{\"ws_open\":10,\"preconnect_sent\":11,\"pre_ice_connected\":60,"
					+ "\"pre_dtls_connected\":90,\"join_click\":5000,\"join_sent\":5001,\"join_ack\":5003,"
					+ "\"first_frame\":5040}}");

			Http http = new Http(this.port);
			String path = "/api/v1/calls/" + this.call.get("callId").asString();
			await().until(() -> http.getAsClient(path).json().get("timings").size() == 1);
			JsonNode timing = http.getAsClient(path).json().get("timings").get(0);
			assertThat(timing.has("rejected")).as(timing.toString()).isFalse();
			assertThat(timing.get("preconnected").asBoolean()).isTrue();
			assertThat(timing.get("connectMs").asDouble()).isEqualTo(40.0);
			assertThat(timing.get("serverMs").asDouble()).isZero(); // media was up at the join already
			assertThat(timing.get("marks").get("pre_dtls_connected").asDouble()).isEqualTo(90.0);
		}
	}

	@Test
	void refusesPreconnectTwiceAfterTheJoinAndFromTheAgent() {
		try (TestSocket customer = TestSocket.connect(this.port, token("customerInviteUrl"));
				TestSocket agent = TestSocket.connect(this.port, token("agentJoinUrl"))) {
			customer.send("{\"type\":\"preconnect\"}");
			assertError(customer.send("{\"type\":\"preconnect\"}"), "already_preconnected");
			customer.send(join("customer-device-twice")).next("joined");
			assertError(customer.send("{\"type\":\"preconnect\"}"), "already_joined");

			assertError(agent.send("{\"type\":\"preconnect\"}"), "forbidden");
			assertError(agent.send(ANSWER), "not_joined");
			assertThat(agent.send("{\"type\":\"ping\"}").next("pong")).isNotNull();
		}
	}

	@Test
	void anSfuThatCannotHoldKeepsTheOffersUntilJoined() {
		this.sfu.serverOffers = true; // plays Jitsi Videobridge: offers at the pre-warm, holds nothing
		this.sfu.holds = false;
		String token = token("customerInviteUrl");
		String customer = PreJoinMessagesTests.subjectOf(token);
		try (TestSocket socket = TestSocket.connect(this.port, token)) {
			await().until(() -> this.sfu.requests.contains("start " + customer));
			socket.send("{\"type\":\"preconnect\"}");
			assertThat(socket.next("side-channel")).isNotNull();
			assertThat(socket.send("{\"type\":\"ping\"}").next().get("type").asString()).isEqualTo("pong");

			socket.send(join("customer-device-jvb"));
			List<String> types = new ArrayList<>();
			do {
				types.add(socket.next().get("type").asString());
			}
			while (!"offer".equals(types.get(types.size() - 1)));
			assertThat(types).containsSubsequence("joined", "offer");
			assertThat(this.sfu.requests).doesNotContain("hold " + customer, "resume " + customer);
		}
	}

	@Test
	void aPreconnectedPageLeftUnjoinedIsToldToCloseItsConnectionsAndStillJoins() {
		String token = token("customerInviteUrl");
		String customer = PreJoinMessagesTests.subjectOf(token);
		try (TestSocket socket = preconnected(token, customer)) {
			this.sfu.play(customer, (listener) -> listener.onOffer("sub-1", OFFER, new OfferHints(false, "agent-1")));
			assertThat(socket.next("offer").get("pc").asString()).isEqualTo("sub-1");

			// unjoined past preconnect-hold: everything given back, the page drops what it connected
			await().atMost(Duration.ofSeconds(10)).until(() -> this.sfu.requests.contains("close " + customer));
			assertThat(socket.next("pc-closed").get("pc").asString()).isEqualTo("sub-1");

			long connects = this.sfu.requests.stream().filter(("connect " + customer)::equals).count();
			assertThat(socket.send(join("customer-device-idle")).next("joined")).isNotNull();
			assertThat(this.sfu.requests.stream().filter(("connect " + customer)::equals).count())
				.isEqualTo(connects + 1);
			assertThat(this.sfu.requests.stream().filter(("resume " + customer)::equals)).isEmpty();
		}
	}

	@Test
	void aPreconnectedCustomerPublishesBeforeTheJoinAndAnOfferBeforeTheHoldIsRefused() {
		String token = token("customerInviteUrl");
		String customer = PreJoinMessagesTests.subjectOf(token);
		try (TestSocket early = TestSocket.connect(this.port, token)) {
			// not pre-connected (or not held yet): refused, the page puts its offer in 'join'
			JsonNode error = early.send(PUBLISH).next("error");
			assertThat(error.get("code").asString()).isEqualTo("not_joined");
			assertThat(error.get("ref").asString()).isEqualTo("offer");
		}
		try (TestSocket socket = preconnected(token, customer)) {
			JsonNode answer = socket.send(PUBLISH).next("answer");
			assertThat(answer.get("pc").asString()).isEqualTo("pub");
			assertThat(this.sfu.requests).contains("offer " + customer + " pub");
			assertThat(this.sfu.requests).doesNotContain("resume " + customer);

			socket.send(join("customer-device-publish")).next("joined");
			await().until(() -> this.sfu.requests.contains("resume " + customer));
			assertThat(this.sfu.requests.stream().filter(("offer " + customer + " pub")::equals)).hasSize(1);
		}
	}

	@Test
	void aPageThatPublishedBeforeTheJoinAndWasGivenBackIsToldToCloseItsPublisher() {
		String token = token("customerInviteUrl");
		String customer = PreJoinMessagesTests.subjectOf(token);
		try (TestSocket socket = preconnected(token, customer)) {
			socket.send(PUBLISH).next("answer");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.sfu.requests.contains("close " + customer));
			assertThat(socket.next("pc-closed").get("pc").asString()).isEqualTo("pub");
			assertError(socket.send(PUBLISH), "not_joined"); // nothing is held any more

			socket.send(join("customer-device-republish")).next("joined");
			assertThat(socket.send(PUBLISH).next("answer").get("pc").asString()).isEqualTo("pub");
		}
	}

	/** A customer's socket that sent {@code preconnect} once its participant started, held now. */
	private TestSocket preconnected(String token, String customer) {
		TestSocket socket = TestSocket.connect(this.port, token);
		await().until(() -> this.sfu.requests.contains("start " + customer));
		socket.send("{\"type\":\"preconnect\"}");
		await().until(() -> this.sfu.requests.contains("hold " + customer));
		return socket;
	}

	private String token(String link) {
		String url = this.call.get(link).asString();
		return url.substring(url.indexOf("#token=") + 7);
	}

	private String join(String device) {
		return "{\"type\":\"join\",\"callId\":\"" + this.call.get("callId").asString() + "\",\"device\":\"" + device
				+ "\"}";
	}

	private static void assertError(TestSocket socket, String code) {
		JsonNode error = socket.next("error");
		assertThat(error.get("code").asString()).isEqualTo(code);
		assertThat(error.get("fatal").asBoolean()).isFalse();
	}

}
