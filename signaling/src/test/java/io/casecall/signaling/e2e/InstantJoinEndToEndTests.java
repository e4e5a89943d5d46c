package io.casecall.signaling.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.Http;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Instant join with consent (issue 12), in two real headless Chromium through the real Janus:
 * the customer's page connects its media while it shows the preview (the subscription to the
 * agent, and its own publishing connection, with no track attached, to which the agent's page
 * subscribes), and until the click no media reaches the customer's device and none leaves it
 * (getStats on both pages), the agent decodes nothing of the customer and does not see the
 * customer joined; after the click frames are decoded on both sides at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InstantJoinEndToEndTests extends TwoBrowsers {

	@Test
	void nothingFlowsEitherWayBeforeTheClickAndTheAgentIsSeenRightAfterIt() {
		String[] links = createCall(this.port);
		agent.get(links[0]);
		await().atMost(MEDIA).until(() -> "waiting".equals(agent.callState()));
		await().atMost(MEDIA).until(() -> number(stats(agent), "packetsSent") > 0); // the agent publishes

		customer.get(links[1]);
		// the customer's media transports are up (ICE and DTLS) before the click
		await().atMost(MEDIA)
			.until(() -> Boolean.TRUE.equals(customer.script("return 'pre_dtls_connected' in window.casecall.timings()")));
		assertThat(customer.callState()).isEqualTo("ready");
		// the customer's publisher is up too, and the agent's subscription to it (ICE and DTLS)
		awaitConnected(2, 2);
		// ... and carry nothing: no packet in, none out, on the customer's page, and none of the
		// customer's reaches the agent (checked over a second: getStats may answer from a cache)
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> {
			Map<String, Object> mine = stats(customer);
			return number(mine, "packetsReceived") == 0 && number(mine, "packetsSent") == 0
					&& number(mine, "framesDecoded") == 0 && number(stats(agent), "packetsReceived") == 0
					&& number(stats(agent), "framesDecoded") == 0;
		});
		// presence is by the seat: the agent still waits for the customer
		assertThat(agent.callState()).isEqualTo("waiting");
		customer.screenshot("instant-customer-preconnected");

		long clicked = System.nanoTime();
		customer.driver().findElement(By.cssSelector("[data-testid=join]")).click();
		await().atMost(MEDIA).until(() -> customer.framesDecoded() > 0);
		long firstFrameMs = Duration.ofNanos(System.nanoTime() - clicked).toMillis();
		await().atMost(MEDIA).until(() -> agent.framesDecoded() > 0); // the customer is seen too
		long agentSeesMs = Duration.ofNanos(System.nanoTime() - clicked).toMillis();
		await().atMost(MEDIA).until(() -> "connected".equals(customer.callState()));

		JsonNode timing = customerTiming(this.port, links[2]);
		System.out.printf("instant e2e: click -> frames decoded seen by the test %d ms (the agent's of the customer"
				+ " %d ms); report %s%n", firstFrameMs, agentSeesMs, timing);
		assertThat(firstFrameMs).isLessThan(MEDIA.toMillis());
		assertThat(timing.has("rejected")).as(timing.toString()).isFalse();
		assertThat(timing.get("preconnected").asBoolean()).as(timing.toString()).isTrue();
		JsonNode marks = timing.get("marks");
		assertThat(marks.get("pre_dtls_connected").asDouble()).isLessThan(marks.get("join_click").asDouble());
		assertThat(timing.get("connectMs").asDouble())
			.isEqualTo(marks.get("first_frame").asDouble() - marks.get("join_click").asDouble());
	}

	@Test
	void anAgentWhoReconnectsBeforeTheClickIsFollowedByTheHeldSubscriptionAndSeenAtTheClick() {
		String[] links = createCall(this.port);
		agent.get(links[0]);
		await().atMost(MEDIA).until(() -> "waiting".equals(agent.callState()));
		await().atMost(MEDIA).until(() -> number(stats(agent), "packetsSent") > 0);
		customer.get(links[1]);
		await().atMost(MEDIA).until(() -> connected(customer) == 2);
		Object before = customer.script("return [...window.casecall.call.peers.transports.keys()].sort().join()");

		agent.get(links[0]); // the agent reloads its page: a new participant, a new feed
		await().atMost(MEDIA).until(() -> "waiting".equals(agent.callState()));
		// the customer's held subscription follows the new feed (the old one closed), connected again
		await().atMost(MEDIA)
			.until(() -> !before.equals(customer.script("return [...window.casecall.call.peers.transports.keys()]"
					+ ".sort().join()")) && connected(customer) == 2);
		assertThat(customer.callState()).isEqualTo("ready");
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> {
			Map<String, Object> mine = stats(customer);
			return number(mine, "packetsReceived") == 0 && number(mine, "packetsSent") == 0;
		});

		long clicked = System.nanoTime();
		customer.driver().findElement(By.cssSelector("[data-testid=join]")).click();
		await().atMost(MEDIA).until(() -> customer.framesDecoded() > 0);
		long firstFrameMs = Duration.ofNanos(System.nanoTime() - clicked).toMillis();
		await().atMost(MEDIA).until(() -> agent.framesDecoded() > 0);
		JsonNode timing = customerTiming(this.port, links[2]);
		System.out.printf("instant e2e re-targeted: click -> frames decoded seen by the test %d ms; report %s%n",
				firstFrameMs, timing);
		assertThat(timing.has("rejected")).as(timing.toString()).isFalse();
		assertThat(timing.get("preconnected").asBoolean()).as(timing.toString()).isTrue();
	}

	/** A page's peer connections and their states, for failure messages. */
	static Object transports(Browser browser) {
		return browser.script("return !window.casecall ? 'no page' : JSON.stringify([...window.casecall.call.peers"
				+ ".transports].map(([id, t]) =>"
				+ " [id, t.pc.connectionState, t.sendsLocalMedia])) + ' state ' + window.casecall.state()"
				+ " + ' early ' + window.casecall.call.peers.publishedEarly + ' refused '"
				+ " + window.casecall.call.peers.earlyRefused");
	}

	/** Waits until the customer's and the agent's pages have this many connections up. */
	static void awaitConnected(long customers, long agents) {
		try {
			await().atMost(MEDIA).until(() -> connected(customer) == customers && connected(agent) == agents);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("customer " + transports(customer) + "; agent " + transports(agent), ex);
		}
	}

	/** How many of a page's peer connections have ICE and DTLS up. */
	static long connected(Browser browser) {
		Object count = browser.script("return window.casecall && window.casecall.call"
				+ " ? [...window.casecall.call.peers.transports.values()].filter((t) => t.connected).length : 0");
		return ((Number) count).longValue();
	}

	/** The customer's connect-time report as the call record keeps it. */
	static JsonNode customerTiming(int port, String callId) {
		Http http = new Http(port);
		try {
			await().atMost(MEDIA)
				.until(() -> http.getAsClient("/api/v1/calls/" + callId).json().get("timings").valueStream()
					.anyMatch((t) -> "customer".equals(t.get("role").asString())));
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("No customer report; the customer's page: " + customer.script(
					"return JSON.stringify({state: window.casecall.state(), reports: window.casecall.reports(),"
							+ " marks: window.casecall.timings()})"), ex);
		}
		return http.getAsClient("/api/v1/calls/" + callId).json().get("timings").valueStream()
			.filter((t) -> "customer".equals(t.get("role").asString()))
			.findFirst()
			.orElseThrow();
	}

	/** The agent's link, the customer's link (as this test's browsers open them) and the call id. */
	static String[] createCall(int port) {
		JsonNode created = new Http(port)
			.postJson("/api/v1/calls",
					"{\"caseId\":\"CASE-" + UUID.randomUUID().toString().substring(0, 8)
							+ "\",\"customer\":{\"displayName\":\"Li Wei\",\"locale\":\"en\"}}")
			.json();
		return new String[] { local(port, created.get("agentJoinUrl").asString()),
				local(port, created.get("customerInviteUrl").asString()), created.get("callId").asString() };
	}

	private static String local(int port, String url) {
		URI uri = URI.create(url);
		return "http://localhost:" + port + uri.getRawPath() + "#" + uri.getRawFragment();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> stats(Browser browser) {
		return (Map<String, Object>) browser.asyncScript("const done = arguments[arguments.length - 1];"
				+ "window.casecall.stats().then(done, (e) => done({error: String(e)}));");
	}

	static long number(Map<String, Object> stats, String name) {
		Object value = stats.get(name);
		if (!(value instanceof Number number)) {
			throw new AssertionError("No " + name + " in " + stats);
		}
		return number.longValue();
	}

}
