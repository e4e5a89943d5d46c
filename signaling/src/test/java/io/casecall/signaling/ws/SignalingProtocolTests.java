package io.casecall.signaling.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.SfuListener.MediaState;
import io.casecall.signaling.support.Elapsed;
import io.casecall.signaling.support.FakeSfuGateway;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.FakeSfuApp;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestSocket;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The signaling protocol against the real application (real Redis, real WebSocket clients),
 * with the in-memory SFU: every kind of bad input gets its typed error and close code, and other
 * calls keep working. Media through the real Janus is covered by the browser tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.sfu.type=fake", "casecall.signaling.timing-tolerance=1s" })
@Import(TestApp.WithFakeSfu.class)
class SignalingProtocolTests extends FakeSfuApp {

	static final String SDP = "v=0\r\no=- 4 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
			+ "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendrecv\r\n";

	@Autowired
	MeterRegistry meters;

	private Call call;

	/** A call's id and tokens. */
	record Call(String id, String agentToken, String inviteToken) {
	}

	@BeforeEach
	void newCall() {
		this.call = createCall();
	}

	@Test
	void refusesTheUpgradeWithoutTheProtocolOrAValidToken() {
		assertRefused(() -> TestSocket.connect(this.port), 400, "protocol_missing");
		assertRefused(() -> TestSocket.connect(this.port, new String[] { "casecall.v1" }), 400, "protocol_missing");
		assertRefused(() -> TestSocket.connect(this.port, "garbage"), 401, "token_malformed");
		assertRefused(() -> TestSocket.connect(this.port, this.call.agentToken().replace('.', '_') + ".x.y"), 401,
				"token_malformed");

		new Http(this.port).postJson("/api/v1/calls/" + this.call.id() + "/end", "{}");
		assertRefused(() -> TestSocket.connect(this.port, this.call.inviteToken()), 403, "token_revoked");
		assertThat(this.sfu.requests).noneMatch((request) -> request.contains(this.call.id()));
	}

	@Test
	void joinsAnswersOffersAndAnswersPings() {
		try (TestSocket agent = TestSocket.connect(this.port, this.call.agentToken())) {
			assertThat(agent.protocol()).isEqualTo("casecall.v1");

			JsonNode joined = agent.send(join("agent-device-1")).next();
			agent.send("{\"type\":\"offer\",\"pc\":\"pub\",\"sdp\":" + quote(SDP) + "}");
			JsonNode answer = agent.next();
			JsonNode pong = agent.send("{\"type\":\"ping\",\"ts\":42.5}").next();

			assertThat(joined.get("type").asString()).isEqualTo("joined");
			assertThat(joined.get("role").asString()).isEqualTo("agent");
			assertThat(joined.get("status").asString()).isEqualTo("waiting");
			assertThat(joined.get("join").asInt()).isEqualTo(1);
			assertThat(joined.get("clientOffers").asBoolean()).isTrue();
			assertThat(joined.get("participants").get(0).get("role").asString()).isEqualTo("customer");
			assertThat(answer.get("type").asString()).isEqualTo("answer");
			assertThat(answer.get("pc").asString()).isEqualTo("pub");
			assertThat(answer.get("sdp").asString()).isEqualTo(FakeSfuGateway.ANSWER);
			assertThat(pong.get("type").asString()).isEqualTo("pong");
			assertThat(pong.get("ts").asDouble()).isEqualTo(42.5);
		}
	}

	@Test
	void relaysTheOtherSidesArrivalMuteAndDeparture() {
		try (TestSocket agent = TestSocket.connect(this.port, this.call.agentToken());
				TestSocket customer = TestSocket.connect(this.port, this.call.inviteToken())) {
			agent.send(join("agent-device-1")).next("joined");
			customer.send(join("customer-device-1")).next("joined");

			JsonNode arrived = agent.next("participant-joined");
			JsonNode connected = agent.next("call-status");
			customer.send("{\"type\":\"media\",\"audio\":false,\"video\":true}");
			JsonNode muted = agent.next("participant-media");
			customer.send("{\"type\":\"leave\"}");
			JsonNode left = agent.next("participant-left");

			assertThat(arrived.get("role").asString()).isEqualTo("customer");
			assertThat(arrived.get("displayName").asString()).isEqualTo("Li Wei");
			assertThat(connected.get("status").asString()).isEqualTo("connected");
			assertThat(muted.get("audio").asBoolean()).isFalse();
			assertThat(muted.get("video").asBoolean()).isTrue();
			assertThat(left.get("role").asString()).isEqualTo("customer");
			assertThat(customer.closeCode()).isEqualTo(1000);
		}
	}

