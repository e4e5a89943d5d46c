package io.casecall.signaling.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.BrowserCall;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Media repair before a rebuild (issue 13): in a live call (the real app, real Janus, two real
 * headless Chromium) the media path itself breaks: the firewall drops every UDP packet to and from
 * the test Janus's media ports ({@code CASECALL_TEST_JANUS_RTP_PORTS}; needs root and iptables).
 * The pages' connections go {@code disconnected}; after a few seconds each page restarts ICE on
 * the same connections (its publisher with an {@code iceRestart} offer, the subscriptions with
 * {@code restart}, which Janus answers with a new offer). Once the path is back, video is decoded
 * again on the very same peer connections, with no new {@code join}. The times are printed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IceRestartEndToEndTests extends TwoBrowsers {

	private static final String PORTS = System.getenv().getOrDefault("CASECALL_TEST_JANUS_RTP_PORTS", "30000-39999")
		.replace('-', ':');

	@Test
	void aBrokenMediaPathIsRepairedByAnIceRestartOnTheSameConnections() throws Exception {
		BrowserCall.start(agent, customer, this.port, this.port, "CASE-ICE-");
		for (Browser page : new Browser[] { agent, customer }) {
			page.script("const call = window.casecall.call; const s = call.signal;"
					+ "window.iceTest = { restarts: [], offers: [], joins: 0 };"
					+ "window.ufrags = (t) => [t.pc.localDescription.sdp, t.pc.remoteDescription.sdp].map((sdp) => sdp.match(/a=ice-ufrag:(\\S+)/)[1]).join();"
					+ "for (const t of call.peers.transports.values()) { t.pc.iceTestMark = t.id; t.pc.iceTestUfrags = window.ufrags(t); }"
					+ "const restart = s.sendRestart.bind(s); s.sendRestart = (pc) => { window.iceTest.restarts.push(pc); return restart(pc); };"
					+ "const offer = s.sendOffer.bind(s); s.sendOffer = (pc, sdp) => { window.iceTest.offers.push(pc); return offer(pc, sdp); };"
					+ "const join = s.sendJoin.bind(s); s.sendJoin = (j) => { window.iceTest.joins += 1; return join(j); };");
		}
		long blocked = System.nanoTime();
		firewall("-I");
		long restartedMs;
		try {
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> restarts(customer) > 0);
			restartedMs = (System.nanoTime() - blocked) / 1_000_000;
		}
		finally {
			firewall("-D");
		}
		long back = System.nanoTime();
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
			.until(() -> customer.videoFlowing() && agent.videoFlowing());
		long videoMs = (System.nanoTime() - back) / 1_000_000;
		System.out.printf("media path blocked: the customer's page restarted ICE %d ms after the block (customer: %s "
				+ "restart requests, publisher offers %s; agent: %s, %s); video decoded again on both pages %d ms after "
				+ "the path was back, on the same connections%n", restartedMs, customer.script("return window.iceTest.restarts"),
				customer.script("return window.iceTest.offers"), agent.script("return window.iceTest.restarts"),
				agent.script("return window.iceTest.offers"), videoMs);

		for (Browser page : new Browser[] { agent, customer }) {
			assertThat(page.script("const ts = [...window.casecall.call.peers.transports.values()];"
					+ "return ts.length > 0 && ts.every((t) => t.pc.iceTestMark === t.id)"))
				.as("the very same peer connections").isEqualTo(Boolean.TRUE);
			assertThat(((Number) page.script("return window.iceTest.joins")).intValue()).as("no rejoin").isZero();
			assertThat(page.script("const restarted = [...window.iceTest.restarts, ...window.iceTest.offers];"
					+ "return [...window.casecall.call.peers.transports.values()].filter((t) => restarted.includes(t.id))"
					+ ".every((t) => t.pc.connectionState === 'connected' && t.pc.iceTestUfrags.split(',').every((u, i) => u !== window.ufrags(t).split(',')[i]))"))
				.as("each restarted connection is connected again with new ICE credentials on both sides").isEqualTo(Boolean.TRUE);
		}
		assertThat(customer.script("return window.iceTest.restarts.length + window.iceTest.offers.length"))
			.isNotEqualTo(0L);
		assertThat(customer.callState()).isEqualTo("connected");
	}

	private static int restarts(Browser page) {
		return ((Number) page.script("return window.iceTest.restarts.length + window.iceTest.offers.length")).intValue();
	}

	/** Inserts ({@code -I}) or deletes ({@code -D}) the rules that drop UDP to and from Janus's media ports. */
	private static void firewall(String action) throws IOException, InterruptedException {
		for (String direction : new String[] { "--dport", "--sport" }) {
			Process process = new ProcessBuilder("iptables", action, "OUTPUT", "-p", "udp", direction, PORTS, "-j", "DROP")
				.inheritIO()
				.start();
			if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("iptables " + action + " failed (root and the iptables package needed)");
			}
		}
	}

}
