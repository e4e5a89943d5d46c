package io.casecall.room.sfu.jvb;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fake bridge is only useful if it refuses what JVB 2.3 refuses and answers what it answers:
 * one test per rule, with hand-written colibri2 requests, the expected answers as a real bridge
 * gave them (built from jitsi-videobridge master, December 2026). The bridge class each rule
 * comes from is named in {@link FakeColibri2} and {@link FakeJitsiVideobridge}.
 */
class JvbFakeBridgeTests {

	private static final String ENDPOINT = """
			{"create":true,"id":"%s","medias":[{"type":"audio"}],"transport":{"ice-controlling":true},
			 "capabilities":["source-names"]}""";

	private final FakeJitsiVideobridge bridge = FakeJitsiVideobridge.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void stop() {
		this.bridge.close();
	}

	@Test
	void acceptsAConferenceNameOnlyWhenItIsABareJid() throws Exception {
		assertRefused(post("""
				{"meeting-id":"m1","name":"m1","create":true,"endpoints":[%s]}""".formatted(ENDPOINT.formatted("e1"))),
				"Failed to create conference: Invalid conference name (not a JID)");
		assertRefused(post("""
				{"meeting-id":"m2","name":"conference.example","create":true}"""),
				"Failed to create conference: Invalid conference name (not a JID)");

		assertThat(post("""
				{"meeting-id":"m3","name":"m3@conference.casecall","create":true,"endpoints":[%s]}"""
			.formatted(ENDPOINT.formatted("e1"))).statusCode()).isEqualTo(200);
		assertThat(create("m4", "e1").statusCode()).as("no name at all").isEqualTo(200);
	}

	@Test
	void needsAMeetingIdAndMembersOfTheRightJsonType() throws Exception {
		assertRefused(post("{\"create\":true}"),
				"Failed to parse ConferenceModify JSON:meeting-id must be set for conference-modify IQ");
		assertRefused(post("{\"meeting-id\":\"m1\",\"create\":\"yes\"}"),
				"Failed to parse ConferenceModify JSON:Expected boolean for create, got STRING");
		assertRefused(post("""
				{"meeting-id":"m1","create":true,"endpoints":[{"create":true,"id":"e1","transport":{},
				 "capabilities":["source-names"],"medias":[{"type":"audio","rtp-hdrexts":[{"id":"1","uri":"urn:x"}]}]}]}"""),
				"Failed to parse ConferenceModify JSON:Expected numeric header extension id, got STRING");
		assertRefused(post("""
				{"meeting-id":"m1","create":true,"endpoints":[{"create":true,"id":"e1","transport":{},
				 "capabilities":["source-names"],"initial-last-n":0}]}"""),
				"Failed to parse ConferenceModify JSON:Expected object for initial-last-n, got NUMBER");
		assertRefused(post("""
				{"meeting-id":"m1","create":true,"endpoints":[{"create":true,"id":"e1","transport":{},
				 "capabilities":["source-names"],"initial-last-n":{"value":"0"}}]}"""),
				"Failed to parse ConferenceModify JSON:Invalid 'value'");
		assertRefused(post("nope"), "Failed to create conference, could not parse JSON: ");
		assertRefused(post("[1]"), "Bad Request");
		assertThat(this.bridge.colibri()).allMatch((request) -> request.status() == 400);
	}

	@Test
	void createsAConferenceOnceAndFindsOnlyExistingOnes() throws Exception {
		create("m1", "e1");

		assertRefused(create("m1", "e2"), "Failed to create conference: Conference already exists for ID: m1");
		assertRefused(post("{\"meeting-id\":\"m9\",\"endpoints\":[%s]}".formatted(ENDPOINT.formatted("e1"))),
				"Failed to create conference: Conference not found for ID: m9");
	}

	@Test
	void takesNoNewConferenceInGracefulShutdown() throws Exception {
		create("m1", "e1");
		this.bridge.gracefulShutdown(true);

		assertRefused(create("m2", "e1"), "Failed to create conference: In graceful shutdown");
		assertThat(patch("m1", "{\"endpoints\":[%s]}".formatted(ENDPOINT.formatted("e2"))).statusCode())
			.as("its conferences go on").isEqualTo(200);
	}

