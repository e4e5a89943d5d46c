package io.casecall.signaling.security;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.casecall.room.test.TestStack;
import io.casecall.signaling.support.RawHttp;
import io.casecall.signaling.support.RunningApp;
import io.casecall.signaling.support.TestApp;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 10, finding 5: the pages, the API and its refusals carry the security headers; framing is
 * refused unless configured; HSTS only for requests that came over TLS, as told by a trusted proxy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "casecall.sfu.type=fake")
@Import(TestApp.WithFakeSfu.class)
class SecurityHeadersTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

	@LocalServerPort
	int port;

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(strings = { "/join", "/agent", "/ops", "/api-docs.html", "/js/ui/boot.js", "/api/v1/calls/x",
			"/api/v1/ops/summary", "/nothing-here", "/.well-known/jwks.json" })
	void everyAnswerCarriesTheHeaders(String path) {
		RawHttp.Response response = RawHttp.exchange(this.port, "GET", path, "X-Forwarded-Proto", "https");

		String csp = response.header("Content-Security-Policy");
		assertThat(csp).contains("default-src 'self'", "script-src 'self';", "style-src 'self'", "object-src 'none'",
				"base-uri 'none'", "frame-ancestors 'none'");
		assertThat(csp).doesNotContain("unsafe-eval");
		if (!path.startsWith("/api-docs")) {
			assertThat(csp).doesNotContain("unsafe-inline");
		}
		assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(response.header("Permissions-Policy")).contains("camera=(self)", "microphone=(self)",
				"geolocation=()");
		// plain HTTP, and the forwarded protocol comes from nobody trusted
		assertThat(response.header("Strict-Transport-Security")).isNull();
		// headers only: no session, no login, no basic-auth challenge
		assertThat(response.header("Set-Cookie")).isNull();
		assertThat(response.status()).isNotEqualTo(403);
		assertThat(String.valueOf(response.header("Location"))).doesNotContain("login");
		assertThat(String.valueOf(response.header("WWW-Authenticate"))).doesNotContain("Basic");
	}

	@Test
	void theKeyFiltersStillDecideAndProblemsStillCarryTheirCodes() {
		RawHttp.Response refused = RawHttp.exchange(this.port, "POST", "/api/v1/calls", "Content-Type",
				"application/json", "Content-Length", "2");
		RawHttp.Response accepted = RawHttp.exchange(this.port, "GET", "/api/v1/cases/CASE-X/calls", "X-API-Key",
				TestApp.API_KEY);

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body()).contains("\"code\":\"api_key_missing\"");
		assertThat(accepted.status()).isEqualTo(200);
	}

	@Test
	void configuredAncestorsMayFrameAndTrustedProxiesGetHsts() {
		try (RunningApp app = RunningApp.start(TestStack.redisPort(), this.dir.resolve("keys"),
				"casecall.security.frame-ancestors[0]=https://crm.example.test",
				"casecall.security.connect-sources[0]=wss://media.example.test",
				"server.tomcat.remoteip.internal-proxies=127.0.0.1/32")) {
			RawHttp.Response overTls = RawHttp.exchange(app.port(), "GET", "/agent", "X-Forwarded-Proto", "https");
			RawHttp.Response plain = RawHttp.exchange(app.port(), "GET", "/agent");

			assertThat(overTls.header("Content-Security-Policy")).contains("frame-ancestors https://crm.example.test",
					"connect-src 'self' wss://media.example.test");
			assertThat(overTls.header("X-Frame-Options")).isNull();
			assertThat(overTls.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");
			assertThat(plain.header("Strict-Transport-Security")).isNull();
		}
	}

	@Test
	void anAncestorThatIsNotAnOriginIsRefusedAtStartup() {
		Throwable failure = catchThrowable(() -> RunningApp.start(TestStack.redisPort(), this.dir.resolve("keys"),
				"casecall.security.frame-ancestors[0]=https://crm.example.test; script-src *").close());

		assertThat(failure).isNotNull();
	}

}