	@Test
	void answersBadMessagesWithTypedErrorsAndKeepsTheSession() {
		try (TestSocket agent = TestSocket.connect(this.port, this.call.agentToken())) {
			assertError(agent.send("{not json"), "bad_message", false);
			assertError(agent.send("[1,2,3]"), "bad_message", false);
			assertError(agent.send("{\"kind\":\"join\"}"), "bad_message", false);
			assertError(agent.send("{\"type\":\"teleport\"}"), "unknown_type", false);
			assertError(agent.send("{\"type\":\"offer\",\"pc\":\"pub\",\"sdp\":" + quote(SDP) + "}"), "not_joined",
					false);
			assertError(agent.send("{\"type\":\"join\",\"callId\":\"" + this.call.id() + "\"}"), "invalid_field",
					false);
			agent.send(join("agent-device-1")).next("joined");
			assertError(agent.send(join("agent-device-1")), "already_joined", false);
			assertThat(agent.send("{\"type\":\"ping\"}").next().get("type").asString()).isEqualTo("pong");
			assertThat(agent.closed()).isFalse();
		}
	}

	@Test
	void answersBadMediaMessagesWithTypedErrors() {
		try (TestSocket agent = TestSocket.connect(this.port, this.call.agentToken())) {
			agent.send(join("agent-device-1")).next("joined");
			assertError(agent.send("{\"type\":\"offer\",\"sdp\":" + quote(SDP) + "}"), "invalid_field", false);
			assertError(agent.send("{\"type\":\"offer\",\"pc\":\"pub\",\"sdp\":\"hello\"}"), "invalid_sdp", false);
			assertError(agent.send("{\"type\":\"answer\",\"pc\":\"sub\",\"sdp\":\"v=0\\r\\nno media\"}"), "invalid_sdp",
					false);
			assertError(agent.send("{\"type\":\"candidate\",\"pc\":\"pub\",\"candidate\":{\"candidate\":\"rm -rf\"}}"),
					"invalid_field", false);
			assertError(agent.send("{\"type\":\"media\",\"audio\":\"yes\",\"video\":true}"), "invalid_field", false);

			JsonNode pong = agent.send("{\"type\":\"ping\"}").next();
			assertThat(pong.get("type").asString()).isEqualTo("pong");
			assertThat(agent.closed()).isFalse();
		}
	}

	@Test
	void onlyTheAgentEndsTheCallAndBothSidesAreTold() {
		try (TestSocket agent = TestSocket.connect(this.port, this.call.agentToken());
				TestSocket customer = TestSocket.connect(this.port, this.call.inviteToken())) {
			agent.send(join("agent-device-1")).next("joined");
			customer.send(join("customer-device-1")).next("joined");

			assertError(customer.send("{\"type\":\"end\",\"outcome\":\"refunded\"}"), "forbidden", false);
			agent.send("{\"type\":\"end\",\"outcome\":\"reshipped\",\"note\":\"New parcel sent today\"}");

			assertThat(customer.next("call-ended").get("reason").asString()).isEqualTo("agent_ended");
			assertThat(customer.closeCode()).isEqualTo(4410);
			assertThat(agent.next("call-ended").get("outcome").asString()).isEqualTo("reshipped");
			assertThat(agent.closeCode()).isEqualTo(4410);
			JsonNode record = new Http(this.port).getAsClient("/api/v1/calls/" + this.call.id()).json();
			assertThat(record.get("status").asString()).isEqualTo("ended");
			assertThat(record.get("note").asString()).isEqualTo("New parcel sent today");
			await().untilAsserted(() -> assertThat(this.sfu.requests).anyMatch((r) -> r.startsWith("release ")));
		}
	}

