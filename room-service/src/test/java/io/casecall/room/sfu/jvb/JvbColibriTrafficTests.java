package io.casecall.room.sfu.jvb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.sfu.SfuListener.OfferHints;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The exact colibri2 traffic of one call, checked against the fake bridge: first join, second
 * join (with the re-offer of the first, which costs no request), a leave, and the end. The
 * expected bodies are written out here on purpose, independent of the code that builds them.
 * Browser answers are ones real Chromium gave to the adapter's offers ({@link JvbSdpChromiumTests}).
 */
class JvbColibriTrafficTests {

	static final String AGENT_ANSWER = fixture("chromium-answer-first.sdp");

	static final String CUSTOMER_ANSWER = fixture("chromium-answer-third.sdp");

	private static final JsonMapper json = JsonMapper.builder().build();

	/** The audio media, given once the endpoint may receive audio (its first answer, or the click). */
	private static final String AUDIO = """
			[{"type":"audio",
			  "payload-types":[{"name":"opus","id":"111","channels":"2","clockrate":"48000",
			                    "parameters":{"minptime":"10","useinbandfec":"1"},"rtcp-fbs":[{"type":"transport-cc"}]}],
			  "rtp-hdrexts":[{"uri":"urn:ietf:params:rtp-hdrext:ssrc-audio-level","id":1},
			                 {"uri":"http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01","id":5}],
			  "extmap-allow-mixed":true}]
			""";

	/** The media of an allocation: video only, so that the bridge forwards the endpoint no audio yet. */
	private static final String MEDIAS = """
			[{"type":"video",
			  "payload-types":[{"name":"VP8","id":"100","clockrate":"90000",
			                    "rtcp-fbs":[{"type":"ccm","subtype":"fir"},{"type":"nack"},{"type":"nack","subtype":"pli"},
			                                {"type":"transport-cc"}]},
			                   {"name":"rtx","id":"96","clockrate":"90000","parameters":{"apt":"100"}}],
			  "rtp-hdrexts":[{"uri":"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time","id":3},
			                 {"uri":"http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01","id":5}],
			  "extmap-allow-mixed":true}]
			""";

	private FakeJitsiVideobridge bridge;

	private JvbTestRig rig;

	private SfuRoom room;

	@BeforeEach
	void start() {
		this.bridge = FakeJitsiVideobridge.start();
		this.rig = JvbTestRig.on(this.bridge);
		this.room = this.rig.gateway.allocate(JvbTestRig.newRoomId(), null);
	}

	@AfterEach
	void stop() {
		this.rig.close();
		this.bridge.close();
	}

