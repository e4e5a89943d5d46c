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
 * the customer's page connects its media while it shows the preview, and until the click no
 * media reaches the customer's device and none leaves it (getStats on both pages); after the
 * click the agent's frames are decoded at once.
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
		// ... and carry nothing: no packet in, none out, on the customer's page, and none of the
		// customer's reaches the agent (checked over a second: getStats may answer from a cache)
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> {
			Map<String, Object> mine = stats(customer);
			return number(mine, "packetsReceived") == 0 && number(mine, "packetsSent") == 0
					&& number(mine, "framesDecoded") == 0 && number(stats(agent), "packetsReceived") == 0;
		});
		customer.screenshot("instant-customer-preconnected");

		long clicked = System.nanoTime();
		customer.driver().findElement(By.cssSelector("[data-testid=join]")).click();
		await().atMost(MEDIA).until(() -> customer.framesDecoded() > 0);
		long firstFrameMs = Duration.ofNanos(System.nanoTime() - clicked).toMillis();
		await().atMost(MEDIA).until(() -> agent.framesDecoded() > 0); // the customer is seen too
		await().atMost(MEDIA).until(() -> "connected".equals(customer.callState()));

		JsonNode timing = customerTiming(this.port, links[2]);
		System.out.printf("instant e2e: click -> frames decoded seen by the test %d ms; report %s%n", firstFrameMs,
				timing);
		assertThat(firstFrameMs).isLessThan(MEDIA.toMillis());
		assertThat(timing.has("rejected")).as(timing.toString()).isFalse();
		assertThat(timing.get("preconnected").asBoolean()).as(timing.toString()).isTrue();
		JsonNode marks = timing.get("marks");
		assertThat(marks.get("pre_dtls_connected").asDouble()).isLessThan(marks.get("join_click").asDouble());
		assertThat(timing.get("connectMs").asDouble())
			.isEqualTo(marks.get("first_frame").asDouble() - marks.get("join_click").asDouble());
	}

	/** The customer's connect-time report as the call record keeps it. */
	static JsonNode customerTiming(int port, String callId) {
		Http http = new Http(port);
		await().atMost(MEDIA)
			.until(() -> http.getAsClient("/api/v1/calls/" + callId).json().get("timings").valueStream()
				.anyMatch((t) -> "customer".equals(t.get("role").asString())));
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
