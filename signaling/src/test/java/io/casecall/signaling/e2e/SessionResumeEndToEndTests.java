package io.casecall.signaling.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.BrowserCall;
import io.casecall.signaling.support.CuttableLink;
import io.casecall.signaling.support.Http;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, "signaling loss never interrupts media", on one node (the real app, real Janus, two
 * real headless Chromium): the customer's socket breaks (its TCP path to the app is reset, a
 * {@link CuttableLink} blip: the page sees 1006, the server a broken connection). The page keeps
 * its peer connections, opens a new socket and resumes the session the server kept
 * ({@code joined} with {@code resumed: true}). Video is sampled on the customer's page about every
 * 100 ms from before the blip until after the resume: the decoded frame count must never stand
 * still for a second, and the peer connection objects must be the very same (no rebuild). The
 * times are printed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SessionResumeEndToEndTests extends TwoBrowsers {

	/** Longest the customer's decoded frame count may stand still across the blip. */
	private static final long MAX_GAP_MS = 1000;

	@Test
	void aSocketBlipResumesTheSessionWhileVideoKeepsBeingDecoded() throws Exception {
		try (CuttableLink link = CuttableLink.to(this.port)) {
			String callId = BrowserCall.start(agent, customer, this.port, link.port(), "CASE-RES-");
			// mark the live connections and note every joined the page gets from now on
			customer.script("window.resumeTest = { joined: [] };"
					+ "window.casecall.call.on('joined', (e) => window.resumeTest.joined.push({ resumed: !!e.resumed, at: performance.now() }));"
					+ "for (const t of window.casecall.call.peers.transports.values()) t.pc.resumeTestMark = t.id;"
					+ "window.resumeTest.socket = window.casecall.call.signal.ws;");
			List<long[]> samples = new ArrayList<>(); // {ms since start, frames decoded}
			long start = System.nanoTime();
			sampleFor(samples, start, Duration.ofSeconds(2));

			link.reset();
			long blipMs = elapsedMs(start);
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
				samples.add(new long[] { elapsedMs(start), customer.framesDecoded() });
				return ((Number) customer.script("return window.resumeTest.joined.length")).intValue() > 0;
			});
			long resumedMs = elapsedMs(start);
			sampleFor(samples, start, Duration.ofSeconds(2));

			assertThat(customer.script("return window.resumeTest.joined[0].resumed")).as("joined says resumed")
				.isEqualTo(Boolean.TRUE);
			assertThat(customer.script("return window.casecall.call.signal.ws !== window.resumeTest.socket"))
				.as("a new socket").isEqualTo(Boolean.TRUE);
			assertThat(customer.script("const ts = [...window.casecall.call.peers.transports.values()];"
					+ "return ts.length > 0 && ts.every((t) => t.pc.resumeTestMark === t.id && t.pc.connectionState === 'connected')"))
				.as("the very same peer connections, still connected").isEqualTo(Boolean.TRUE);
			long gap = longestStandstill(samples);
			System.out.printf("socket blip: resumed (joined with resumed:true) %d ms after the reset; longest time the "
					+ "customer's decoded frame count stood still from 2 s before to 2 s after: %d ms (%d samples, "
					+ "frames %d -> %d)%n", resumedMs - blipMs, gap, samples.size(), samples.get(0)[1],
					samples.get(samples.size() - 1)[1]);
			assertThat(samples).allMatch((sample) -> sample[1] >= 0);
			assertThat(gap).as("video kept being decoded through the blip").isLessThan(MAX_GAP_MS);
			assertThat(agent.videoFlowing()).isTrue();

			await().atMost(MEDIA).until(() -> "connected".equals(customer.callState()));
			JsonNode record = new Http(this.port).getAsClient("/api/v1/calls/" + callId).json();
			List<String> causes = new ArrayList<>();
			record.get("presence").forEach((entry) -> causes.add(entry.get("role").asString() + " " + entry.get("cause").asString()));
			assertThat(causes).endsWith("customer connection_lost", "customer resumed");
			assertThat(record.get("status").asString()).isEqualTo("connected");
		}
	}

	private static void sampleFor(List<long[]> samples, long start, Duration period) throws InterruptedException {
		long until = System.nanoTime() + period.toNanos();
		while (System.nanoTime() < until) {
			samples.add(new long[] { elapsedMs(start), customer.framesDecoded() });
			Thread.sleep(100); // the sampling period, not a wait for something to happen
		}
	}

	/** The longest span between two samples with the same frame count (the count stood still). */
	private static long longestStandstill(List<long[]> samples) {
		long longest = 0;
		long since = samples.get(0)[0];
		for (int i = 1; i < samples.size(); i++) {
			if (samples.get(i)[1] > samples.get(i - 1)[1]) {
				since = samples.get(i)[0];
			}
			longest = Math.max(longest, samples.get(i)[0] - since);
		}
		return longest;
	}

	private static long elapsedMs(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

}
