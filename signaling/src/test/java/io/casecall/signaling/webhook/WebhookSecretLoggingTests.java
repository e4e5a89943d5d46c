package io.casecall.signaling.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.casecall.room.test.TestStack;
import io.casecall.signaling.support.RunningApp;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Endpoint secrets appear in no log line: not at startup, not on failures, not when refused. */
@ExtendWith(OutputCaptureExtension.class)
class WebhookSecretLoggingTests {

	@TempDir
	Path keys;

	@Test
	void neverLogsAnEndpointSecret(CapturedOutput output) {
		String secret = WebhookTestSupport.newSecret();
		AtomicInteger requests = new AtomicInteger();
		try (WebhookReceiver receiver = new WebhookReceiver(secret)) {
			receiver.respond((request) -> (requests.incrementAndGet() == 1) ? 500 : 200);
			try (RunningApp app = RunningApp.start(TestStack.redisPort(), this.keys,
					WebhookRestartTests.properties(WebhookTestSupport.keyPrefix(), receiver, secret, "node-logs"))) {
				String callId = app.http()
					.postJson("/api/v1/calls", "{\"caseId\":\"CASE-WH-LOGS\"}")
					.json()
					.get("callId")
					.asString();
				await().atMost(Duration.ofSeconds(15))
					.until(() -> receiver.received(callId).stream().anyMatch((r) -> r.answered() == 200));
			}
		}
		// a secret one byte short of the minimum: the refusal names the endpoint, not the secret
		String shortSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[23]).replace('A', 'Q');
		assertThatThrownBy(() -> RunningApp.start(TestStack.redisPort(), this.keys,
				"casecall.webhooks.endpoints[0].name=crm", "casecall.webhooks.endpoints[0].url=https://crm.example.com/",
				"casecall.webhooks.endpoints[0].secret=" + shortSecret))
			.hasStackTraceContaining("24 to 64 bytes");

		assertThat(output.getAll()).contains("failed (attempt 1").contains("Webhook endpoint crm at http://127.0.0.1:");
		assertThat(output.getAll()).doesNotContain(secret.substring(6, 30)).doesNotContain(shortSecret.substring(6, 30));
	}

}