	@Test
	void firstJoinCreatesTheConferenceWithTheEndpointThenSendsTheBrowsersTransportAndSources() {
		assertThat(this.bridge.colibri()).as("allocating a room costs no request").isEmpty();
		RecordingListener agentEvents = new RecordingListener();
		SfuParticipant agent = this.rig.gateway.connect(this.room, "agent-1", "Ana", agentEvents);
		agent.start();

		List<FakeJitsiVideobridge.Request> traffic = this.bridge.colibri();
		assertThat(traffic).hasSize(1);
		String endpoint = traffic.get(0).body().at("/endpoints/0/id").asString();
		assertThat(endpoint).matches("[0-9a-f]{8}");
		assertRequest(traffic.get(0), "POST", "/colibri/v2/conferences", """
				{"meeting-id":"%1$s","name":"%1$s@conference.casecall","create":true,
				 "endpoints":[{"create":true,"id":"%2$s","stats-id":"agent-1","muc-role":"moderator",
				               "medias":%3$s,"initial-last-n":{"value":0},"transport":{"ice-controlling":true},
				               "capabilities":["source-names"]}]}
				""".formatted(roomId(), endpoint, MEDIAS));
		FakeBridgeState.Endpoint onBridge = this.bridge.conference(roomId()).endpoints.get(endpoint);
		assertThat(agentEvents.events).containsExactly("side-channel", "offer");
		assertThat(agentEvents.sideChannels.get(0).url()).endsWith("/" + endpoint + "?pwd=" + onBridge.pwd);
		assertThat(agentEvents.sideChannels.get(0).onOpen()).containsExactly(
				"{\"colibriClass\":\"ReceiverVideoConstraints\",\"lastN\":0}",
				"{\"colibriClass\":\"ReceiverAudioSubscription\",\"mode\":\"None\"}");
		assertThat(agentEvents.sideChannels.get(0).onJoin()).containsExactly(
				"{\"colibriClass\":\"ReceiverVideoConstraints\",\"lastN\":-1,\"defaultConstraints\":{\"maxHeight\":720}}",
				"{\"colibriClass\":\"ReceiverAudioSubscription\",\"mode\":\"All\"}");
		RecordingListener.Offer offer = agentEvents.offer(1);
		assertThat(offer.pc()).isEqualTo("jvb");
		assertThat(offer.hints()).isEqualTo(new OfferHints(true, null));
		assertThat(offer.sdp()).contains("a=ice-ufrag:" + onBridge.ufrag, "a=ice-pwd:" + onBridge.pwd)
			.doesNotContain("a=ice-lite");
		assertThat(onBridge.iceStarted()).isFalse();

		agent.answer("jvb", AGENT_ANSWER);

		traffic = this.bridge.colibri();
		assertThat(traffic).hasSize(2);
		assertRequest(traffic.get(1), "PATCH", "/colibri/v2/conferences/" + roomId(), """
				{"meeting-id":"%1$s",
				 "endpoints":[{"id":"%2$s","medias":%3$s,
				   "transport":{"transport":{"xmlns":"urn:xmpp:jingle:transports:ice-udp:1",
				     "ufrag":"qefK","pwd":"Kiec87xkoW3L2BgdVJTRmKct","rtcp-mux":true,
				     "fingerprints":[{"fingerprint":"CD:1F:58:5A:25:87:DA:D5:7C:13:EB:C5:CC:61:71:C2:34:8D:BF:EE:78:AA:ED:11:BE:C1:6B:2E:CA:14:04:ED",
				                      "setup":"active","hash":"sha-256"}]}},
				   "sources":[
				     {"type":"audio","id":"%2$s-a0","sources":[{"ssrc":2724105228,"name":"%2$s-a0",
				        "parameters":{"msid":"731376b0-cafb-4a4f-ad67-127720998470 a972e542-76cc-4740-a77f-69ea546a375a"}}]},
				     {"type":"video","id":"%2$s-v0","sources":[
				        {"ssrc":2348190355,"name":"%2$s-v0","parameters":{"msid":"731376b0-cafb-4a4f-ad67-127720998470 54ef5630-2212-4c1e-b7bb-e8060c8be3b5"}},
				        {"ssrc":817667518,"name":"%2$s-v0","parameters":{"msid":"731376b0-cafb-4a4f-ad67-127720998470 54ef5630-2212-4c1e-b7bb-e8060c8be3b5"}}],
				      "ssrc-groups":[{"semantics":"FID","sources":[2348190355,817667518]}]}]}]}
				""".formatted(roomId(), endpoint, AUDIO));
		assertThat(onBridge.iceStarted()).as("the bridge has the browser's ICE credentials").isTrue();
		assertThat(onBridge.acceptsAudio()).as("never held: audio from its answer on").isTrue();
		assertThat(onBridge.sources).as("and its sources").hasSize(2);
		assertThat(this.rig.requests("allocate_endpoint", "ok")).isEqualTo(1);
		assertThat(this.rig.requests("update_endpoint", "ok")).isEqualTo(1);
	}

	@Test
	void secondJoinAddsItsEndpointAndTheFirstIsReofferedWithoutAnyRequest() {
		Joined agent = join("agent-1", AGENT_ANSWER);
		this.bridge.clearRequests();

		RecordingListener customerEvents = new RecordingListener();
		SfuParticipant customer = this.rig.gateway.connect(this.room, "customer-1", "Chen", customerEvents);
		customer.start();
		List<FakeJitsiVideobridge.Request> traffic = this.bridge.colibri();
		assertThat(traffic).hasSize(1);
		String endpoint = traffic.get(0).body().at("/endpoints/0/id").asString();
		assertRequest(traffic.get(0), "PATCH", "/colibri/v2/conferences/" + roomId(), """
				{"meeting-id":"%1$s",
				 "endpoints":[{"create":true,"id":"%2$s","stats-id":"customer-1","muc-role":"moderator",
				               "medias":%3$s,"initial-last-n":{"value":0},"transport":{"ice-controlling":true},
				               "capabilities":["source-names"]}]}
				""".formatted(roomId(), endpoint, MEDIAS));
		assertThat(customerEvents.offer(1).sdp()).as("the newcomer's offer already carries the agent")
			.contains("a=ssrc:2724105228 msid:agent-1 " + agent.endpoint() + "-a0")
			.contains("a=ssrc-group:FID 2348190355 817667518");

		customer.answer("jvb", CUSTOMER_ANSWER);
		traffic = this.bridge.colibri();
		assertThat(traffic).hasSize(2);
		assertThat(traffic.get(1).method()).isEqualTo("PATCH");
		assertThat(traffic.get(1).body().at("/endpoints/0/id").asString()).isEqualTo(endpoint);
		assertThat(traffic.get(1).body().at("/endpoints/0/sources/0/sources/0/ssrc").asLong()).isEqualTo(2454265782L);
		assertThat(traffic.get(1).body().at("/endpoints/0/transport/transport/ufrag").asString()).isEqualTo("EVxS");

		String reoffer = agent.events().offer(2).sdp();
		String firstOffer = agent.events().offer(1).sdp();
		assertThat(reoffer).contains(" 2 IN IP4 0.0.0.0", "a=ssrc:2454265782 msid:customer-1 " + endpoint + "-a0")
			.contains(line(firstOffer, "a=ice-ufrag:"), line(firstOffer, "a=ice-pwd:"), line(firstOffer, "o=- ")
				.replace(" 1 IN IP4", " 2 IN IP4"));
		agent.participant().answer("jvb", AGENT_ANSWER);
		assertThat(this.bridge.colibri()).as("re-offers and unchanged re-answers cost no request").hasSize(2);
	}