	@Test
	void refusesAnEndpointWithoutTheSourceNamesCapabilityButKeepsTheConferenceItCreatedFirst() throws Exception {
		HttpResponse<String> response = post("""
				{"meeting-id":"m1","create":true,"endpoints":[{"create":true,"id":"e1",
				 "medias":[{"type":"audio"}],"transport":{"ice-controlling":true}}]}""");

		assertRefused(response, "Failed to create conference: Source name support is mandatory.");
		assertThat(this.bridge.conference("m1")).isNotNull();
		assertThat(this.bridge.conference("m1").endpoints).isEmpty();
		assertRefused(create("m1", "e1"), "Failed to create conference: Conference already exists for ID: m1");
	}

	@Test
	void refusesAnEndpointWithoutTransportTwiceTheSameIdOrWithSctp() throws Exception {
		assertRefused(post("""
				{"meeting-id":"m1","create":true,"endpoints":[{"create":true,"id":"e1","capabilities":["source-names"]}]}"""),
				"Failed to create conference: Attempt to create endpoint e1 with no <transport>");
		assertThat(patch("m1", "{\"endpoints\":[%s]}".formatted(ENDPOINT.formatted("e1"))).statusCode()).isEqualTo(200);

		assertThat(patch("m1", "{\"endpoints\":[%s]}".formatted(ENDPOINT.formatted("e1"))).statusCode())
			.as("Endpoint with ID e1 already exists").isEqualTo(400);
		assertThat(patch("m1", """
				{"endpoints":[{"create":true,"id":"e2","transport":{"sctp":{}},"capabilities":["source-names"]}]}""")
			.statusCode()).as("SCTP support is not configured").isEqualTo(400);
		assertThat(this.bridge.conference("m1").endpoints).containsOnlyKeys("e1");
	}

	@Test
	void refusesMediaForTwoEndpointsInOneRequestButExpiresSeveralAndIgnoresUnknownOnes() throws Exception {
		create("m1", "e1");
		patch("m1", "{\"endpoints\":[%s]}".formatted(ENDPOINT.formatted("e2")));

		assertThat(patch("m1", "{\"endpoints\":[%s,%s]}".formatted(ENDPOINT.formatted("e3"), ENDPOINT.formatted("e4")))
			.statusCode()).isEqualTo(400);
		HttpResponse<String> expired = patch("m1", """
				{"endpoints":[{"id":"e2","expire":true},{"id":"gone","expire":true}]}""");
		assertThat(expired.statusCode()).isEqualTo(200);
		assertThat(expired.body()).isEqualTo("{\"endpoints\":[{\"id\":\"e2\",\"expire\":true},{\"id\":\"gone\","
				+ "\"expire\":true}]}");
		assertThat(this.bridge.conference("m1").endpoints).containsOnlyKeys("e1");
	}

	@Test
	void refusesUpdatesOfAnUnknownEndpointAndSourcesOfAVisitor() throws Exception {
		create("m1", "e1");

		assertThat(patch("m1", "{\"endpoints\":[{\"id\":\"nobody\",\"sources\":[]}]}").statusCode()).isEqualTo(400);
		patch("m1", """
				{"endpoints":[{"create":true,"id":"v1","muc-role":"visitor","transport":{},"capabilities":["source-names"]}]}""");
		assertThat(patch("m1", """
				{"endpoints":[{"id":"v1","sources":[{"type":"audio","id":"v1-a0","sources":[{"ssrc":1}]}]}]}""")
			.statusCode()).isEqualTo(400);
		assertThat(patch("m1", """
				{"endpoints":[{"id":"e1","sources":[{"id":"e1-a0","sources":[{"ssrc":1}]}]}]}""").statusCode())
			.as("a source without its media type").isEqualTo(400);
	}

