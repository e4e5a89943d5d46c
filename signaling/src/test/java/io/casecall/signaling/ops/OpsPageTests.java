package io.casecall.signaling.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.SfuListener.MediaState;
import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestSocket;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The /ops page in real headless Chromium against the real app: key prompt, empty state, the
 * numbers after a few calls (checked against the JSON API), the window switch, a waterfall and
 * a call record. Screenshots go to {@code target/screenshots/}.
 */
class OpsPageTests extends OpsAppSupport {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	private WebDriver browser;

	private CallDriver driver;

	private Browser chromium;

	@BeforeEach
	void start() throws IOException {
		this.redis.delete(List.of("cc:connect:customer", "cc:connect:agent"));
		this.driver = new CallDriver(this.port, this.sfu);
		this.chromium = Browser.open(1440, 900, "--hide-scrollbars", "--lang=en-US");
		this.browser = this.chromium.driver();
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterEach
	void stop() {
		if (this.chromium != null) {
			this.chromium.close();
		}
		this.driver.endAll();
	}

	@Test
	void showsTheSameNumbersAsTheApiWithWaterfallsAndAnEmptyStateBeforeAnyCall() throws IOException {
		this.browser.get("http://127.0.0.1:" + this.port + "/ops");
		signIn("not-the-ops-key");
		await().untilAsserted(() -> assertThat(text("key-error")).isEqualTo("That ops key was not accepted."));
		signIn(TestApp.OPS_KEY);

		await().untilAsserted(() -> assertThat(text("percentile-empty")).isEqualTo("No calls in the last 15 minutes."));
		assertThat(text("customer-p95")).isEqualTo("—");
		screenshot("ops-empty.png");

		CallDriver driver = this.driver;
		double[] customers = { 150, 180, 210, 240, 260, 290, 320, 380, 450, 720 };
		CallDriver.TestCall last = null;
		for (int i = 0; i < customers.length; i++) {
			last = driver.create();
			if (i % 2 == 0) {
				driver.agent(last, 360 + i * 15);
			}
			driver.customer(last, "connected", customers[i]);
		}
		driver.customer(driver.create(), "failed", 0);
		driver.customer(driver.create(), "abandoned", 0);
		CallDriver.TestCall live = driver.create();
		driver.create();
		try (TestSocket agent = TestSocket.connect(this.port, live.agentToken());
				TestSocket customer = TestSocket.connect(this.port, live.inviteToken())) {
			String agentId = agent.send("{\"type\":\"join\",\"callId\":\"" + live.id()
					+ "\",\"device\":\"agent-laptop-9\"}").next("joined").get("participantId").asString();
			String customerId = customer.send("{\"type\":\"join\",\"callId\":\"" + live.id()
					+ "\",\"device\":\"customer-phone-9\"}").next("joined").get("participantId").asString();
			this.sfu.mediaState(agentId, "pub", MediaState.CONNECTED);
			this.sfu.mediaState(customerId, "sub", MediaState.CONNECTED);
			agent.send("{\"type\":\"timings\",\"join\":1,\"outcome\":\"connected\",\"marks\":"
					+ CallDriver.agentMarks(430) + "}");
			customer.send("{\"type\":\"timings\",\"join\":1,\"outcome\":\"connected\",\"marks\":"
					+ CallDriver.customerMarks("connected", 205) + "}");
			customer.send("{\"type\":\"ping\"}").next("pong");
			agent.send("{\"type\":\"ping\"}").next("pong");

			// The page refreshes by itself: wait for it to show all 13 customer joins.
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(value("customer-count")).isEqualTo("13"));
			JsonNode summary = api("/api/v1/ops/summary?window=15m");
			JsonNode customerStats = summary.get("customer");
			assertThat(customerStats.get("count").asInt()).isEqualTo(13);
			assertThat(text("customer-p50")).isEqualTo(ms(customerStats.get("connectMs").get("p50").asDouble()))
				.isEqualTo("260 ms");
			assertThat(text("customer-p95")).isEqualTo(ms(customerStats.get("connectMs").get("p95").asDouble()))
				.isEqualTo("720 ms");
			assertThat(text("customer-p99")).isEqualTo(ms(customerStats.get("connectMs").get("p99").asDouble()));
			assertThat(this.browser.findElement(By.id("tile-p95")).getDomAttribute("data-state")).isEqualTo("bad");
			assertThat(text("success-rate")).isEqualTo(percent(customerStats.get("successRate").asDouble()))
				.isEqualTo("84.6 %");
			assertThat(text("customer-count")).isEqualTo("11 of 13 joins connected");
			assertThat(text("agent-p95")).isEqualTo(ms(summary.get("agent").get("connectMs").get("p95").asDouble()));
			await().untilAsserted(() -> assertThat(text("open-calls"))
				.isEqualTo(api("/api/v1/ops/summary").get("openCalls").asString()));
			assertThat(this.browser.findElements(By.cssSelector("#histogram-chart svg g.bucket"))).hasSize(14);
			assertThat(this.browser.findElement(By.cssSelector("#histogram-chart g.bucket[data-from='700']"))
				.getDomAttribute("data-count")).isEqualTo("1");
			assertThat(this.browser.findElements(By.cssSelector("#percentile-chart canvas"))).isNotEmpty();

			JsonNode calls = api("/api/v1/ops/calls?limit=50").get("calls");
			JsonNode liveRow = findCall(calls, live.id());
			WebElement row = this.browser.findElement(By.cssSelector("tr[data-call-id='" + live.id() + "']"));
			assertThat(row.findElement(By.cssSelector("td.case")).getText()).isEqualTo(liveRow.get("caseId").asString());
			assertThat(row.findElement(By.cssSelector("td.status")).getText()).isEqualTo("connected");
			assertThat(row.findElements(By.cssSelector("td.connect")).get(0).getText())
				.isEqualTo(ms(liveRow.get("customer").get("connectMs").asDouble()))
				.isEqualTo("205 ms");
			assertThat(row.findElements(By.cssSelector("td.connect")).get(1).getText()).isEqualTo("430 ms");
			assertThat(row.findElements(By.cssSelector(".wf .wf-seg")))
				.hasSize(liveRow.get("customer").get("segments").size());
			assertThat(this.browser.findElements(By.cssSelector("#calls > tr[data-call-id]")))
				.hasSize(calls.size());
			screenshot("ops.png");
			fullPageScreenshot("ops-full.png");

			row.findElement(By.cssSelector("td.actions button")).click();
			WebElement detail = await().until(() -> this.browser.findElements(By.cssSelector(".detail-row")),
					(found) -> !found.isEmpty()).get(0);
			assertThat(detail.findElements(By.cssSelector(".wf-detail")).get(0).getText()).contains("ICE", "DTLS",
					"first frame", "connected in 205 ms");
			assertThat(detail.findElements(By.cssSelector(".wf-detail")).get(1).getText()).contains("media up");
			((JavascriptExecutor) this.browser)
				.executeScript("arguments[0].scrollIntoView({block: 'center'})", detail);
			screenshot("ops-details.png");

			detail.findElement(By.cssSelector(".server-box button")).click();
			await().untilAsserted(() -> assertThat(text("record-json")).contains("\"callId\": \"" + live.id() + "\"",
					"\"timings\""));
			List<String> presence = this.browser.findElements(By.cssSelector("#record-presence li"))
				.stream()
				.map(WebElement::getText)
				.toList();
			JsonNode history = api("/api/v1/ops/calls/" + live.id()).get("presence");
			assertThat(presence).hasSize(history.size()).hasSize(2);
			assertThat(presence.get(0)).endsWith("· agent · joined");
			assertThat(presence.get(1)).endsWith("· customer · joined")
				.startsWith(history.get(1).get("at").asString().replace("T", " ").replace("Z", " UTC"));
			screenshot("ops-record.png");
			this.browser.findElement(By.cssSelector("#record-dialog button")).click();
		}

		this.browser.findElement(By.cssSelector("[data-window='24h']")).click();
		await().untilAsserted(() -> assertThat(text("series-caption")).startsWith("p50 · p95 · p99 per hour"));
		assertThat(value("customer-count")).isEqualTo("13");
		assertThat(text("customer-p95")).isEqualTo("720 ms");
		screenshot("ops-24h.png");
	}

