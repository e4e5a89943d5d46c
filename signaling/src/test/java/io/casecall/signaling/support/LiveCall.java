package io.casecall.signaling.support;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * A call created through the API with its agent and customer in two real Chromium pages, both
 * decoding each other's video; and the measure of how long the video takes to come back after a
 * fault (fault drills: {@code docs/benchmarks.md}).
 */
public final class LiveCall {

	private static final Duration MEDIA = Duration.ofSeconds(30);

	private final String id;

	private final Browser agent;

	private final Browser customer;

	private LiveCall(String id, Browser agent, Browser customer) {
		this.id = id;
		this.agent = agent;
		this.customer = customer;
	}

	/** Creates a call on the app at {@code port}: agent waiting, customer joined, video both ways. */
	public static LiveCall start(int port, Browser agent, Browser customer) {
		return start(port, port, agent, customer, "CASE-");
	}

	/**
	 * The same, with the customer's page opened through {@code customerPort} (the app's, or a
	 * balancer or link in front of it) and the case id starting with {@code casePrefix}.
	 */
	public static LiveCall start(int port, int customerPort, Browser agent, Browser customer, String casePrefix) {
		JsonNode created = create(port, casePrefix);
		LiveCall call = new LiveCall(created.get("callId").asString(), agent, customer);
		agent.get(local(created.get("agentJoinUrl").asString(), port));
		awaitState(agent, "waiting");
		customer.get(local(created.get("customerInviteUrl").asString(), customerPort));
		awaitState(customer, "ready");
		await().atMost(MEDIA).until(() -> Boolean.TRUE.equals(customer.script("return window.casecall.prewarmed()")));
		customer.driver().findElement(By.cssSelector("[data-testid=join]")).click();
		await().atMost(MEDIA).until(() -> customer.videoFlowing() && agent.videoFlowing());
		return call;
	}

	/** Only the agent's page: a call waiting for its customer (its room is claimed by the agent's join). */
	public static String waiting(int port, Browser agent) {
		JsonNode created = create(port, "CASE-");
		agent.get(local(created.get("agentJoinUrl").asString(), port));
		awaitState(agent, "waiting");
		return created.get("callId").asString();
	}

	private static JsonNode create(int port, String casePrefix) {
		return new Http(port).postJson("/api/v1/calls", """
				{"caseId":"%s%s","reason":"Parcel lost in transit",
				 "customer":{"displayName":"Ana","locale":"en"},"agent":{"id":"agent-9","displayName":"Sam"}}"""
			.formatted(casePrefix, UUID.randomUUID().toString().substring(0, 8))).json();
	}

	public String id() {
		return this.id;
	}

	/**
	 * Waits until both pages decode video again, polling every 50 ms (each poll looks at a 300 ms
	 * window of frames); returns when that was seen on each page, in ms after {@code fromNanos}
	 * ({@link System#nanoTime()}): customer page first, then the agent's.
	 */
	public long[] awaitVideoBack(long fromNanos, Duration within) {
		long[] back = new long[2];
		await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
			if (back[0] == 0 && this.customer.videoFlowing()) {
				back[0] = System.nanoTime();
			}
			if (back[1] == 0 && this.agent.videoFlowing()) {
				back[1] = System.nanoTime();
			}
			return back[0] != 0 && back[1] != 0;
		});
		return new long[] { (back[0] - fromNanos) / 1_000_000, (back[1] - fromNanos) / 1_000_000 };
	}

	/** Waits until both pages show the call as {@code connected} (an error names the states they show). */
	public void awaitConnected(Duration within) {
		try {
			await().atMost(within).until(() -> "connected".equals(this.customer.callState())
					&& "connected".equals(this.agent.callState()));
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("customer page " + this.customer.callState() + ", agent page "
					+ this.agent.callState() + "; customer console:\n" + this.customer.consoleLog()
					+ "\nagent console:\n" + this.agent.consoleLog(), ex);
		}
	}

	/** Waits until the page's call state is {@code expected} (an error shows its state and console). */
	public static void awaitState(Browser browser, String expected) {
		try {
			await().atMost(MEDIA).until(() -> expected.equals(browser.callState()));
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("state " + browser.callState() + ", not " + expected + "; console:\n"
					+ browser.consoleLog(), ex);
		}
	}

	/** The link as the browser here must open it: the test app's random port, or a path to it. */
	public static String local(String url, int port) {
		URI uri = URI.create(url);
		return "http://localhost:" + port + uri.getRawPath() + "#" + uri.getRawFragment();
	}

}