	@Test
	void asksTheSfuForKeyframesForAJoinedPageOnlyAndRefusesThemBeforeTheJoin() {
		try (TestSocket customer = TestSocket.connect(this.port, this.call.inviteToken())) {
			assertError(customer.send("{\"type\":\"keyframe\"}"), "not_joined", false);
			String customerId = customer.send(join("customer-device-1")).next("joined").get("participantId").asString();
			assertThat(this.sfu.requests).doesNotContain("keyframes " + customerId);

			customer.send("{\"type\":\"keyframe\"}");

			await().untilAsserted(() -> assertThat(this.sfu.requests).contains("keyframes " + customerId));
			customer.send("{\"type\":\"ping\",\"ts\":1}").next("pong"); // the socket goes on
		}
	}

	@Test
	void asksTheOtherPageForAKeyframeWhereTheSfuCannotAskItsBrowser() {
		try (TestSocket janusAgent = TestSocket.connect(this.port, this.call.agentToken());
				TestSocket janusCustomer = TestSocket.connect(this.port, this.call.inviteToken())) {
			janusAgent.send(join("agent-device-1")).next("joined");
			String janusCustomerId = janusCustomer.send(join("customer-device-1")).next("joined").get("participantId").asString();
			this.sfu.serverOffers = true; // the next call's participants play Jitsi Videobridge
			try {
				Call bridged = createCall();
				try (TestSocket agent = TestSocket.connect(this.port, bridged.agentToken());
						TestSocket customer = TestSocket.connect(this.port, bridged.inviteToken())) {
					agent.send(join(bridged.id(), "agent-device-2")).next("joined");
					customer.send(join(bridged.id(), "customer-device-2")).next("joined");

					janusCustomer.send("{\"type\":\"keyframe\"}");
					customer.send("{\"type\":\"keyframe\"}");

					agent.next("keyframe"); // the bridge cannot ask the agent's browser: its page is asked
					await().untilAsserted(() -> assertThat(this.sfu.requests).contains("keyframes " + janusCustomerId));
					// (a relay for the Janus call would have gone out before the bridged call's)
					janusAgent.send("{\"type\":\"ping\",\"ts\":1}");
					assertThat(typesUntilPong(janusAgent)).as("Janus asks the agent's browser itself").doesNotContain("keyframe");
					customer.send("{\"type\":\"ping\",\"ts\":2}");
					assertThat(typesUntilPong(customer)).as("not the page that asked").doesNotContain("keyframe");
				}
			}
			finally {
				this.sfu.serverOffers = false;
			}
		}
	}

	/** The types of the messages a socket got up to the next {@code pong}. */
	private static List<String> typesUntilPong(TestSocket socket) {
		List<String> types = new ArrayList<>();
		for (String type = ""; !type.equals("pong"); types.add(type)) {
			type = socket.next().get("type").asString();
		}
		return types;
	}

	@Test
	void closesASocketThatNamesAnotherCall() {
		Call other = createCall();
		try (TestSocket agent = TestSocket.connect(this.port, this.call.agentToken())) {
			assertError(agent.send("{\"type\":\"join\",\"callId\":\"" + other.id() + "\",\"device\":\"agent-device-1\"}"),
					"wrong_call", true);
			assertThat(agent.closeCode()).isEqualTo(4403);
		}
	}

	@Test
	void closesASocketThatSendsAMessageOver64KiB() {
		try (TestSocket agent = TestSocket.connect(this.port, this.call.agentToken())) {
			agent.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");

			assertThat(agent.next().get("code").asString()).isEqualTo("message_too_large");
			assertThat(agent.closeCode()).isEqualTo(1009);
		}
	}

