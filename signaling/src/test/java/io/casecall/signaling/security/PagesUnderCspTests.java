package io.casecall.signaling.security;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.TestApp;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, finding 5: the strict Content-Security-Policy does not break the pages. Real
 * Chromium loads each page (ES modules, uPlot from /webjars, Swagger UI) and reports no policy
 * violation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "casecall.sfu.type=fake")
@Import(TestApp.WithFakeSfu.class)
class PagesUnderCspTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

	@LocalServerPort
	int port;

	private Browser browser;

	@BeforeEach
	void open() {
		this.browser = Browser.open();
	}

	@AfterEach
	void close() {
		this.browser.close();
	}

	@Test
	void theCallPagesRunTheirModules() {
		JsonNode call = new Http(this.port)
			.postJson("/api/v1/calls", "{\"caseId\":\"CSP-1\",\"customer\":{\"displayName\":\"Li Wei\"}}")
			.json();

		for (String link : new String[] { call.get("agentJoinUrl").asString(),
				call.get("customerInviteUrl").asString() }) {
			this.browser.get(base() + link.substring(link.indexOf('/', "http://".length() + 1)));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> !"loading".equals(this.browser.script("return document.body.dataset.currentView")));
			assertNoViolation();
		}
	}

	@Test
	void theOpsPageDrawsWithUplot() {
		this.browser.get(base() + "/ops");
		await().until(() -> this.browser.driver().findElement(By.id("key-form")).isDisplayed());
		this.browser.driver().findElement(By.id("ops-key")).sendKeys(TestApp.OPS_KEY);
		this.browser.driver().findElement(By.cssSelector("#key-form button[type=submit]")).click();

		// the page's module graph (uPlot from /webjars included) ran: it took the key and shows data
		await().atMost(Duration.ofSeconds(20))
			.until(() -> !this.browser.driver().findElements(By.cssSelector(".uplot")).isEmpty()
					|| this.browser.driver().findElement(By.id("percentile-empty")).isDisplayed());
		assertThat(this.browser.script("return performance.getEntriesByType('resource')"
				+ ".some((entry) => entry.name.includes('/webjars/uplot/'))")).isEqualTo(true);
		assertNoViolation();
	}

	@Test
	void theApiDocsRender() {
		this.browser.get(base() + "/api-docs.html");

		await().atMost(Duration.ofSeconds(20))
			.until(() -> !this.browser.driver().findElements(By.cssSelector(".swagger-ui .info .title")).isEmpty());
		assertNoViolation();
	}

	private void assertNoViolation() {
		String console = this.browser.consoleLog();
		assertThat(console).doesNotContainIgnoringCase("Content Security Policy").doesNotContain("Refused to");
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