	@Test
	void aCustomerHeldForTheClickGetsNoAudioFromTheBridgeUntilItAndThenWithOneRequest() {
		join("agent-1", AGENT_ANSWER);
		this.bridge.clearRequests();
		RecordingListener customerEvents = new RecordingListener();
		SfuParticipant customer = this.rig.gateway.connect(this.room, "customer-1", "Chen", customerEvents);
		customer.start(); // at the pre-warm
		customer.hold(); // the page pre-connects
		customer.answer("jvb", CUSTOMER_ANSWER);
		String endpoint = this.bridge.colibri().get(0).body().at("/endpoints/0/id").asString();
		FakeBridgeState.Endpoint onBridge = this.bridge.conference(roomId()).endpoints.get(endpoint);
		assertThat(onBridge.iceStarted()).as("its transport connects before the click").isTrue();
		assertThat(onBridge.acceptsAudio()).as("but the bridge sends it no audio").isFalse();
		assertThat(this.bridge.colibri().get(1).body().at("/endpoints/0").has("medias")).isFalse();

		customer.resume(); // the click
		customer.resume(); // once only

		List<FakeJitsiVideobridge.Request> traffic = this.bridge.colibri();
		assertThat(traffic).hasSize(3);
		assertRequest(traffic.get(2), "PATCH", "/colibri/v2/conferences/" + roomId(), """
				{"meeting-id":"%s","endpoints":[{"id":"%s","medias":%s}]}
				""".formatted(roomId(), endpoint, AUDIO));
		assertThat(onBridge.acceptsAudio()).isTrue();
	}

	@Test
	void aClickBeforeTheAnswerGivesTheAudioWithTheAnswer() {
		RecordingListener customerEvents = new RecordingListener();
		SfuParticipant customer = this.rig.gateway.connect(this.room, "customer-1", "Chen", customerEvents);
		customer.start();
		customer.hold();
		customer.resume();
		assertThat(this.bridge.colibri()).as("nothing to give audio to before the answer").hasSize(1);

		customer.answer("jvb", CUSTOMER_ANSWER);

		List<FakeJitsiVideobridge.Request> traffic = this.bridge.colibri();
		assertThat(traffic).hasSize(2);
		assertThat(traffic.get(1).body().at("/endpoints/0/medias/0/type").asString()).isEqualTo("audio");
		assertThat(traffic.get(1).body().at("/endpoints/0/transport/transport/ufrag").asString()).isEqualTo("EVxS");
	}

	@Test
	void leaveExpiresTheEndpointAndTheOthersAreReofferedWithTheSlotInactive() {
		Joined agent = join("agent-1", AGENT_ANSWER);
		Joined customer = join("customer-1", CUSTOMER_ANSWER);
		assertThat(agent.events().offer(2).sdp()).contains("a=mid:2\r\na=sendonly");
		agent.participant().answer("jvb", AGENT_ANSWER);
		this.bridge.clearRequests();

		customer.participant().close();

		List<FakeJitsiVideobridge.Request> traffic = this.bridge.colibri();
		assertThat(traffic).hasSize(1);
		assertRequest(traffic.get(0), "PATCH", "/colibri/v2/conferences/" + roomId(), """
				{"meeting-id":"%s","endpoints":[{"id":"%s","expire":true}]}
				""".formatted(roomId(), customer.endpoint()));
		String reoffer = agent.events().offer(3).sdp();
		assertThat(reoffer).contains(" 3 IN IP4 0.0.0.0", "a=mid:2\r\na=inactive", "a=mid:3\r\na=inactive")
			.doesNotContain("a=ssrc:2454265782");
		assertThat(this.bridge.conference(roomId()).endpoints).containsOnlyKeys(agent.endpoint());

		customer.participant().close();
		assertThat(this.bridge.colibri()).as("closing twice").hasSize(1);
	}

