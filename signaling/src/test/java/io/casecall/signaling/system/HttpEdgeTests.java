package io.casecall.signaling.system;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.RawHttp;
import io.casecall.signaling.support.TestApp;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP edge as an attacker without credentials meets it (issue 10, findings 6, 8 and part
 * of 9): every refusal, the container's own included, is problem+json with a stable code;
 * {@code /error} is not a door; the OpenAPI document does not echo {@code Host}; a request that
 * trickles in is cut. Raw sockets send what {@code java.net.http} would normalise.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.sfu.type=fake", "casecall.api.public-base-url=https://calls.example.test" })
@Import(TestApp.WithFakeSfu.class)
class HttpEdgeTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST", "PUT", "DELETE" })
	void errorPathIsJustAPathThatDoesNotExist(String method) {
		RawHttp.Response response = RawHttp.exchange(this.port, method, "/error", "Content-Length", "0");

		assertProblem(response, 404, "not_found");
	}

	@Test
	void traceIsRefusedWithACode() {
		RawHttp.Response response = RawHttp.exchange(this.port, "TRACE", "/api/v1/calls");

		assertProblem(response, 405, "method_not_allowed");
		assertThat(json.readTree(response.body()).get("instance").asString()).isEqualTo("/api/v1/calls");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/calls/a%2Fb", "/api/v1/calls/a%00b", "/join%2F..%2F", "/%2e%2e/%2e%2e/etc/passwd",
			"/api/v1/calls/a%5Cb" })
	void badlyEncodedPathsAreProblems(String path) {
		RawHttp.Response response = RawHttp.exchange(this.port, "GET", path, "X-API-Key", TestApp.API_KEY);

		assertThat(response.status()).isBetween(400, 404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("code").asString()).isIn("bad_request", "not_found", "validation_failed");
		assertThat(response.body()).doesNotContain("Tomcat", "<html", "Exception");
	}

	@Test
	void aHeaderOverTheLimitIsAProblem() {
		RawHttp.Response response = RawHttp.exchange(this.port, "GET", "/api/v1/calls/x", "X-Padding",
				"a".repeat(17 * 1024));

		assertThat(response.status()).isIn(400, 431);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(json.readTree(response.body()).get("code").asString()).isIn("bad_request", "header_too_large");
	}

	@Test
	void aTwentyKilobyteTokenIsAProblemNotAPage() {
		RawHttp.Response response = RawHttp.exchange(this.port, "GET", "/ws/v1", "Upgrade", "websocket",
				"Connection", "Upgrade", "Sec-WebSocket-Version", "13", "Sec-WebSocket-Key",
				"dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol", "casecall.v1, token." + "e".repeat(20 * 1024));

		assertThat(response.status()).isIn(400, 431);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.body()).doesNotContain("<html");
	}

	@Test
	void openApiNamesTheConfiguredServerNotTheRequestsHost() {
		RawHttp.Response response = RawHttp.exchange(this.port, "GET", "/v3/api-docs", "X-Forwarded-Host",
				"evil.example", "Host-Override", "evil.example");
		RawHttp.Response spoofed;
		try (RawHttp http = new RawHttp(this.port)) {
			http.write("GET /v3/api-docs HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
			spoofed = http.readResponse();
		}

		assertThat(response.status()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("servers").get(0).get("url").asString())
			.isEqualTo("https://calls.example.test");
		assertThat(spoofed.status()).isEqualTo(200);
		assertThat(json.readTree(spoofed.body()).get("servers").get(0).get("url").asString())
			.isEqualTo("https://calls.example.test");
		assertThat(spoofed.body()).doesNotContain("evil.example");
	}

	@Test
	void aRequestWhoseHeadersTrickleInIsCut() {
		try (RawHttp http = new RawHttp(this.port)) {
			http.write("GET /api/v1/calls/x HTTP/1.1\r\nHost: 127.0.0.1\r\n");
			http.write("X-Slow-1: a\r\n");

			// the attacker's next line would come 10 s later: the server has hung up before that
			await().atMost(Duration.ofSeconds(9))
				.pollInterval(Duration.ofMillis(250))
				.until(http::closedByServer);
		}
	}

	@Test
	void problemsFromFiltersAndHandlersKeepTheirCodes() {
		Http.Response noKey = new Http(this.port).get("/api/v1/calls/x");
		Http.Response unknown = new Http(this.port).get("/nothing-here");

		assertThat(noKey.status()).isEqualTo(401);
		assertThat(noKey.json().get("code").asString()).isEqualTo("api_key_missing");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("code").asString()).isEqualTo("not_found");
	}

	private static void assertProblem(RawHttp.Response response, int status, String code) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("code").asString()).isEqualTo(code);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
	}

}
