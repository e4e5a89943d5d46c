package io.casecall.signaling.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.signaling.support.Browser;

/**
 * A call page of {@link FaultDrill}, used from two threads (the drill and its {@link FrameWatch}):
 * every use of the browser holds the page's lock, so a sample never runs into a reload.
 */
final class DrillPage implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private final Browser browser;

	private final String url;

	/** The ChromeDriver the browser runs under when it is not this process's own, or {@code null}. */
	private final URI driver;

	DrillPage(Browser browser, String url, URI driver) {
		this.browser = browser;
		this.url = url;
		this.driver = driver;
	}

	Browser browser() {
		return this.browser;
	}

	synchronized void load() {
		this.browser.get(this.url);
	}

	/**
	 * Opens the page's link again (a reopened tab or a reload); a customer page that comes back
	 * at its Join button is joined again, as its user would.
	 */
	void reload() {
		synchronized (this) {
			this.browser.get(this.url);
		}
		await("return !!window.casecall && ['connected', 'ready', 'waiting'].includes(window.casecall.state())");
		if ("ready".equals(script("return window.casecall.state()"))) {
			await("return window.casecall.prewarmed()");
			synchronized (this) {
				this.browser.driver().findElement(By.cssSelector("[data-testid=join]")).click();
			}
		}
	}

	/** Waits (at most a minute) until {@code condition}, a script, returns true. */
	void await(String condition) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!Boolean.TRUE.equals(script(condition))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out waiting for: " + condition + " (state "
						+ script("return window.casecall ? window.casecall.state() : 'no page'") + ")");
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/**
	 * Video frames decoded and RTP packets received (audio and video: the media path itself) by the
	 * page so far; {@code {-1, -1}} while it cannot tell.
	 */
	synchronized long[] counters() {
		try {
			Object result = this.browser.asyncScript("const done = arguments[arguments.length - 1];"
					+ "window.casecall.stats().then((s) => done([s.framesDecoded || 0, s.packetsReceived || 0]),"
					+ " () => done([-1, -1]));");
			if (result instanceof List<?> list && list.size() == 2 && list.get(0) instanceof Number frames
					&& list.get(1) instanceof Number packets) {
				return new long[] { frames.longValue(), packets.longValue() };
			}
		}
		catch (WebDriverException ex) {
			// reloading, or no call page yet
		}
		return new long[] { -1, -1 };
	}

	/**
	 * One line of the page's video counters per connection (getStats): received (packets, lost,
	 * bytes, frames received/decoded/dropped, keyframes decoded, the jitter buffer's mean delay
	 * overall and since the last line, its mean target delay since the last line, freezes, PLIs
	 * and NACKs sent) and sent (packets, frames encoded, keyframes encoded, PLIs and NACKs
	 * received, quality limitation, target bitrate, the mean time a packet sent since the last line
	 * waited in the pacer), and the selected pair's available outgoing bitrate; empty while it
	 * cannot tell.
	 */
	synchronized String videoDetail() {
		try {
			Object result = this.browser.asyncScript(VIDEO_DETAIL);
			return (result instanceof String line) ? line : "";
		}
		catch (WebDriverException ex) {
			return "";
		}
	}

	private static final String VIDEO_DETAIL = """
			const done = arguments[arguments.length - 1];
			const call = window.casecall && window.casecall.call;
			if (!call || !call.peers) { done(''); return; }
			const kb = (bits) => Math.round((bits || 0) / 1000);
			const last = (window.__drillVideo = window.__drillVideo || {});
			// mean of a cumulative sum per counted item since the last line, in ms
			const since = (key, sum, count) => {
			  const before = last[key] || [0, 0];
			  last[key] = [sum || 0, count || 0];
			  const n = (count || 0) - before[1];
			  return (n > 0) ? `${Math.round(1000 * ((sum || 0) - before[0]) / n)}ms` : '-';
			};
			const line = (id, stats) => {
			  const out = [];
			  stats.forEach((r) => {
			    if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded' && r.availableOutgoingBitrate)
			      out.push(`aob=${kb(r.availableOutgoingBitrate)}k`);
			    if (r.kind !== 'video') return;
			    if (r.type === 'inbound-rtp') out.push(`in p=${r.packetsReceived} lost=${r.packetsLost} b=${r.bytesReceived}`
			      + ` fr=${r.framesReceived} fd=${r.framesDecoded} drop=${r.framesDropped} kfd=${r.keyFramesDecoded}`
			      + ` jb=${Math.round(1000 * (r.jitterBufferDelay || 0) / Math.max(1, r.jitterBufferEmittedCount || 0))}ms`
			      + ` jbi=${since(r.id + 'j', r.jitterBufferDelay, r.jitterBufferEmittedCount)}`
			      + ` tgt=${since(r.id + 't', r.jitterBufferTargetDelay, r.jitterBufferEmittedCount)}`
			      + ` fz=${r.freezeCount} pli=${r.pliCount} nack=${r.nackCount}`);
			    if (r.type === 'outbound-rtp') out.push(`out p=${r.packetsSent} fe=${r.framesEncoded} kfe=${r.keyFramesEncoded}`
			      + ` pli=${r.pliCount} nack=${r.nackCount} q=${r.qualityLimitationReason} tb=${kb(r.targetBitrate)}k`
			      + ` psd=${since(r.id + 's', r.totalPacketSendDelay, r.packetsSent)}`);
			  });
			  return `${id.slice(0, 8)}: ${out.join(' ')}`;
			};
			Promise.all([...call.peers.transports].map(([id, t]) => t.pc.getStats().then((stats) => line(id, stats))))
			  .then((lines) => done(lines.join(' | ')), () => done(''));
			""";

	/** The page's clock ({@code performance.now()}, ms), {@code -1} while it cannot tell. */
	synchronized double pageNow() {
		Object now = script("return performance.now()");
		return (now instanceof Number number) ? number.doubleValue() : -1;
	}

	/**
	 * The page's connection timeline ({@code window.casecall.timeline()}: network, probe, sockets,
	 * join, peer connection states), oldest first; empty when the page has none.
	 */
	@SuppressWarnings("unchecked")
	synchronized List<Map<String, Object>> timeline() {
		Object entries = script("return window.casecall && window.casecall.timeline ? window.casecall.timeline() : []");
		return (entries instanceof List<?> list) ? (List<Map<String, Object>>) list : List.of();
	}

	/** DevTools network emulation: the page's browser believes it is offline, or online again. */
	synchronized void offline(boolean offline) {
		devtools("Network.enable", Map.of());
		devtools("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0, "downloadThroughput", -1,
				"uploadThroughput", -1));
	}

	private synchronized Object script(String script) {
		try {
			return this.browser.script(script);
		}
		catch (WebDriverException ex) {
			return null;
		}
	}

	/** ChromeDriver's own DevTools endpoint (the browser may run under a ChromeDriver elsewhere). */
	private void devtools(String command, Map<String, Object> params) {
		if (this.driver == null) {
			throw new IllegalStateException("DevTools is used only on the customer's page here");
		}
		String body = JsonMapper.builder().build().writeValueAsString(Map.of("cmd", command, "params", params));
		URI endpoint = this.driver.resolve("/session/" + this.browser.driver().getSessionId() + "/goog/cdp/execute");
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(endpoint)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(command + ": " + response.statusCode() + " " + response.body());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.browser.close();
	}

}
