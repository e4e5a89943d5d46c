package io.casecall.signaling.e2e;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fallback of instant join: a page whose pre-connection is not ready at the click (here the
 * server does not pre-connect at all, {@code casecall.signaling.preconnect=false}) joins the way
 * it did before, through the real Janus, and says so in its report.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "casecall.signaling.preconnect=false")
class InstantJoinFallbackEndToEndTests extends TwoBrowsers {

	@Test
	void aClickBeforeThePreconnectionIsReadyConnectsTheWayItDidBefore() {
		String[] links = InstantJoinEndToEndTests.createCall(this.port);
		agent.get(links[0]);
		await().atMost(MEDIA).until(() -> "waiting".equals(agent.callState()));

		customer.get(links[1]);
		await().atMost(MEDIA)
			.until(() -> Boolean.TRUE.equals(customer.script("return 'preconnect_sent' in window.casecall.timings()")));
		customer.driver().findElement(By.cssSelector("[data-testid=join]")).click();
		await().atMost(MEDIA).until(() -> customer.framesDecoded() > 0 && agent.framesDecoded() > 0);
		await().atMost(MEDIA).until(() -> "connected".equals(customer.callState()));

		JsonNode timing = InstantJoinEndToEndTests.customerTiming(this.port, links[2]);
		System.out.printf("instant e2e fallback: report %s%n", timing);
		assertThat(timing.has("rejected")).as(timing.toString()).isFalse();
		assertThat(timing.get("preconnected").asBoolean()).as(timing.toString()).isFalse();
		assertThat(timing.get("marks").has("pre_dtls_connected")).isFalse();
		assertThat(timing.get("marks").get("dtls_connected").asDouble())
			.isGreaterThanOrEqualTo(timing.get("marks").get("join_click").asDouble());
		assertThat(timing.get("serverMs").asDouble()).isPositive();
	}

}
