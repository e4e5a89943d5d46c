package io.casecall.signaling.e2e;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chromium.HasCdp;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.BrowserCall;
import io.casecall.signaling.support.CuttableLink;
import io.casecall.signaling.support.Http;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, "networks come back in seconds": a customer in a live call (the real app, real Janus,
 * two real headless Chromium) loses the network for 15 s by default, then gets it back. The cut is
 * two things at once: the DevTools protocol's {@code Network.emulateNetworkConditions} offline
 * ({@code navigator.onLine} goes false, the {@code offline} event fires; it blocks new requests but
 * leaves an open WebSocket alone, so alone it is no outage for the socket), and the customer's path
 * to the app, a {@link CuttableLink} the page is opened through, going silent (open connections
 * carry nothing, new ones hang). Media (UDP to Janus) is not cut. The page must say it is offline and wait, not end the call; once the network is back,
 * its socket must open again and video be decoded again. Both times are measured from the moment
 * the network returned and PRINTED (docs/benchmarks.md, "Network drops").
 *
 * <p>15 s rather than the drill's 40 s keeps the suite fast; the rule the 40 s case needs is the
 * same one: past the heartbeat's 10 s the socket is lost while offline, no attempt is made until
 * the network returns (so no backoff and no pending attempt is left over), and the 60 s give-up
 * window does not run while offline (node tests with a fake clock, signal-client-network.test.js,
 * cover 40 s and 2 min). {@code -Dcasecall.test.drop-seconds=40} runs it by hand with another drop.
 *
 * <p>The bounds asserted are the target's order (5 s for the socket, 10 s for video: a rejoin
 * renegotiates media today), not the target itself; the benchmark lists what was measured.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NetworkDropEndToEndTests extends TwoBrowsers {

	private static final Duration SOCKET_BACK = Duration.ofSeconds(5);

	private static final Duration VIDEO_BACK = Duration.ofSeconds(10);

	private static final String OFFLINE_TEXT = "You're offline — we'll reconnect as soon as your network is back";

	@Test
	void aCustomerWhoseNetworkDropsIsToldSoAndIsBackInSecondsOnceItReturns() throws Exception {
		long dropSeconds = Long.getLong("casecall.test.drop-seconds", 15);
		try (CuttableLink link = CuttableLink.to(this.port)) {
			dropAndReturn(link, dropSeconds);
		}
	}

	private void dropAndReturn(CuttableLink link, long dropSeconds) throws Exception {
		String callId = BrowserCall.start(agent, customer, this.port, link.port(), "CASE-NET-");

		link.cut();
		network(customer, false);
		long dropped = System.nanoTime();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(customer.driver().findElement(By.cssSelector("[data-testid=call-state]")).getText())
				.isEqualTo(OFFLINE_TEXT));
		customer.screenshot("network-customer-offline");
		Thread.sleep(Math.max(0, dropSeconds * 1000 - (System.nanoTime() - dropped) / 1_000_000)); // the outage itself
		String during = customer.callState();
		boolean socketSurvived = socketOpen(customer);
		// the link keeps what was open during the cut dead (as a network that comes back with a new
		// address): back means a new socket, opened after the return (a short drop: the page's probe
		// finds the old one dead first)
		customer.script("window.cutSocket = window.casecall.call.signal.ws");

		link.restore();
		network(customer, true);
		long back = System.nanoTime();
		await().atMost(SOCKET_BACK).pollInterval(Duration.ofMillis(50)).until(() -> Boolean.TRUE.equals(customer
			.script("const s = window.casecall.call.signal; return s.isOpen && s.ws !== window.cutSocket")));
		long socketMs = (System.nanoTime() - back) / 1_000_000;
		await().atMost(VIDEO_BACK).pollInterval(Duration.ofMillis(50)).until(() -> customer.videoFlowing() && agent.videoFlowing());
		long videoMs = (System.nanoTime() - back) / 1_000_000;
		System.out.printf("network drop of %d s: socket open again %d ms and video decoded again on both pages %d ms "
				+ "after the network returned (state during the drop: %s; the socket of before the drop %s it)%n", dropSeconds, socketMs,
				videoMs, during, socketSurvived ? "survived" : "did not survive");

		assertThat(during).as("the call waits for the network instead of ending").isIn("connected", "reconnecting");
		if (dropSeconds >= 15) { // well past the 10 s of silence after which the page gives a socket up
			assertThat(socketSurvived).as("the cut is an outage for the socket: it was lost").isFalse();
		}
		await().atMost(MEDIA).until(() -> "connected".equals(customer.callState()) && "connected".equals(agent.callState()));
		JsonNode record = new Http(this.port).getAsClient("/api/v1/calls/" + callId).json();
		assertThat(record.get("status").asString()).isEqualTo("connected");
	}

	/** The page's network as DevTools emulates it: offline, or back to normal. */
	private static void network(Browser browser, boolean online) {
		HasCdp cdp = (HasCdp) browser.driver();
		cdp.executeCdpCommand("Network.enable", Map.of());
		cdp.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", !online, "latency", 0,
				"downloadThroughput", -1, "uploadThroughput", -1));
	}

	private static boolean socketOpen(Browser browser) {
		return Boolean.TRUE.equals(browser.script("return window.casecall.call.signal.isOpen"));
	}

}