	@Test
	void closesASocketThatFloodsAndOtherCallsKeepWorking() {
		Call other = createCall();
		try (TestSocket flooder = TestSocket.connect(this.port, this.call.agentToken());
				TestSocket bystander = TestSocket.connect(this.port, other.agentToken())) {
			for (int i = 0; i < 150 && !flooder.closed(); i++) {
				flooder.send("{\"type\":\"ping\",\"ts\":" + i + "}");
			}

			assertThat(flooder.next("error").get("code").asString()).isEqualTo("rate_limited");
			assertThat(flooder.closeCode()).isEqualTo(4429);
			assertThat(bystander.send(join(other.id(), "agent-device-2")).next().get("type").asString())
				.isEqualTo("joined");
			assertThat(bystander.send("{\"type\":\"ping\"}").next().get("type").asString()).isEqualTo("pong");
		}
	}

	@Test
	void closesASocketAfterTooManyProtocolErrors() {
		try (TestSocket agent = TestSocket.connect(this.port, this.call.agentToken())) {
			for (int i = 0; i < 10; i++) {
				agent.send("{garbage");
			}

			assertThat(agent.closeCode()).isEqualTo(4400);
		}
	}

	@Test
	void refusesASecondDeviceAndLetsTheSameDeviceTakeOver() {
		try (TestSocket first = TestSocket.connect(this.port, this.call.inviteToken());
				TestSocket otherDevice = TestSocket.connect(this.port, this.call.inviteToken())) {
			first.send(join("customer-phone")).next("joined");

			assertError(otherDevice.send(join("customer-laptop")), "seat_taken", true);
			assertThat(otherDevice.closeCode()).isEqualTo(4409);

			try (TestSocket reload = TestSocket.connect(this.port, this.call.inviteToken())) {
				assertThat(reload.send(join("customer-phone")).next("joined").get("join").asInt()).isEqualTo(2);
				assertThat(first.next("error").get("code").asString()).isEqualTo("replaced");
				assertThat(first.closeCode()).isEqualTo(4409);
			}
		}
	}

	@Test
	void acceptsOneBelievableTimingReportPerJoinAndDropsTheRest() {
		try (TestSocket customer = TestSocket.connect(this.port, this.call.inviteToken())) {
			String customerId = customer.send(join("customer-device-1")).next("joined").get("participantId").asString();
			long joined = System.nanoTime();
			this.sfu.mediaState(customerId, "sub", MediaState.CONNECTED);
			double dropped = dropped();
			Elapsed.atLeast(joined, 239);

			customer.send(timings(2, "connected", "{\"join_click\":100,\"first_frame\":350}"));
			customer.send(timings(1, "connected", "{\"join_click\":100,\"teleported\":120,\"first_frame\":350}"));
			customer.send(timings(1, "connected", "{\"join_click\":100,\"join_ack\":90,\"first_frame\":350}"));
			customer.send(timings(1, "connected", "{\"join_click\":-5,\"first_frame\":350}"));
			customer.send(timings(1, "connected", "{\"join_click\":100,\"join_ack\":150}"));
			customer.send(timings(1, "connected",
					"{\"page_ready\":10,\"ws_open\":40,\"join_click\":100,\"join_sent\":101,\"join_ack\":110,"
							+ "\"ice_connected\":180,\"dtls_connected\":230,\"first_frame\":340}"));
			customer.send(timings(1, "connected", "{\"join_click\":100,\"first_frame\":101}"));
			customer.send(timings(1, "connected", "{\"join_click\":100,\"first_frame\":700101}"));
			customer.send("{\"type\":\"ping\"}").next("pong");

			await().untilAsserted(() -> assertThat(dropped() - dropped).isEqualTo(7));
			JsonNode timing = new Http(this.port).getAsClient("/api/v1/calls/" + this.call.id())
				.json()
				.get("timings");
			assertThat(timing).hasSize(1);
			assertThat(timing.get(0).get("role").asString()).isEqualTo("customer");
			assertThat(timing.get(0).get("connectMs").asDouble()).isEqualTo(240.0);
			assertThat(timing.get(0).get("marks").get("dtls_connected").asDouble()).isEqualTo(230.0);
		}
	}

