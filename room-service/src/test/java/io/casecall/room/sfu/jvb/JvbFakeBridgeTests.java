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
 * The fake bridge is only useful if it is as strict as JVB 2.3 where CaseCall could go wrong:
 * these tests pin its behaviour with hand-written colibri2 requests.
 */
class JvbFakeBridgeTests {

	private final FakeJitsiVideobridge bridge = FakeJitsiVideobridge.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void stop() {
		this.bridge.close();
	}

	@Test
	void refusesAnEndpointWithoutTheSourceNamesCapability() throws Exception {
		HttpResponse<String> response = send("POST", "", """
				{"meeting-id":"m1","create":true,"endpoints":[{"create":true,"id":"e1",
				 "medias":[{"type":"audio"}],"transport":{"ice-controlling":true}}]}""");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.bridge.conference("m1")).isNull();
	}

	@Test
	void ignoresATransportWithoutXmlnsSoIceNeverStarts() throws Exception {
		create("m1", "e1");
		send("PATCH", "/m1", """
				{"endpoints":[{"id":"e1","transport":{"transport":{"ufrag":"u","pwd":"p","fingerprints":[]}}}]}""");
		FakeJitsiVideobridge.Endpoint endpoint = this.bridge.conference("m1").endpoints.get("e1");
		assertThat(endpoint.iceStarted()).isFalse();
		assertThat(endpoint.ignoredTransports).isEqualTo(1);

		send("PATCH", "/m1", """
				{"endpoints":[{"id":"e1","transport":{"transport":{"xmlns":"urn:xmpp:jingle:transports:ice-udp:1",
				 "ufrag":"u","pwd":"p","fingerprints":[]}}}]}""");
		assertThat(endpoint.iceStarted()).isTrue();
	}

	@Test
	void answersAllocationsWithTransportWebSocketAndFeedbackSources() throws Exception {
		String response = create("m1", "e1").body();

		assertThat(response).contains("\"ufrag\"", "\"pwd\"", "\"setup\":\"actpass\"", "\"type\":\"host\"",
				"\"rtcp-mux\":true", "\"web-sockets\":[\"ws://", "/e1?pwd=", "\"id\":\"jvb-a0\"", "\"id\":\"jvb-v0\"");
	}

	@Test
	void refusesTwoEndpointsInOneRequestAndASecondCreateOfTheSameConference() throws Exception {
		create("m1", "e1");

		assertThat(send("PATCH", "/m1", """
				{"endpoints":[{"id":"e1","expire":true},{"id":"e2","expire":true}]}""").statusCode()).isEqualTo(400);
		assertThat(create("m1", "e3").statusCode()).isEqualTo(400);
	}

	@Test
	void dropsTheConferenceWithItsLastEndpointAndAnswers404Afterwards() throws Exception {
		create("m1", "e1");

		assertThat(send("PATCH", "/m1", "{\"endpoints\":[{\"id\":\"e1\",\"expire\":true}]}").statusCode()).isEqualTo(200);
		assertThat(send("PATCH", "/m1", "{\"expire\":true}").statusCode()).isEqualTo(404);
	}

	@Test
	void forgetsEverythingOnRestartAndRefusesConnectionsWhileDown() throws Exception {
		create("m1", "e1");
		this.bridge.restart();
		assertThat(send("PATCH", "/m1", "{\"expire\":true}").statusCode()).isEqualTo(404);

		this.bridge.down();
		assertThatThrownBy(() -> send("PATCH", "/m1", "{\"expire\":true}")).isInstanceOf(ConnectException.class);
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

	private HttpResponse<String> create(String meetingId, String endpoint) throws Exception {
		return send("POST", "", """
				{"meeting-id":"%s","create":true,"endpoints":[{"create":true,"id":"%s",
				 "medias":[{"type":"audio"}],"transport":{"ice-controlling":true},"capabilities":["source-names"]}]}"""
			.formatted(meetingId, endpoint));
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
