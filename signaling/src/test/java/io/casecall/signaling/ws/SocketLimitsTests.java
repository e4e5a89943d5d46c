package io.casecall.signaling.ws;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.casecall.signaling.support.FakeSfuApp;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The socket's own limits against the real application (real Redis, real WebSocket clients, the
 * in-memory SFU): live sockets per seat and per call, pre-warmed media given back by sockets that
 * never join, and the pages allowed to open the socket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.sfu.type=fake", "casecall.signaling.prewarm-hold=1s",
				"casecall.signaling.heartbeat-interval=500ms", "casecall.signaling.max-sockets-per-call=3",
				"casecall.api.public-base-url=https://calls.example.com" })
@Import(TestApp.WithFakeSfu.class)
class SocketLimitsTests extends FakeSfuApp {

	private TestCall call;

	@BeforeEach
	void newCall() {
		this.call = TestCall.create(this.port);
	}

	@Test
	void aSeatHoldsOneSocketPlusOneReloadAndRefusesMoreUntilOneCloses() {
		try (TestSocket first = TestSocket.connect(this.port, this.call.inviteToken());
				TestSocket reload = TestSocket.connect(this.port, this.call.inviteToken())) {
			first.send(this.call.join("customer-phone")).next("joined");

			assertRefused(() -> TestSocket.connect(this.port, this.call.inviteToken()), 429, "too_many_connections");

			assertThat(reload.send(this.call.join("customer-phone")).next("joined").get("join").asInt()).isEqualTo(2);
			assertThat(first.next("error").get("code").asString()).isEqualTo("replaced");
			// the replaced socket's place is free again: the next reload gets in
			try (TestSocket again = TestSocket.connect(this.port, this.call.inviteToken())) {
				assertThat(again.send("{\"type\":\"ping\"}").next("pong")).isNotNull();
			}
		}
	}

	@Test
	void aCallHoldsAtMostItsConfiguredSockets() {
		try (TestSocket customer1 = TestSocket.connect(this.port, this.call.inviteToken());
				TestSocket customer2 = TestSocket.connect(this.port, this.call.inviteToken());
				TestSocket agent = TestSocket.connect(this.port, this.call.agentToken())) {
			assertRefused(() -> TestSocket.connect(this.port, this.call.agentToken()), 429, "too_many_connections");
			assertThat(agent.send(this.call.join("agent-desk")).next("joined")).isNotNull();
		}
	}

	@Test
	void aSocketThatNeverJoinsGivesItsPrewarmedMediaBackAndCanStillJoin() {
		String participant = participantOf(this.call.inviteToken());
		try (TestSocket idle = TestSocket.connect(this.port, this.call.inviteToken())) {
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(this.sfu.requests).contains("close " + participant));
			// the socket itself stays (it answers the server's pings), and its join prepares anew
			assertThat(idle.closed()).isFalse();
			long connects = this.sfu.requests.stream().filter(("connect " + participant)::equals).count();
			assertThat(idle.send(this.call.join("customer-phone")).next("joined")).isNotNull();
			assertThat(this.sfu.requests.stream().filter(("connect " + participant)::equals).count())
				.isEqualTo(connects + 1);
		}
	}

	@Test
	void aSocketClosedBeforeJoiningGivesItsPrewarmedMediaBackAtOnce() {
		String participant = participantOf(this.call.inviteToken());
		TestSocket socket = TestSocket.connect(this.port, this.call.inviteToken());
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.sfu.requests).contains("connect " + participant));
		socket.close();
		await().atMost(Duration.ofMillis(900))
			.untilAsserted(() -> assertThat(this.sfu.requests).contains("close " + participant));
	}

	@Test
	void pagesOfOtherOriginsAndTheNullOriginAreRefused() {
		assertRefused(() -> TestSocket.connectFrom(this.port, "https://evil.example", "casecall.v1",
				"token." + this.call.inviteToken()), 403, "origin_not_allowed");
		assertRefused(() -> TestSocket.connectFrom(this.port, "null", "casecall.v1", "token." + this.call.inviteToken()),
				403, "origin_not_allowed");

		try (TestSocket configured = TestSocket.connectFrom(this.port, "https://calls.example.com", "casecall.v1",
				"token." + this.call.inviteToken());
				TestSocket sameHost = TestSocket.connectFrom(this.port, "http://127.0.0.1:" + this.port, "casecall.v1",
						"token." + this.call.agentToken())) {
			assertThat(configured.send("{\"type\":\"ping\"}").next("pong")).isNotNull();
			assertThat(sameHost.send("{\"type\":\"ping\"}").next("pong")).isNotNull();
		}
	}

	private static void assertRefused(Runnable connect, int status, String code) {
		assertThatThrownBy(connect::run).isInstanceOfSatisfying(TestSocket.Refused.class, (refused) -> {
			assertThat(refused.status).isEqualTo(status);
			assertThat(refused.body).contains("\"code\":\"" + code + "\"");
		});
	}

	private static String participantOf(String token) {
		String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
				java.nio.charset.StandardCharsets.UTF_8);
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(payload).get("sub").asString();
	}

}
