package io.casecall.signaling.api;

import java.time.Instant;
import java.util.UUID;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.TestApp;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.sfu.type=fake", "casecall.api.public-base-url=https://calls.example.test/" })
@Import(TestApp.WithFakeSfu.class)
class CallApiTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

	@LocalServerPort
	int port;

	private Http http() {
		return new Http(this.port);
	}

	@Test
	void createsACallWithJoinLinksAndReadsItBack() {
		String caseId = newCase();

		Http.Response created = http().postJson("/api/v1/calls", body(caseId));

		assertThat(created.status()).isEqualTo(201);
		JsonNode call = created.json();
		String id = call.get("callId").asString();
		assertThat(created.raw().headers().firstValue("Location"))
			.hasValue("https://calls.example.test/api/v1/calls/" + id);
		assertThat(call.get("status").asString()).isEqualTo("created");
		assertThat(call.get("agentJoinUrl").asString()).startsWith("https://calls.example.test/agent#token=ey");
		assertThat(call.get("customerInviteUrl").asString()).startsWith("https://calls.example.test/join#token=ey");
		assertThat(call.get("agentTokenExpiresAt").asString()).isNotBlank();
		assertThat(call.get("inviteExpiresAt").asString()).isNotBlank();

		Http.Response read = http().getAsClient("/api/v1/calls/" + id);
		assertThat(read.status()).isEqualTo(200);
		JsonNode record = read.json();
		assertThat(record.get("caseId").asString()).isEqualTo(caseId);
		assertThat(record.get("orderValue").get("amount").decimalValue()).isEqualByComparingTo("129.50");
		assertThat(record.get("orderValue").get("currency").asString()).isEqualTo("EUR");
		assertThat(record.get("participants")).hasSize(2);
		assertThat(record.get("participants").get(1).get("displayName").asString()).isEqualTo("Li Wei");
		assertThat(record.get("participants").get(1).get("present").asBoolean()).isFalse();
	}

	@Test
	void endsACallOnceWithOutcomeAndNoteAndListsTheCaseHistory() {
		String caseId = newCase();
		String first = http().postJson("/api/v1/calls", body(caseId)).json().get("callId").asString();
		String second = http().postJson("/api/v1/calls", body(caseId)).json().get("callId").asString();

		Http.Response ended = http().postJson("/api/v1/calls/" + second + "/end",
				"{\"outcome\":\"claim_filed\",\"note\":\"Carrier claim #88 opened\"}");
		Http.Response again = http().postJson("/api/v1/calls/" + second + "/end", "{\"outcome\":\"refunded\"}");
		Http.Response withoutBody = http().post("/api/v1/calls/" + first + "/end", null, "X-API-Key", TestApp.API_KEY);

		assertThat(ended.status()).isEqualTo(200);
		assertThat(ended.json().get("status").asString()).isEqualTo("ended");
		assertThat(ended.json().get("endReason").asString()).isEqualTo("agent_ended");
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("outcome").asString()).isEqualTo("claim_filed");
		assertThat(again.json().get("note").asString()).isEqualTo("Carrier claim #88 opened");
		assertThat(withoutBody.status()).isEqualTo(200);
		JsonNode history = http().getAsClient("/api/v1/cases/" + caseId + "/calls").json();
		assertThat(history.get("calls")).hasSize(2);
		assertThat(history.get("calls").get(0).get("callId").asString()).isEqualTo(second);
		assertThat(history.get("calls").get(1).get("callId").asString()).isEqualTo(first);
	}

	@Test
	void anIdempotencyKeyReturnsTheSameCallAndRefusesAnotherBody() {
		String caseId = newCase();
		String key = UUID.randomUUID().toString();

		Http.Response first = http().postJson("/api/v1/calls", body(caseId), "Idempotency-Key", key);
		Http.Response repeat = http().postJson("/api/v1/calls", body(caseId), "Idempotency-Key", key);
		Http.Response other = http().postJson("/api/v1/calls", body(newCase()), "Idempotency-Key", key);

		assertThat(first.status()).isEqualTo(201);
		assertThat(repeat.status()).isEqualTo(200);
		assertThat(repeat.json().get("callId").asString()).isEqualTo(first.json().get("callId").asString());
		assertProblem(other, 422, "idempotency_conflict");
		assertThat(http().getAsClient("/api/v1/cases/" + caseId + "/calls").json().get("calls")).hasSize(1);
	}

	static Iterable<Arguments> badBodies() {
		String id = "\"caseId\":\"CASE-BAD\"";
		return java.util.List.of(Arguments.of("missing caseId", "{\"reason\":\"x\"}"),
				Arguments.of("long caseId", "{\"caseId\":\"" + "A".repeat(65) + "\"}"),
				Arguments.of("illegal caseId", "{\"caseId\":\"CASE 1/2\"}"),
				Arguments.of("bad currency", "{" + id + ",\"orderValue\":{\"amount\":10,\"currency\":\"EURO\"}}"),
				Arguments.of("unknown currency", "{" + id + ",\"orderValue\":{\"amount\":10,\"currency\":\"XYZ\"}}"),
				Arguments.of("negative amount", "{" + id + ",\"orderValue\":{\"amount\":-0.01,\"currency\":\"EUR\"}}"),
				Arguments.of("bad locale", "{" + id + ",\"customer\":{\"locale\":\"not a locale\"}}"),
				Arguments.of("long reason", "{" + id + ",\"reason\":\"" + "r".repeat(201) + "\"}"),
				Arguments.of("control characters", "{" + id + ",\"customer\":{\"displayName\":\"a\\u0007b\"}}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badBodies")
	void refusesInvalidCallRequestsAndCreatesNothing(String what, String body) {
		int before = history("CASE-BAD");

		Http.Response response = http().postJson("/api/v1/calls", body);

		assertProblem(response, 400, "validation_failed");
		assertThat(response.json().get("errors")).isNotEmpty();
		assertThat(history("CASE-BAD")).isEqualTo(before);
	}

	@Test
	void refusesMalformedJsonAndOtherContentTypes() {
		assertProblem(http().postJson("/api/v1/calls", "{\"caseId\":"), 400, "malformed_json");
		assertProblem(http().postJson("/api/v1/calls", "[1,2]"), 400, "malformed_json");
		assertProblem(http().post("/api/v1/calls", "caseId=CASE-1", "X-API-Key", TestApp.API_KEY, "Content-Type",
				"application/x-www-form-urlencoded"), 415, "unsupported_media_type");
	}

	@Test
	void refusesMissingOrWrongApiKeys() {
		Http.Response missing = http().post("/api/v1/calls", body(newCase()), "Content-Type", "application/json");
		Http.Response wrong = http().post("/api/v1/calls", body(newCase()), "Content-Type", "application/json",
				"X-API-Key", "not-the-key");
		Http.Response read = http().get("/api/v1/cases/CASE-1/calls");

		assertProblem(missing, 401, "api_key_missing");
		assertProblem(wrong, 401, "api_key_invalid");
		assertProblem(read, 401, "api_key_missing");
		assertThat(wrong.body()).doesNotContain("not-the-key");
	}

	@Test
	void givesAFreshAgentLinkForAnOpenCallOnly() {
		JsonNode created = http().postJson("/api/v1/calls", body(newCase())).json();
		String id = created.get("callId").asString();

		Http.Response link = http().postJson("/api/v1/calls/" + id + "/agent-link", null);

		assertThat(link.status()).isEqualTo(200);
		String url = link.json().get("agentJoinUrl").asString();
		assertThat(url).startsWith("https://calls.example.test/agent#token=");
		assertThat(token(url)).isNotEqualTo(token(created.get("agentJoinUrl").asString()));
		assertThat(Instant.parse(link.json().get("agentTokenExpiresAt").asString())).isAfter(Instant.now());
		JsonNode session = http().get("/api/v1/session", "Authorization", "Bearer " + token(url)).json();
		assertThat(session.get("role").asString()).isEqualTo("agent");
		assertThat(session.get("callId").asString()).isEqualTo(id);

		assertProblem(http().post("/api/v1/calls/" + id + "/agent-link", null), 401, "api_key_missing");
		assertProblem(http().postJson("/api/v1/calls/no-such-call/agent-link", null), 404, "call_not_found");
		http().postJson("/api/v1/calls/" + id + "/end", "{}");
		assertProblem(http().postJson("/api/v1/calls/" + id + "/agent-link", null), 410, "call_ended");
		assertProblem(http().get("/api/v1/session", "Authorization", "Bearer " + token(url)), 403, "token_revoked");
	}

	@Test
	void refusesUnknownCallsAndOversizedNotes() {
		String id = http().postJson("/api/v1/calls", body(newCase())).json().get("callId").asString();

		assertProblem(http().getAsClient("/api/v1/calls/no-such-call"), 404, "call_not_found");
		assertProblem(http().postJson("/api/v1/calls/no-such-call/end", "{}"), 404, "call_not_found");
		assertProblem(http().getAsClient("/api/v1/calls/bad%20id"), 400, "validation_failed");
		assertProblem(http().postJson("/api/v1/calls/" + id + "/end", "{\"note\":\"" + "n".repeat(2001) + "\"}"), 400,
				"validation_failed");
		assertProblem(http().postJson("/api/v1/calls/" + id + "/end", "{\"outcome\":\"lost\"}"), 400,
				"validation_failed");
		assertThat(http().getAsClient("/api/v1/calls/" + id).json().get("status").asString()).isEqualTo("created");
	}

	@Test
	void issuedTokensVerifyAgainstThePublishedJwks() throws Exception {
		JsonNode call = http().postJson("/api/v1/calls", body(newCase())).json();
		JWKSet jwks = JWKSet.parse(http().get("/.well-known/jwks.json").body());

		for (String url : new String[] { call.get("agentJoinUrl").asString(),
				call.get("customerInviteUrl").asString() }) {
			SignedJWT jwt = SignedJWT.parse(url.substring(url.indexOf("#token=") + 7));
			ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
			assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
			assertThat(jwt.getJWTClaimsSet().getStringClaim("call")).isEqualTo(call.get("callId").asString());
		}
	}

	@Test
	void servesTheSessionOfAPageAndRefusesTokensOfEndedCalls() {
		JsonNode call = http().postJson("/api/v1/calls", body(newCase())).json();
		String agentToken = token(call.get("agentJoinUrl").asString());
		String inviteToken = token(call.get("customerInviteUrl").asString());

		JsonNode agent = http().get("/api/v1/session", "Authorization", "Bearer " + agentToken).json();
		JsonNode customer = http().get("/api/v1/session", "Authorization", "Bearer " + inviteToken).json();

		assertThat(agent.get("role").asString()).isEqualTo("agent");
		assertThat(agent.get("reason").asString()).isEqualTo("Parcel lost in transit");
		assertThat(agent.get("inviteUrl").asString()).startsWith("https://calls.example.test/join#token=");
		assertThat(customer.get("role").asString()).isEqualTo("customer");
		assertThat(customer.get("locale").asString()).isEqualTo("zh-CN");
		assertThat(customer.get("otherName").asString()).isEqualTo("Maria");
		assertThat(customer.has("inviteUrl")).isFalse();
		assertThat(customer.has("iceServers")).as("no STUN/TURN configured here").isFalse();
		assertThat(customer.has("orderValue")).isFalse();

		http().postJson("/api/v1/calls/" + call.get("callId").asString() + "/end", "{}");
		assertProblem(http().get("/api/v1/session", "Authorization", "Bearer " + inviteToken), 403, "token_revoked");
		assertProblem(http().get("/api/v1/session", "Authorization", "Bearer garbage"), 401, "token_malformed");
		assertProblem(http().get("/api/v1/session"), 401, "token_malformed");
	}

	@Test
	void servesAnOpenApiDescriptionOfTheCallApi() {
		JsonNode api = http().get("/v3/api-docs").json();

		assertThat(api.get("paths").propertyNames()).contains("/api/v1/calls", "/api/v1/calls/{callId}",
				"/api/v1/calls/{callId}/end", "/api/v1/calls/{callId}/agent-link", "/api/v1/cases/{caseId}/calls",
				"/api/v1/session");
		assertThat(api.get("paths").get("/api/v1/calls").has("post")).isTrue();
		JsonNode record = api.get("components").get("schemas").get("CallView").get("properties");
		assertThat(record.get("presence").get("description").asString()).startsWith("The presence history");
		assertThat(api.get("components").get("schemas").get("Presence").get("properties").propertyNames())
			.containsExactlyInAnyOrder("at", "role", "cause", "instance");
	}

	private int history(String caseId) {
		return http().getAsClient("/api/v1/cases/" + caseId + "/calls").json().get("calls").size();
	}

	static void assertProblem(Http.Response response, int status, String code) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("code").asString()).isEqualTo(code);
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
	}

	static String token(String url) {
		return url.substring(url.indexOf("#token=") + "#token=".length());
	}

	static String newCase() {
		return "CASE-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static String body(String caseId) {
		return """
				{"caseId":"%s","reason":"Parcel lost in transit",
				 "orderValue":{"amount":129.50,"currency":"EUR"},
				 "customer":{"displayName":"Li Wei","locale":"zh-CN"},
				 "agent":{"id":"agent-7","displayName":"Maria"}}""".formatted(caseId);
	}

}
