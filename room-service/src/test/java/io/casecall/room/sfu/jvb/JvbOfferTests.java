package io.casecall.room.sfu.jvb;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariants of the server-built offer that Chromium does not check but the bridge relies on,
 * the slot layout across joins and leaves, and the bridge channel URL browsers get.
 */
class JvbOfferTests {

	private static final IceTransport TRANSPORT = new IceTransport("ufrag1", "pwd1234567890123456789012",
			List.of(new IceTransport.Fingerprint("sha-256", "AB:CD", "actpass")),
			List.of(new IceTransport.Candidate("1", "1", "udp", "2130706431", "203.0.113.7", "10000", "host", null,
					null, "0")));

	private static final FeedbackSources FEEDBACK = new FeedbackSources(new FeedbackSources.Source(11, "mixedmslabel a0"),
			new FeedbackSources.Source(22, "mixedmslabel v0"));

	private static final MediaSources SENDING = new MediaSources(new MediaSources.Stream(100, null, "s a", "c"),
			new MediaSources.Stream(200, 201L, "s v", "c"));

	@Test
	void payloadTypesAndHeaderExtensionIdsAreExactlyThoseGivenToTheBridge() {
		String sdp = OfferBuilder.build(record(Arrays.asList(slot("b"), null)), FEEDBACK);

		List<String> sections = sections(sdp);
		for (JsonNode media : ColibriMessages.medias()) {
			List<String> ids = new ArrayList<>();
			media.path("payload-types").forEach((type) -> ids.add(type.path("id").asString()));
			List<String> extmaps = new ArrayList<>();
			media.path("rtp-hdrexts")
				.forEach((ext) -> extmaps.add("a=extmap:" + ext.path("id").asInt() + " " + ext.path("uri").asString()));
			List<String> ofKind = sections.stream()
				.filter((section) -> section.startsWith("m=" + media.path("type").asString()))
				.toList();
			assertThat(ofKind).hasSize(3);
			for (String section : ofKind) {
				String mLine = section.lines().findFirst().orElseThrow();
				assertThat(Arrays.asList(mLine.split(" ")).subList(3, mLine.split(" ").length)).isEqualTo(ids);
				assertThat(section.lines().filter((l) -> l.startsWith("a=extmap:")).toList()).isEqualTo(extmaps);
			}
		}
	}

	@Test
	void everyMLineCarriesTheBridgesTransportAndTheBridgeRunsFullIce() {
		String sdp = OfferBuilder.build(record(List.of(slot("b"))), FEEDBACK);

		assertThat(sdp).startsWith("v=0\r\no=- 42 7 IN IP4 0.0.0.0\r\n")
			.contains("a=group:BUNDLE 0 1 2 3\r\n", "a=msid-semantic: WMS *\r\n")
			.doesNotContain("ice-lite");
		for (String section : sections(sdp)) {
			assertThat(section).contains("c=IN IP4 0.0.0.0", "a=ice-ufrag:ufrag1", "a=ice-pwd:pwd1234567890123456789012",
					"a=fingerprint:sha-256 AB:CD", "a=setup:actpass",
					"a=candidate:1 1 udp 2130706431 203.0.113.7 10000 typ host generation 0", "a=rtcp-mux")
				.startsWith("m=")
				.contains(" 9 UDP/TLS/RTP/SAVPF ");
		}
	}

	@Test
	void ownMLinesCarryTheBridgesFeedbackSourcesAndSlotsTheRemoteMedia() {
		List<String> sections = sections(OfferBuilder.build(record(Arrays.asList(slot("b"), null)), FEEDBACK));

		assertThat(sections.get(0)).contains("a=mid:0\r\na=sendrecv", "a=ssrc:11 msid:mixedmslabel a0");
		assertThat(sections.get(1)).contains("a=mid:1\r\na=sendrecv", "a=ssrc:22 msid:mixedmslabel v0");
		assertThat(sections.get(2)).contains("a=mid:2\r\na=sendonly", "a=msid:b ep-b-a0", "a=ssrc:100 cname:c",
				"a=ssrc:100 msid:b ep-b-a0");
		assertThat(sections.get(3)).contains("a=mid:3\r\na=sendonly", "a=ssrc-group:FID 200 201",
				"a=ssrc:201 msid:b ep-b-v0");
		assertThat(sections.get(4)).contains("a=mid:4\r\na=inactive").doesNotContain("a=ssrc");
		assertThat(sections.get(5)).contains("a=mid:5\r\na=inactive").doesNotContain("a=ssrc");
	}

	@Test
	void slotsKeepTheirPlaceFreedSlotsAreReusedAndNoneIsEverRemoved() {
		Slot b = slot("b");
		Slot c = slot("c");
		Slot d = slot("d");

		List<Slot> two = Slot.next(List.of(), List.of(b, c));
		List<Slot> bLeft = Slot.next(two, List.of(c));
		List<Slot> dJoined = Slot.next(bLeft, List.of(c, d));
		List<Slot> allLeft = Slot.next(dJoined, List.of());

		assertThat(two).containsExactly(b, c);
		assertThat(bLeft).containsExactly(null, c);
		assertThat(dJoined).containsExactly(d, c);
		assertThat(allLeft).containsExactly(null, null);
		assertThat(Slot.next(allLeft, List.of(b, c, d))).containsExactly(b, c, d);
	}

	@Test
	void slotFollowsAParticipantsNewSourcesInPlace() {
		Slot before = slot("b");
		Slot rejoined = new Slot("b", "ep-b2", new MediaSources(new MediaSources.Stream(7, null, null, null), null));

		assertThat(Slot.next(List.of(before), List.of(rejoined))).containsExactly(rejoined);
	}

	@Test
	void bridgeChannelUrlKeepsItsPathAndSecretBehindThePublicBase() {
		String advertised = "ws://jvb:9090/colibri-ws/jvb1/3f2a/ep1?pwd=secret";
		JvbProperties.Bridge direct = new JvbProperties.Bridge("jvb1", URI.create("http://jvb:8080"), null, null);
		JvbProperties.Bridge proxied = new JvbProperties.Bridge("jvb1", URI.create("http://jvb:8080"),
				URI.create("wss://media.example.com/bridge1/"), null);

		assertThat(JvbSfuGateway.publicWebSocket(direct, advertised)).isEqualTo(advertised);
		assertThat(JvbSfuGateway.publicWebSocket(proxied, advertised))
			.isEqualTo("wss://media.example.com/bridge1/colibri-ws/jvb1/3f2a/ep1?pwd=secret");
	}

	private static EndpointRecord record(List<Slot> slots) {
		return new EndpointRecord("a", "ep-a", 42, 7, TRANSPORT, null, slots);
	}

	private static Slot slot(String participant) {
		return new Slot(participant, "ep-" + participant, SENDING);
	}

	/** The m-sections of an SDP, each from its m= line. */
	private static List<String> sections(String sdp) {
		List<String> sections = new ArrayList<>(Arrays.asList(sdp.split("(?=m=)")));
		sections.remove(0);
		return sections;
	}

}
