package io.casecall.signaling.e2e;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.JanusAdmin;

import org.springframework.boot.test.context.SpringBootTest;

import static io.casecall.signaling.e2e.InstantJoinEndToEndTests.connected;
import static io.casecall.signaling.e2e.InstantJoinEndToEndTests.number;
import static io.casecall.signaling.e2e.InstantJoinEndToEndTests.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A long preview with instant join (issue 12), with short settings, in two real headless Chromium
 * through the real Janus: a pre-connected socket is kept past {@code prewarm-hold} (2 s here) up to
 * {@code preconnect-hold} (12 s here) and still joins pre-connected with nothing sent before the
 * click; at {@code preconnect-hold} its Janus session is given back, the page drops its
 * connections and the click falls back and connects; a page that goes away gives its session
 * back at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.signaling.prewarm-hold=2s", "casecall.signaling.preconnect-hold=12s",
				"casecall.signaling.heartbeat-interval=1s" })
class LongPreviewEndToEndTests extends TwoBrowsers {

	/** How long the customer looks at the preview: past prewarm-hold (scenario pacing, not a measurement). */
	private static final Duration PAST_PREWARM_HOLD = Duration.ofSeconds(4);

	@Test
	void aPreviewHeldPastPrewarmHoldStillJoinsPreconnectedWithNothingSentBeforeTheClick() throws Exception {
		String[] links = callWithAgentWaiting();
		customer.get(links[1]);
		InstantJoinEndToEndTests.awaitConnected(2, 2);
		Thread.sleep(PAST_PREWARM_HOLD.toMillis()); // the customer reads the preview

		assertThat(connected(customer)).as("still pre-connected").isEqualTo(2);
		Map<String, Object> mine = stats(customer);
		assertThat(number(mine, "packetsSent")).isZero();
		assertThat(number(mine, "packetsReceived")).isZero();
		assertThat(number(stats(agent), "framesDecoded")).isZero();

		assertThat(clickAndSeeEachOther(links[2], "past prewarm-hold").get("preconnected").asBoolean()).isTrue();
	}

	@Test
	void atPreconnectHoldTheSessionIsGivenBackAndTheClickFallsBackAndConnects() {
		String[] links = callWithAgentWaiting();
		Set<Long> customers = customerPreconnects(links[1]);

		// given back at preconnect-hold: the Janus session is destroyed, the page drops its connections
		await().atMost(Duration.ofSeconds(30))
			.until(() -> customers.stream().noneMatch(JanusAdmin.sessions()::contains) && connected(customer) == 0);

		assertThat(clickAndSeeEachOther(links[2], "past preconnect-hold").get("preconnected").asBoolean()).isFalse();
	}

	@Test
	void aPreconnectedPageThatGoesAwayGivesItsJanusSessionBack() {
		String[] links = callWithAgentWaiting();
		Set<Long> customers = customerPreconnects(links[1]);

		customer.get("about:blank"); // the customer closes the tab before the click
		await().atMost(MEDIA).until(() -> customers.stream().noneMatch(JanusAdmin.sessions()::contains));
		// the agent's subscription to the customer's publisher went with it
		await().atMost(MEDIA).until(() -> connected(agent) == 1);
		assertThat(agent.callState()).isEqualTo("waiting");
	}

	/** The customer clicks Join: both sides decode frames; the customer's accepted report. */
	private JsonNode clickAndSeeEachOther(String callId, String label) {
		customer.driver().findElement(By.cssSelector("[data-testid=join]")).click();
		// (one side at a time: a failure says which side decodes nothing)
		await("the customer decodes the agent, " + label).atMost(MEDIA).until(() -> customer.framesDecoded() > 0);
		await("the agent decodes the customer, " + label).atMost(MEDIA).until(() -> agent.framesDecoded() > 0);
		JsonNode timing = InstantJoinEndToEndTests.customerTiming(this.port, callId);
		System.out.printf("long preview e2e (%s): report %s%n", label, timing);
		assertThat(timing.has("rejected")).as(timing.toString()).isFalse();
		return timing;
	}

	/** A new call whose agent is in and waiting: its links and id (see InstantJoinEndToEndTests.createCall). */
	private String[] callWithAgentWaiting() {
		String[] links = InstantJoinEndToEndTests.createCall(this.port);
		agent.get(links[0]);
		await().atMost(MEDIA).until(() -> "waiting".equals(agent.callState()));
		await().atMost(MEDIA).until(() -> connected(agent) == 1); // its publisher
		return links;
	}

	/** The customer opens its link and pre-connects; the Janus sessions made meanwhile (its own). */
	private static Set<Long> customerPreconnects(String link) {
		Set<Long> before = new HashSet<>(JanusAdmin.sessions());
		customer.get(link);
		InstantJoinEndToEndTests.awaitConnected(2, 2);
		Set<Long> made = new HashSet<>(JanusAdmin.sessions());
		made.removeAll(before);
		assertThat(made).isNotEmpty();
		return made;
	}

}