	@Test
	void endExpiresTheConferenceOnceAndLeavesAfterwardsCostNothing() {
		Joined agent = join("agent-1", AGENT_ANSWER);
		Joined customer = join("customer-1", CUSTOMER_ANSWER);
		this.bridge.clearRequests();

		this.rig.gateway.release(this.room);

		List<FakeJitsiVideobridge.Request> traffic = this.bridge.colibri();
		assertThat(traffic).hasSize(1);
		assertRequest(traffic.get(0), "PATCH", "/colibri/v2/conferences/" + roomId(), """
				{"meeting-id":"%s","expire":true}
				""".formatted(roomId()));
		assertThat(this.bridge.conference(roomId())).isNull();
		assertThat(this.rig.roomState(roomId())).as("the room's state is gone from Redis").isEmpty();

		agent.participant().close();
		customer.participant().close();
		assertThat(this.bridge.colibri()).hasSize(1);

		this.rig.gateway.release(this.room);
		assertThat(this.bridge.colibri()).hasSize(2);
		assertThat(this.bridge.colibri().get(1).status()).as("releasing a missing room is fine").isEqualTo(404);
	}

	@Test
	void theBridgeExpiresAnEmptiedConferenceAndTheNextJoinCreatesItAgain() {
		Joined agent = join("agent-1", AGENT_ANSWER);
		agent.participant().close();
		assertThat(this.bridge.conference(roomId())).as("JVB drops a conference with its last endpoint").isNull();
		this.bridge.clearRequests();

		Joined again = join("agent-1", AGENT_ANSWER);

		assertThat(this.bridge.colibri()).extracting(FakeJitsiVideobridge.Request::method, FakeJitsiVideobridge.Request::status)
			.containsExactly(tuple("POST", 200), tuple("PATCH", 200));
		assertThat(this.bridge.conference(roomId()).endpoints).containsOnlyKeys(again.endpoint());
	}

	@Test
	void keepsEachParticipantsSourcesAndSlotsInRedisForOtherNodes() {
		Joined agent = join("agent-1", AGENT_ANSWER);
		join("customer-1", CUSTOMER_ANSWER);
		agent.events().offer(2);
		agent.participant().answer("jvb", AGENT_ANSWER);

		var state = this.rig.roomState(roomId());
		assertThat(state).containsKeys("conference", "p:agent-1", "p:customer-1").doesNotContainKey("bridge");
		JsonNode agentRecord = json.readTree((String) state.get("p:agent-1"));
		assertThat(agentRecord.path("endpoint").asString()).isEqualTo(agent.endpoint());
		assertThat(agentRecord.path("version").asInt()).isEqualTo(2);
		assertThat(agentRecord.at("/answer/sources/video/rtx").asLong()).isEqualTo(817667518L);
		assertThat(agentRecord.at("/slots/0/participantId").asString()).isEqualTo("customer-1");
		assertThat(this.rig.redis.getExpire(JvbRoomStore.key(roomId()))).as("bounded by state-ttl").isPositive();
	}

	private Joined join(String participantId, String answer) {
		RecordingListener events = new RecordingListener();
		SfuParticipant participant = this.rig.gateway.connect(this.room, participantId, participantId, events);
		participant.start();
		String endpoint = this.bridge.colibri().get(this.bridge.colibri().size() - 1).body().at("/endpoints/0/id").asString();
		participant.answer("jvb", answer);
		return new Joined(participant, events, endpoint);
	}

	private String roomId() {
		return this.room.roomId();
	}

	private static void assertRequest(FakeJitsiVideobridge.Request request, String method, String path, String body) {
		assertThat(request.method()).isEqualTo(method);
		assertThat(request.path()).isEqualTo(path);
		assertThat(request.body()).isEqualTo(json.readTree(body));
		assertThat(request.status()).isEqualTo(200);
	}

	private static String line(String sdp, String prefix) {
		return sdp.lines().filter((l) -> l.startsWith(prefix)).findFirst().orElseThrow();
	}

	static String fixture(String name) {
		try (InputStream in = JvbColibriTrafficTests.class.getResourceAsStream(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Joined(SfuParticipant participant, RecordingListener events, String endpoint) {
	}

}
