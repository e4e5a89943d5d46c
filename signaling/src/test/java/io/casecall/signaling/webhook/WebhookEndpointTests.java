package io.casecall.signaling.webhook;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Endpoint configuration is checked at startup, and a refusal never repeats a secret. */
class WebhookEndpointTests {

	static final String SECRET = WebhookTestSupport.newSecret();

	@Test
	void acceptsHttpsAnywhereAndHttpOnTheLoopback() {
		List<WebhookEndpoint> endpoints = WebhookEndpoint.of(properties(false,
				endpoint("crm", "https://crm.example.com/hooks?tenant=7", SECRET, List.of("call.ended")),
				endpoint("local", "http://127.0.0.1:9000/hooks", SECRET, List.of()),
				endpoint("dev", "http://localhost:9000/hooks", SECRET, List.of())));

		assertThat(endpoints).extracting(WebhookEndpoint::name).containsExactly("crm", "local", "dev");
		assertThat(endpoints.get(0).origin()).isEqualTo("https://crm.example.com");
		assertThat(endpoints.get(0).wants("call.ended")).isTrue();
		assertThat(endpoints.get(0).wants("call.created")).isFalse();
		assertThat(endpoints.get(1).wants("evidence.added")).isTrue();
	}

	@Test
	void refusesPlainHttpToAnotherHostUnlessAllowed() {
		WebhookProperties.Endpoint remote = endpoint("crm", "http://crm.example.com/hooks", SECRET, List.of());

		assertThatThrownBy(() -> WebhookEndpoint.of(properties(false, remote)))
			.isInstanceOf(InvalidWebhookConfigException.class)
			.hasMessageContaining("'crm'")
			.hasMessageContaining("https");
		assertThat(WebhookEndpoint.of(properties(true, remote))).hasSize(1);
	}

	@Test
	void refusesMalformedUrlsEventsAndNames() {
		assertRefused(endpoint("a", "ftp://crm.example.com/", SECRET, List.of()), "https");
		assertRefused(endpoint("a", "https://user:pw@crm.example.com/", SECRET, List.of()), "user info");
		assertRefused(endpoint("a", "/hooks", SECRET, List.of()), "absolute");
		assertRefused(endpoint("a", "https://crm.example.com/", SECRET, List.of("call.lost")), "unknown event type");
		assertThatThrownBy(() -> WebhookEndpoint.of(properties(false,
				endpoint("a", "https://one.example.com/", SECRET, List.of()),
				endpoint("a", "https://two.example.com/", SECRET, List.of()))))
			.hasMessageContaining("used twice");
	}

	@Test
	void refusesMalformedSecretsWithoutRepeatingThem() {
		String unprefixed = SECRET.substring("whsec_".length());
		String notBase64 = "whsec_not*base64*at*all*but*long*enough*to*see";
		String tooShort = "whsec_" + java.util.Base64.getEncoder().encodeToString("sixteen-bytes!!!".getBytes());

		for (String secret : List.of(unprefixed, notBase64, tooShort)) {
			assertThatThrownBy(
					() -> WebhookEndpoint.of(properties(false, endpoint("crm", "https://crm.example.com/", secret, List.of()))))
				.isInstanceOf(InvalidWebhookConfigException.class)
				.hasMessageContaining("secret")
				.message()
				.doesNotContain(secret.substring(secret.indexOf('_') + 1, secret.indexOf('_') + 12));
		}
		assertThat(endpoint("crm", "https://crm.example.com/", SECRET, List.of()).toString()).doesNotContain(unprefixed);
	}

	@Test
	void refusesAClaimTimeShorterThanAnAttempt() {
		WebhookProperties properties = new WebhookProperties(List.of(), false, "{cc:wh}:", "", Duration.ofSeconds(5),
				Duration.ofSeconds(30), 2, Duration.ofSeconds(5), Duration.ofHours(1), 12, Duration.ofMillis(500),
				Duration.ofSeconds(30), Duration.ofDays(7), 100000, 200, Duration.ofMinutes(1));

		assertThatThrownBy(() -> WebhookEndpoint.of(properties)).hasMessageContaining("claim-idle");
	}

	@Test
	void signsWithEverySecretOfARotation() {
		String old = WebhookTestSupport.newSecret();
		WebhookSigner signer = new WebhookSigner(List.of(SECRET, old));

		String header = signer.sign("msg_1", 1700000000L, "{}");

		assertThat(header.split(" ")).hasSize(2).allSatisfy((part) -> assertThat(part).startsWith("v1,"));
		assertThat(header.split(" ")[0]).isEqualTo(new WebhookSigner(List.of(SECRET)).sign("msg_1", 1700000000L, "{}"));
	}

	@Test
	void backsOffExponentiallyWithJitterUpToTheCap() {
		Duration initial = Duration.ofSeconds(5);
		Duration max = Duration.ofHours(1);

		assertThat(WebhookWorker.backoff(1, initial, max, 0)).isEqualTo(Duration.ofMillis(2500));
		assertThat(WebhookWorker.backoff(1, initial, max, 1)).isEqualTo(Duration.ofSeconds(5));
		assertThat(WebhookWorker.backoff(3, initial, max, 1)).isEqualTo(Duration.ofSeconds(20));
		assertThat(WebhookWorker.backoff(3, initial, max, 0.5)).isEqualTo(Duration.ofSeconds(15));
		assertThat(WebhookWorker.backoff(11, initial, max, 1)).isEqualTo(max);
		assertThat(WebhookWorker.backoff(50, initial, max, 0)).isEqualTo(Duration.ofMinutes(30));
	}

	private static void assertRefused(WebhookProperties.Endpoint endpoint, String message) {
		assertThatThrownBy(() -> WebhookEndpoint.of(properties(false, endpoint)))
			.isInstanceOf(InvalidWebhookConfigException.class)
			.hasMessageContaining(message);
	}

	static WebhookProperties.Endpoint endpoint(String name, String url, String secret, List<String> events) {
		return new WebhookProperties.Endpoint(name, url, secret, List.of(), events);
	}

	static WebhookProperties properties(boolean allowHttp, WebhookProperties.Endpoint... endpoints) {
		return new WebhookProperties(List.of(endpoints), allowHttp, "{cc:wh}:", "", Duration.ofSeconds(5),
				Duration.ofSeconds(10), 2, Duration.ofSeconds(5), Duration.ofHours(1), 12, Duration.ofMillis(500),
				Duration.ofMinutes(2), Duration.ofDays(7), 100000, 200, Duration.ofMinutes(1));
	}

}
