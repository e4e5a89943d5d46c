package io.casecall.room.sfu.jvb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.openqa.selenium.chrome.ChromeDriver;

import io.casecall.room.test.Chromium;

/**
 * One headless Chromium (launched as every test does: {@link Chromium}) hosting named WebRTC peers on a blank page served from 127.0.0.1 (a secure
 * context, so getUserMedia works with the fake camera and microphone). See {@code peers.html}.
 */
final class ChromiumPeers implements AutoCloseable {

	private final HttpServer page;

	private final ChromeDriver driver;

	private final Path profile;

	private ChromiumPeers(HttpServer page, ChromeDriver driver, Path profile) {
		this.page = page;
		this.driver = driver;
		this.profile = profile;
	}

	static ChromiumPeers launch() {
		try {
			byte[] html;
			try (InputStream in = ChromiumPeers.class.getResourceAsStream("peers.html")) {
				html = in.readAllBytes();
			}
			HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			page.createContext("/", (exchange) -> {
				exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
				exchange.sendResponseHeaders(200, html.length);
				exchange.getResponseBody().write(html);
				exchange.close();
			});
			page.start();
			Path profile = Chromium.newProfile();
			ChromeDriver driver = new ChromeDriver(Chromium.driverService(), Chromium.options(profile));
			driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
			driver.get("http://127.0.0.1:" + page.getAddress().getPort() + "/");
			return new ChromiumPeers(page, driver, profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Applies a server offer to peer {@code name} (created on first use) and returns its answer.
	 * Fails the test with the browser's error when Chromium rejects the offer.
	 */
	String applyOffer(String name, String offer) {
		Map<?, ?> result = (Map<?, ?>) this.driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				window.applyOffer(arguments[0], arguments[1])
				  .then((sdp) => done({ sdp }), (error) => done({ error: String(error) }));
				""", name, offer);
		if (result.get("error") != null) {
			throw new AssertionError("Chromium rejected the offer for " + name + ": " + result.get("error")
					+ "\n--- offer ---\n" + offer);
		}
		return (String) result.get("sdp");
	}

	/** Signaling state, transceivers, tracks, RTP stats and bridge channel of a peer. */
	@SuppressWarnings("unchecked")
	Map<String, Object> describe(String name) {
		return (Map<String, Object>) this.driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				window.describePeer(arguments[0]).then(done, (error) => done({ error: String(error) }));
				""", name);
	}

	void openChannel(String name, String url, List<String> onOpen) {
		this.driver.executeScript("window.openChannel(arguments[0], arguments[1], arguments[2]);", name, url, onOpen);
	}

	void closePeer(String name) {
		this.driver.executeScript("window.closePeer(arguments[0]);", name);
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			this.page.stop(0);
			Chromium.deleteProfile(this.profile);
		}
	}

}