	@Test
	void infersAMissingOutcomeAndKeepsReconnectReportsOutOfTheIndicator() {
		try (TestSocket agent = TestSocket.connect(this.port, this.call.agentToken())) {
			String agentId = agent.send(join("agent-device-1")).next("joined").get("participantId").asString();
			long joined = System.nanoTime();
			this.sfu.mediaState(agentId, "pub", MediaState.CONNECTED);
			Elapsed.atLeast(joined, 250);
			agent.send("{\"type\":\"timings\",\"join\":1,\"marks\":{\"join_sent\":50,\"media_published\":300}}");
			agent.send("{\"type\":\"ping\"}").next("pong");
		}
		try (TestSocket customer = TestSocket.connect(this.port, this.call.inviteToken())) {
			String customerId = customer.send(join("customer-device-1")).next("joined").get("participantId").asString();
			long joined = System.nanoTime();
			this.sfu.mediaState(customerId, "sub", MediaState.CONNECTED);
			Elapsed.atLeast(joined, 300);
			customer.send("{\"type\":\"timings\",\"join\":1,\"reconnect\":true,\"outcome\":\"connected\","
					+ "\"marks\":{\"join_sent\":5000,\"first_frame\":5300}}");
			customer.send("{\"type\":\"ping\"}").next("pong");
		}

		await().untilAsserted(() -> assertThat(new Http(this.port).getAsClient("/api/v1/calls/" + this.call.id())
			.json()
			.get("timings")).hasSize(2));
		JsonNode timings = new Http(this.port).getAsClient("/api/v1/calls/" + this.call.id()).json().get("timings");
		assertThat(timings.get(0).get("role").asString()).isEqualTo("agent");
		assertThat(timings.get(0).get("outcome").asString()).isEqualTo("connected");
		assertThat(timings.get(0).get("connectMs").asDouble()).isEqualTo(300.0);
		assertThat(timings.get(1).get("reconnect").asBoolean()).isTrue();
		assertThat(timings.get(1).has("connectMs")).isFalse();
	}

	private double dropped() {
		return this.meters.find("casecall.timing.reports.dropped").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	private Call createCall() {
		JsonNode created = new Http(this.port)
			.postJson("/api/v1/calls", "{\"caseId\":\"CASE-" + UUID.randomUUID().toString().substring(0, 8)
					+ "\",\"customer\":{\"displayName\":\"Li Wei\",\"locale\":\"zh-CN\"}}")
			.json();
		return new Call(created.get("callId").asString(), token(created.get("agentJoinUrl").asString()),
				token(created.get("customerInviteUrl").asString()));
	}

	private String join(String device) {
		return join(this.call.id(), device);
	}

	private static String join(String callId, String device) {
		return "{\"type\":\"join\",\"callId\":\"" + callId + "\",\"device\":\"" + device + "\"}";
	}

	private static String timings(int join, String outcome, String marks) {
		return "{\"type\":\"timings\",\"join\":" + join + ",\"outcome\":\"" + outcome + "\",\"marks\":" + marks + "}";
	}

	private static void assertError(TestSocket socket, String code, boolean fatal) {
		JsonNode error = socket.next("error");
		assertThat(error.get("type").asString()).as(error.toString()).isEqualTo("error");
		assertThat(error.get("code").asString()).isEqualTo(code);
		assertThat(error.get("fatal").asBoolean()).isEqualTo(fatal);
		assertThat(error.get("message").asString()).isNotBlank();
	}

	private static void assertRefused(Runnable connect, int status, String code) {
		assertThatThrownBy(connect::run).isInstanceOfSatisfying(TestSocket.Refused.class, (refused) -> {
			assertThat(refused.status).isEqualTo(status);
			assertThat(refused.body).contains("\"code\":\"" + code + "\"");
		});
	}

	private static String token(String url) {
		return url.substring(url.indexOf("#token=") + "#token=".length());
	}

	private static String quote(String text) {
		return "\"" + text.replace("\r", "\\r").replace("\n", "\\n") + "\"";
	}

}
