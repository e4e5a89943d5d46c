package io.casecall.signaling.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.TestApp;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.casecall.signaling.api.CallApiTests.assertProblem;
import static io.casecall.signaling.api.CallApiTests.newCase;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, finding 7: what the call API used to accept and must refuse. Strict JSON (no number
 * to text, no member twice, no unknown member), a bounded body, and Unicode-aware text rules.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "casecall.sfu.type=fake")
@Import(TestApp.WithFakeSfu.class)
class RequestBodyTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void aNumberIsNotTurnedIntoACaseId() {
		Http.Response response = create("{\"caseId\":123}");

		assertProblem(response, 400, "validation_failed");
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("caseId");
		assertProblem(create("{\"caseId\":\"C-1\",\"reason\":true}"), 400, "validation_failed");
	}

	@Test
	void aMemberGivenTwiceIsRefused() {
		assertProblem(create("{\"caseId\":\"A\",\"caseId\":\"B\"}"), 400, "malformed_json");
		assertProblem(create("{\"caseId\":\"" + newCase() + "\",\"customer\":{\"displayName\":\"A\",\"displayName\":\"B\"}}"),
				400, "malformed_json");
	}

	@Test
	void anUnknownMemberIsRefusedAndNamed() {
		Http.Response response = create("{\"caseId\":\"" + newCase() + "\",\"reasons\":\"typo\"}");

		assertProblem(response, 400, "unknown_member");
		assertThat(response.json().get("member").asString()).isEqualTo("reasons");
	}

	@Test
	void aTenMegabyteBodyIsRefusedBeforeItIsRead() {
		String huge = "{\"caseId\":\"" + newCase() + "\",\"padding\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";

		Http.Response response = create(huge);

		assertProblem(response, 413, "payload_too_large");
	}

	@Test
	void aChunkedBodyOverTheLimitIsRefusedToo() throws Exception {
		byte[] part = ("{\"caseId\":\"" + newCase() + "\",\"reason\":\"" + "x".repeat(70 * 1024) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/calls"))
			.header("X-API-Key", TestApp.API_KEY)
			.header("Content-Type", "application/json")
			// a publisher of unknown length: sent chunked, no Content-Length to refuse up front
			.POST(HttpRequest.BodyPublishers.ofByteArrays(Collections.nCopies(1, part)))
			.build();

		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("\"code\":\"payload_too_large\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u0085", "\u009b", "\\u0085", "\\u009B", "\u202e", "\u2066", "\u2028" })
	void controlAndBidiOverrideCharactersAreRefusedInTheReason(String character) {
		Http.Response response = create("{\"caseId\":\"" + newCase() + "\",\"reason\":\"Parcel " + character + "lost\"}");

		assertProblem(response, 400, "validation_failed");
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");
	}

	@ParameterizedTest
	@ValueSource(strings = { "gnp.\u202Eexe", "\u200b\u200b\u200b", "\u3164", " \u200d ", "\u2066Li\u2069", "Li\u009bWei" })
	void invisibleOrBidiTrickNamesAreRefused(String name) {
		Http.Response response = create("{\"caseId\":\"" + newCase() + "\",\"customer\":{\"displayName\":\"" + name
				+ "\"},\"agent\":{\"displayName\":\"Maria\"}}");

		assertProblem(response, 400, "validation_failed");
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("customer.displayName");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Li Wei", "\u05d3\u05e0\u05d4 \u05db\u05d4\u05df", "\u200f\u0633\u0627\u0631\u0627",
			"Ana \ud83d\udc69\u200d\ud83d\udcbb", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "Zo\u00eb" })
	void realNamesInAnyScriptAreAccepted(String name) {
		Http.Response response = create("{\"caseId\":\"" + newCase() + "\",\"customer\":{\"displayName\":\"" + name
				+ "\"}}");

		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	@Test
	void aClosingNoteKeepsLineBreaksButNotC1Controls() {
		String id = create("{\"caseId\":\"" + newCase() + "\"}").json().get("callId").asString();

		assertProblem(http().postJson("/api/v1/calls/" + id + "/end", "{\"note\":\"a\\u0085b\"}"), 400,
				"validation_failed");
		assertThat(http().postJson("/api/v1/calls/" + id + "/end", "{\"outcome\":\"refunded\",\"note\":\"line 1\\nline 2\"}")
			.status()).isEqualTo(200);
	}

	private Http http() {
		return new Http(this.port);
	}

	private Http.Response create(String body) {
		return http().postJson("/api/v1/calls", body);
	}

}
