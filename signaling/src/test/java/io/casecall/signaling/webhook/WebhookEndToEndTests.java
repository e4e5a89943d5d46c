package io.casecall.signaling.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.LiveCall;
import io.casecall.signaling.support.TestApp;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The case system hears about a call made by people: the agent and the customer in two real
 * headless Chromium browsers, media through the real Janus, and a receiver that verifies every
 * webhook's signature on its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookEndToEndTests {

	private static final Duration MEDIA = Duration.ofSeconds(20);

	static final String SECRET = WebhookTestSupport.newSecret();

	static final WebhookReceiver crm = new WebhookReceiver(SECRET);

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
		List<String> properties = WebhookTestSupport.fastQueue(WebhookTestSupport.keyPrefix());
		properties.addAll(WebhookTestSupport.endpoint(0, "crm", crm.url(), SECRET));
		for (String property : properties) {
			String[] pair = property.split("=", 2);
			registry.add(pair[0], () -> pair[1]);
		}
	}

	@AfterAll
	static void stopReceiver() {
		crm.close();
	}

	@Test
	void theCaseSystemReceivesTheVerifiedEventsOfACallMadeInTheBrowsers() {
		JsonNode created = new Http(this.port).postJson("/api/v1/calls", """
				{"caseId":"CASE-WH-E2E","customer":{"displayName":"Li Wei","locale":"en"},
				 "agent":{"id":"agent-7","displayName":"Maria"}}""").json();
		String callId = created.get("callId").asString();
		try (Browser agent = Browser.open(1280, 800); Browser customer = Browser.open(1280, 800)) {
			agent.get(LiveCall.local(created.get("agentJoinUrl").asString(), this.port));
			LiveCall.awaitState(agent, "waiting");
			customer.get(LiveCall.local(created.get("customerInviteUrl").asString(), this.port));
			LiveCall.awaitState(customer, "ready");
			customer.driver().findElement(By.cssSelector("[data-testid=join]")).click();
			await().atMost(MEDIA).until(() -> "connected".equals(customer.callState()) && "connected".equals(agent.callState()));

			new Select(agent.driver().findElement(By.cssSelector("[data-testid=end-outcome]")))
				.selectByValue("claim_filed");
			agent.driver().findElement(By.cssSelector("[data-testid=end-note]")).sendKeys("Carrier claim opened");
			agent.driver().findElement(By.cssSelector("[data-testid=end-call]")).click();
			LiveCall.awaitState(agent, "ended");
		}

		await().atMost(Duration.ofSeconds(15)).until(() -> accepted(callId).size() == 4);
		Map<String, JsonNode> events = accepted(callId);
		assertThat(events).containsOnlyKeys("call.created", "call.waiting", "call.connected", "call.ended");
		JsonNode record = new Http(this.port).getAsClient("/api/v1/calls/" + callId).json();
		assertThat(Instant.parse(events.get("call.connected").get("data").get("connectedAt").asString()))
			.isEqualTo(Instant.parse(record.get("connectedAt").asString()));
		JsonNode ended = events.get("call.ended").get("data");
		assertThat(ended.get("outcome").asString()).isEqualTo("claim_filed");
		assertThat(ended.get("note").asString()).isEqualTo("Carrier claim opened");
		assertThat(ended.get("caseId").asString()).isEqualTo("CASE-WH-E2E");
		assertThat(ended.get("durations").get("connectedSeconds").asDouble()).isPositive();
	}

	/** The accepted events of a call by type (an attempt retried after a failure counts once). */
	private static Map<String, JsonNode> accepted(String callId) {
		return crm.received(callId)
			.stream()
			.filter((r) -> r.answered() == 200)
			.collect(Collectors.toMap(WebhookReceiver.Received::type, WebhookReceiver.Received::json,
					(first, again) -> first));
	}

}
