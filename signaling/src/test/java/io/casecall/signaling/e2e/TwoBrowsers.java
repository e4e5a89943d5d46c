package io.casecall.signaling.e2e;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.TestApp;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a browser test of one call needs: the test app on its port (with the test stack's Redis
 * and Janus) and two headless Chromium, the agent's and the customer's, for the whole class.
 */
abstract class TwoBrowsers {

	static final Duration MEDIA = Duration.ofSeconds(30);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

	@LocalServerPort
	int port;

	static Browser agent;

	static Browser customer;

	@BeforeAll
	static void openBrowsers() {
		agent = Browser.open(1280, 800);
		customer = Browser.open(1280, 800);
	}

	@AfterAll
	static void closeBrowsers() {
		agent.close();
		customer.close();
	}

}
