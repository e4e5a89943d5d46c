package io.casecall.signaling.support;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * A live call between two real browsers, as the end-to-end tests of connection trouble start it:
 * created through the API, the agent's page waiting, the customer's page pre-warmed and clicked,
 * video decoded on both.
 */
public final class BrowserCall {

	private static final Duration MEDIA = Duration.ofSeconds(30);

	private BrowserCall() {
	}

	/**
	 * @param port the app's port (the agent's page and the API)
	 * @param customerPort the port the customer's page is opened through (the app's, or a link to it)
	 * @return the call's id
	 */
	public static String start(Browser agent, Browser customer, int port, int customerPort, String casePrefix) {
		String caseId = casePrefix + UUID.randomUUID().toString().substring(0, 8);
		JsonNode created = new Http(port).postJson("/api/v1/calls", """
				{"caseId":"%s","reason":"Parcel lost in transit",
				 "customer":{"displayName":"Ana","locale":"en"},"agent":{"id":"agent-7","displayName":"Maria"}}"""
			.formatted(caseId)).json();
		agent.get(local(created.get("agentJoinUrl").asString(), port));
		await().atMost(MEDIA).until(() -> "waiting".equals(agent.callState()));
		customer.get(local(created.get("customerInviteUrl").asString(), customerPort));
		await().atMost(MEDIA).until(() -> "ready".equals(customer.callState()));
		await().atMost(MEDIA).until(() -> Boolean.TRUE.equals(customer.script("return window.casecall.prewarmed()")));
		customer.driver().findElement(By.cssSelector("[data-testid=join]")).click();
		await().atMost(MEDIA).until(() -> customer.videoFlowing() && agent.videoFlowing());
		return created.get("callId").asString();
	}

	/** The link as the browser here must open it: the test app's random port, or a path to it. */
	public static String local(String url, int port) {
		URI uri = URI.create(url);
		return "http://localhost:" + port + uri.getRawPath() + "#" + uri.getRawFragment();
	}

}
