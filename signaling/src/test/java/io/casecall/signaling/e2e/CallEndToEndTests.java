package io.casecall.signaling.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.test.TestStack;
import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.LiveCall;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole product as its users meet it: the case system creates a call through the API, the
 * agent and the customer open their links in two real headless Chromium browsers, and talk
 * through the real Janus. Screenshots land in {@code signaling/target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CallEndToEndTests extends TwoBrowsers {

	@Test
	void agentAndCustomerSeeAndHearEachOtherThroughJanusAndTheCallIsRecorded() {
		Call call = createCall();

		agent.get(call.agentUrl());
		LiveCall.awaitState(agent, "waiting");
		assertThat(agent.driver().findElement(By.cssSelector("[data-testid=case-id]")).getText())
			.isEqualTo(call.caseId());
		assertThat(agent.driver().findElement(By.cssSelector("[data-testid=order-value]")).getText()).contains("129.50");
		assertThat(agent.driver().findElement(By.cssSelector("[data-testid=invite-link]")).getDomProperty("value"))
			.contains("/join#token=");

		customer.get(call.inviteUrl());
		LiveCall.awaitState(customer, "ready");
		await().atMost(MEDIA).until(() -> Boolean.TRUE.equals(customer.script("return window.casecall.prewarmed()")));
		assertThat(customer.script("return document.documentElement.lang")).isEqualTo("zh-CN");
		assertThat(customer.script("return location.hash")).isEqualTo("");
		customer.driver().findElement(By.cssSelector("[data-testid=join]")).click();

		await().atMost(MEDIA).untilAsserted(() -> {
			assertThat(stats(customer)).containsEntry("framesDecodedOk", true).containsEntry("audioOk", true);
			assertThat(stats(agent)).containsEntry("framesDecodedOk", true).containsEntry("audioOk", true);
		});
		assertThat(customer.callState()).isEqualTo("connected");
		assertThat(agent.callState()).isEqualTo("connected");
		Path agentShot = agent.screenshot("e2e-agent-in-call");
		Path customerShot = customer.screenshot("e2e-customer-in-call");

		JsonNode record = http().getAsClient("/api/v1/calls/" + call.id()).json();
		assertThat(record.get("status").asString()).isEqualTo("connected");
		assertThat(record.get("participants").get(0).get("present").asBoolean()).isTrue();
		assertThat(record.get("participants").get(1).get("present").asBoolean()).isTrue();
		try {
			await().atMost(MEDIA).untilAsserted(() -> assertThat(
					http().getAsClient("/api/v1/calls/" + call.id()).json().get("timings").valueStream()
						.anyMatch((t) -> "customer".equals(t.get("role").asString())
								&& "connected".equals(t.get("outcome").asString())))
				.isTrue());
		}
		catch (AssertionError | RuntimeException ex) {
			System.out.println("Customer console\n" + customer.consoleLog());
			throw new AssertionError("No connected customer timing on the call record. Customer sent "
					+ customer.script("return JSON.stringify(window.casecall.reports())") + "; the record has "
					+ http().getAsClient("/api/v1/calls/" + call.id()).json().get("timings"), ex);
		}
		JsonNode customerTiming = http().getAsClient("/api/v1/calls/" + call.id())
			.json()
			.get("timings")
			.valueStream()
			.filter((t) -> "customer".equals(t.get("role").asString()))
			.findFirst()
			.orElseThrow();
		System.out.printf("e2e customer connect time: %.0f ms (marks %s); screenshots %s, %s%n",
				customerTiming.get("connectMs").asDouble(), customerTiming.get("marks"), agentShot, customerShot);
		assertThat(customerTiming.get("connectMs").asDouble()).isPositive();
		// the report agreed with what the server saw: Janus's webrtcup for the customer came first
		// (before the join itself when the page pre-connected: serverMs 0)
		assertThat(customerTiming.has("rejected")).as(customerTiming.toString()).isFalse();
		assertThat(customerTiming.get("serverMs").asDouble()).isNotNegative()
			.isLessThanOrEqualTo(customerTiming.get("connectMs").asDouble() + 100);

		// the customer hangs up: the agent is told
		customer.driver().findElement(By.cssSelector("[data-testid=hang-up]")).click();
		await().atMost(MEDIA).untilAsserted(() -> assertThat(
				agent.driver().findElement(By.cssSelector("[data-testid=call-state]")).getText())
			.isEqualTo("The customer has left"));
		agent.screenshot("e2e-agent-customer-left");

		// the customer comes back, then the agent ends the call with an outcome and a note
		customer.get(call.inviteUrl());
		LiveCall.awaitState(customer, "ready");
		customer.driver().findElement(By.cssSelector("[data-testid=join]")).click();
		await().atMost(MEDIA).until(() -> "connected".equals(customer.callState()) && "connected".equals(agent.callState()));
		new Select(agent.driver().findElement(By.cssSelector("[data-testid=end-outcome]"))).selectByValue("reshipped");
		agent.driver().findElement(By.cssSelector("[data-testid=end-note]")).sendKeys("Replacement sent by express");
		agent.driver().findElement(By.cssSelector("[data-testid=end-call]")).click();

		await().atMost(MEDIA).until(() -> "ended".equals(customer.callState()) && "ended".equals(agent.callState()));
		await().atMost(MEDIA).until(() -> !customer.driver().findElements(By.cssSelector("[data-testid=end-view]")).isEmpty());
		customer.screenshot("e2e-customer-call-ended");
		agent.screenshot("e2e-agent-call-ended");
		JsonNode ended = http().getAsClient("/api/v1/calls/" + call.id()).json();
		assertThat(ended.get("status").asString()).isEqualTo("ended");
		assertThat(ended.get("endReason").asString()).isEqualTo("agent_ended");
		assertThat(ended.get("outcome").asString()).isEqualTo("reshipped");
		assertThat(ended.get("note").asString()).isEqualTo("Replacement sent by express");
		assertThat(ended.get("participants").get(1).get("joins").asInt()).isEqualTo(2);
		await().atMost(Duration.ofSeconds(10)).until(() -> !janusRoomExists(call.room()));
	}

	@Test
	void aGarbledOrEndedInviteShowsAFriendlyPage() {
		Call call = createCall();

		customer.get(call.inviteUrl().replace("#token=", "#token=x"));
		await().atMost(MEDIA).until(() -> !customer.driver().findElements(By.cssSelector("[data-testid=error-view]")).isEmpty());
		String garbled = customer.driver().findElement(By.cssSelector("[data-testid=error-view]")).getText();
		customer.screenshot("e2e-customer-garbled-link");

		http().postJson("/api/v1/calls/" + call.id() + "/end", "{}");
		customer.get("about:blank");
		customer.get(call.inviteUrl());
		await().atMost(MEDIA).until(() -> !customer.driver().findElements(By.cssSelector("[data-testid=error-view]")).isEmpty());
		String ended = customer.driver().findElement(By.cssSelector("[data-testid=error-view]")).getText();
		customer.screenshot("e2e-customer-ended-link");

		assertThat(garbled).isNotBlank().doesNotContain("token_");
		assertThat(ended).isNotBlank().isNotEqualTo(garbled);
	}

	private Call createCall() {
		String caseId = "CASE-" + UUID.randomUUID().toString().substring(0, 8);
		JsonNode created = http().postJson("/api/v1/calls", """
				{"caseId":"%s","reason":"Parcel lost in transit",
				 "orderValue":{"amount":129.50,"currency":"EUR"},
				 "customer":{"displayName":"Li Wei","locale":"zh-CN"},
				 "agent":{"id":"agent-7","displayName":"Maria"}}""".formatted(caseId)).json();
		String agentUrl = created.get("agentJoinUrl").asString();
		return new Call(created.get("callId").asString(), caseId, LiveCall.local(agentUrl, this.port),
				LiveCall.local(created.get("customerInviteUrl").asString(), this.port), roomOf(agentUrl));
	}

	/** The call's media room id: the {@code room} claim of its tokens (not part of the call record). */
	private static String roomOf(String url) {
		String payload = url.substring(url.indexOf("#token=") + 7).split("\\.")[1];
		return JsonMapper.builder()
			.build()
			.readTree(java.util.Base64.getUrlDecoder().decode(payload))
			.get("room")
			.asString();
	}

	private Http http() {
		return new Http(this.port);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> stats(Browser browser) {
		Map<String, Object> stats = (Map<String, Object>) browser.asyncScript(
				"const done = arguments[arguments.length - 1];"
						+ "window.casecall.stats().then((s) => done({framesDecodedOk: s.framesDecoded > 0,"
						+ " audioOk: s.audioPacketsReceived > 0, raw: s}), (e) => done({error: String(e)}));");
		return stats;
	}

	/** Asks Janus itself (Admin API, VideoRoom {@code exists}) whether the room is still there. */
	private static boolean janusRoomExists(String room) throws Exception {
		String body = "{\"janus\":\"message_plugin\",\"transaction\":\"e2e\",\"admin_secret\":\""
				+ TestStack.janusAdminSecret() + "\",\"plugin\":\"janus.plugin.videoroom\",\"request\":"
				+ "{\"request\":\"exists\",\"room\":\"" + room + "\"}}";
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + TestStack.janusAdminPort() + "/admin"))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode data = JsonMapper.builder().build().readTree(response.body()).get("response");
		return data.get("exists").asBoolean();
	}

	record Call(String id, String caseId, String agentUrl, String inviteUrl, String room) {
	}

}