	@Test
	void explainsRefusalsOfAPostInAnErrorPageAndThoseOfAPatchNot() throws Exception {
		create("m1", "e1");
		HttpResponse<String> post = create("m1", "e2");
		HttpResponse<String> patch = patch("m1", "{\"endpoints\":[{\"id\":\"nobody\",\"sources\":[]}]}");

		assertThat(post.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type)
			.startsWith("text/html"));
		assertThat(Refusals.reason(post.body()))
			.isEqualTo("Failed to create conference: Conference already exists for ID: m1");
		assertThat(patch.statusCode()).isEqualTo(400);
		assertThat(patch.body()).isEmpty();
		assertThat(Refusals.reason(patch.body())).isEqualTo("no reason given");
	}

	@Test
	void ignoresATransportWithoutXmlnsSoIceNeverStarts() throws Exception {
		create("m1", "e1");
		patch("m1", """
				{"endpoints":[{"id":"e1","transport":{"transport":{"ufrag":"u","pwd":"p","fingerprints":[]}}}]}""");
		FakeBridgeState.Endpoint endpoint = this.bridge.conference("m1").endpoints.get("e1");
		assertThat(endpoint.iceStarted()).isFalse();
		assertThat(endpoint.ignoredTransports).isEqualTo(1);

		patch("m1", """
				{"endpoints":[{"id":"e1","transport":{"transport":{"xmlns":"urn:xmpp:jingle:transports:ice-udp:1",
				 "ufrag":"u","pwd":"p","fingerprints":[]}}}]}""");
		assertThat(endpoint.iceStarted()).isTrue();
	}

	@Test
	void setsUpDtlsAgainForEveryTransportWithAFingerprint() throws Exception {
		create("m1", "e1");
		String transport = """
				{"endpoints":[{"id":"e1","transport":{"transport":{"xmlns":"urn:xmpp:jingle:transports:ice-udp:1",
				 "ufrag":"u","pwd":"p","fingerprints":[{"fingerprint":"AB:CD","setup":"active","hash":"sha-256"}]}}}]}""";
		patch("m1", transport);
		patch("m1", "{\"endpoints\":[{\"id\":\"e1\",\"sources\":[]}]}");
		FakeBridgeState.Endpoint endpoint = this.bridge.conference("m1").endpoints.get("e1");
		assertThat(endpoint.dtlsSetups).isEqualTo(1);

		patch("m1", transport);
		assertThat(endpoint.dtlsSetups).isEqualTo(2);
	}

	@Test
	void answersAllocationsWithTransportWebSocketAndFeedbackSourcesOfSsrcAndNameOnly() throws Exception {
		String response = create("m1", "e1").body();

		assertThat(response).contains("\"ufrag\"", "\"pwd\"", "\"setup\":\"actpass\"", "\"type\":\"host\"",
				"\"rtcp-mux\":true", "\"web-sockets\":[\"ws://", "/e1?pwd=", "\"id\":\"jvb-a0\"", "\"id\":\"jvb-v0\"",
				"\"name\":\"jvb-a0\"")
			.doesNotContain("msid");
		assertThat(patch("m1", "{\"endpoints\":[{\"id\":\"e1\",\"sources\":[]}]}").body())
			.as("no feedback sources without a create").isEqualTo("{\"endpoints\":[{\"id\":\"e1\"}]}");
	}

	@Test
	void dropsTheConferenceWithItsLastEndpointAndAnswers404Afterwards() throws Exception {
		create("m1", "e1");

		assertThat(patch("m1", "{\"endpoints\":[{\"id\":\"e1\",\"expire\":true}]}").statusCode()).isEqualTo(200);
		assertThat(patch("m1", "{\"expire\":true}").statusCode()).isEqualTo(404);
		assertThat(patch("m1", "{\"expire\":true}").body()).isEmpty();
	}

	@Test
	void forgetsEverythingOnRestartFailsWith5xxOnDemandAndRefusesConnectionsWhileDown() throws Exception {
		create("m1", "e1");
		this.bridge.restart();
		assertThat(patch("m1", "{\"expire\":true}").statusCode()).isEqualTo(404);
		this.bridge.failWith(503);
		assertThat(create("m2", "e1").statusCode()).isEqualTo(503);
		this.bridge.failWith(0);

		this.bridge.down();
		assertThatThrownBy(() -> patch("m1", "{\"expire\":true}")).isInstanceOf(ConnectException.class);
		this.bridge.up();
		assertThat(get("/about/health").statusCode()).isEqualTo(200);
	}

	@Test
	void reportsHealthAndLoad() throws Exception {
		create("m1", "e1");
		this.bridge.stressLevel(0.25);

		assertThat(get("/colibri/stats").body()).contains("\"stress_level\":0.25", "\"conferences\":1",
				"\"participants\":1");
		this.bridge.healthy(false);
		assertThat(get("/about/health").statusCode()).isEqualTo(500);
	}

	private static void assertRefused(HttpResponse<String> response, String reason) {
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(Refusals.reason(response.body())).startsWith(reason);
	}

	private HttpResponse<String> create(String meetingId, String endpoint) throws Exception {
		return post("{\"meeting-id\":\"%s\",\"create\":true,\"endpoints\":[%s]}".formatted(meetingId,
				ENDPOINT.formatted(endpoint)));
	}

	private HttpResponse<String> post(String body) throws Exception {
		return send("POST", "", body);
	}

	private HttpResponse<String> patch(String meetingId, String body) throws Exception {
		return send("PATCH", "/" + meetingId, body);
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri("/colibri/v2/conferences" + path))
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create(this.bridge.restUrl() + path);
	}

}