	private void signIn(String key) {
		await().untilAsserted(() -> assertThat(this.browser.findElement(By.id("key-form")).isDisplayed()).isTrue());
		WebElement input = this.browser.findElement(By.id("ops-key"));
		input.clear();
		input.sendKeys(key);
		this.browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
	}

	private String text(String id) {
		return this.browser.findElement(By.id(id)).getText();
	}

	private String value(String id) {
		return this.browser.findElement(By.id(id)).getDomAttribute("data-value");
	}

	private JsonNode api(String path) {
		return new Http(this.port).get(path, "X-API-Key", TestApp.OPS_KEY).json();
	}

	private void screenshot(String name) throws IOException {
		byte[] png = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES);
		Files.write(SCREENSHOTS.resolve(name), png);
	}

	/** The whole page: the window made as tall as the document for one shot. */
	private void fullPageScreenshot(String name) throws IOException {
		Number height = (Number) ((JavascriptExecutor) this.browser)
			.executeScript("return document.documentElement.scrollHeight");
		this.browser.manage().window().setSize(new Dimension(1440, height.intValue() + 150));
		screenshot(name);
		this.browser.manage().window().setSize(new Dimension(1440, 900));
	}

	private static JsonNode findCall(JsonNode calls, String id) {
		for (JsonNode call : calls) {
			if (call.get("callId").asString().equals(id)) {
				return call;
			}
		}
		throw new AssertionError("call " + id + " not in the list");
	}

	/** The page's formatting of milliseconds below one second. */
	private static String ms(double value) {
		return Math.round(value) + " ms";
	}

	private static String percent(double ratio) {
		return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
	}

}
