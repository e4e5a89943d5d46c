package io.casecall.room.sfu.jvb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every offer the adapter builds goes through real headless Chromium: {@code setRemoteDescription},
 * fake camera and microphone on mids 0/1, {@code createAnswer}, {@code setLocalDescription}, for
 * one, two and three participants, after a leave (inactive slot) and after a rejoin into the freed
 * slot, re-offers applied on the same connection as a browser would. The answers Chromium writes
 * are fed back through the adapter's parser and checked against Chromium's own RTP stats.
 */
class JvbSdpChromiumTests {

	private static final Path CAPTURED = Path.of("target", "chromium-answers");

	private static FakeJitsiVideobridge bridge;

	private static JvbTestRig rig;

	private static ChromiumPeers chromium;

	@BeforeAll
	static void start() {
		bridge = FakeJitsiVideobridge.start();
		rig = JvbTestRig.on(bridge);
		chromium = ChromiumPeers.launch();
	}

	@AfterAll
	static void stop() {
		if (chromium != null) {
			chromium.close();
		}
		rig.close();
		bridge.close();
	}

	@Test
	void chromiumAcceptsEveryOfferWhileParticipantsJoinLeaveAndRejoin() throws IOException {
		SfuRoom room = rig.gateway.allocate(JvbTestRig.newRoomId(), null);

		Peer a = join(room, "agent-a");
		String a1 = a.listener.offer(1).sdp();
		assertThat(mLines(a1)).isEqualTo(2);
		a.answer(a1);
		capture("one-participant", a1, a.answers.get(0));
		assertSourcesMatchChromiumStats(a);

		Peer b = join(room, "customer-b");
		String b1 = b.listener.offer(1).sdp();
		assertThat(mLines(b1)).isEqualTo(4);
		assertThat(b1).contains("a=ssrc:" + a.sources().video().ssrc() + " msid:agent-a ");
		b.answer(b1);
		capture("two-participants", b1, b.answers.get(0));
		assertSourcesMatchChromiumStats(b);

		String a2 = a.listener.offer(2).sdp();
		assertThat(a2).contains(" 2 IN IP4 ").contains("a=ssrc:" + b.sources().audio().ssrc() + " msid:customer-b ");
		a.answer(a2);
		assertThat(tracksOf("A")).anySatisfy((track) -> assertThat(track.get("streams")).isEqualTo(List.of("customer-b")));

		Peer c = join(room, "observer-c");
		String c1 = c.listener.offer(1).sdp();
		assertThat(mLines(c1)).isEqualTo(6);
		c.answer(c1);
		capture("three-participants", c1, c.answers.get(0));
		a.answer(a.listener.offer(3).sdp());
		b.answer(b.listener.offer(2).sdp());
		assertThat(mLines(a.listener.offer(3).sdp())).isEqualTo(6);

		b.participant.close();
		chromium.closePeer("B");
		String a4 = a.listener.offer(4).sdp();
		assertThat(mLines(a4)).isEqualTo(6);
		assertThat(a4).doesNotContain("a=ssrc:" + b.sources().audio().ssrc());
		assertThat(direction(a4, "2")).isEqualTo("inactive");
		a.answer(a4);
		c.answer(c.listener.offer(2).sdp());
		assertThat(transceiver("A", "2").get("currentDirection")).isEqualTo("inactive");

		Peer d = join(room, "customer-d");
		d.answer(d.listener.offer(1).sdp());
		String a5 = a.listener.offer(5).sdp();
		assertThat(mLines(a5)).as("the freed slot is reused").isEqualTo(6);
		assertThat(direction(a5, "2")).isEqualTo("sendonly");
		assertThat(a5).contains("a=ssrc:" + d.sources().audio().ssrc() + " msid:customer-d ");
		a.answer(a5);
		capture("after-leave-and-rejoin", a5, a.answers.get(a.answers.size() - 1));
		assertThat(transceiver("A", "2").get("currentDirection")).isEqualTo("recvonly");

		assertThat(a.answers).as("Chromium keeps its SSRCs across renegotiation")
			.allSatisfy((answer) -> assertThat(AnswerParser.parse(answer).sources()).isEqualTo(a.sources()));
		assertThat(bridge.colibri().stream().filter((r) -> r.body().toString().contains("\"transport\":{\"transport\"")))
			.as("one transport update per participant: re-answers with unchanged media cost no request")
			.hasSize(4);
		rig.gateway.release(room);
	}

	private Peer join(SfuRoom room, String participantId) {
		RecordingListener listener = new RecordingListener();
		SfuParticipant participant = rig.gateway.connect(room, participantId, participantId, listener);
		participant.start();
		return new Peer(String.valueOf(Character.toUpperCase(participantId.charAt(participantId.length() - 1))),
				participant, listener, new ArrayList<>());
	}

	/** Chromium's outbound-rtp stats name the SSRCs it sends: the parser must read the same. */
	private static void assertSourcesMatchChromiumStats(Peer peer) {
		MediaSources parsed = peer.sources();
		await().untilAsserted(() -> {
			List<Map<String, Object>> outbound = list(chromium.describe(peer.name).get("outbound"));
			assertThat(outbound).anySatisfy((rtp) -> {
				assertThat(rtp.get("kind")).isEqualTo("audio");
				assertThat(((Number) rtp.get("ssrc")).longValue()).isEqualTo(parsed.audio().ssrc());
			});
			assertThat(outbound).anySatisfy((rtp) -> {
				assertThat(rtp.get("kind")).isEqualTo("video");
				assertThat(((Number) rtp.get("ssrc")).longValue()).isEqualTo(parsed.video().ssrc());
				assertThat(((Number) rtp.get("rtxSsrc")).longValue()).isEqualTo(parsed.video().rtx());
			});
		});
		assertThat(parsed.audio().msid()).isNotBlank();
		assertThat(parsed.video().msid()).isNotBlank();
		assertThat(parsed.video().cname()).isEqualTo(parsed.audio().cname());
	}

	private static List<Map<String, Object>> tracksOf(String peer) {
		return list(chromium.describe(peer).get("tracks"));
	}

	private static Map<String, Object> transceiver(String peer, String mid) {
		return list(chromium.describe(peer).get("transceivers")).stream()
			.filter((t) -> mid.equals(t.get("mid")))
			.findFirst()
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

	private static int mLines(String sdp) {
		return (int) sdp.lines().filter((line) -> line.startsWith("m=")).count();
	}

	/** The direction attribute of the m-line with {@code mid}. */
	private static String direction(String sdp, String mid) {
		Matcher section = Pattern.compile("a=mid:" + mid + "\r\na=(\\w+)\r\n").matcher(sdp);
		assertThat(section.find()).as("mid %s followed by its direction", mid).isTrue();
		return section.group(1);
	}

	private static void capture(String name, String offer, String answer) throws IOException {
		Files.createDirectories(CAPTURED);
		Files.writeString(CAPTURED.resolve(name + ".offer.sdp"), offer);
		Files.writeString(CAPTURED.resolve(name + ".answer.sdp"), answer);
	}

	/** A participant: its adapter session, what it was told, and the answers its browser gave. */
	private record Peer(String name, SfuParticipant participant, RecordingListener listener, List<String> answers) {

		void answer(String offer) {
			String answer = chromium.applyOffer(this.name, offer);
			this.answers.add(answer);
			this.participant.answer(JvbParticipant.PC, answer);
		}

		MediaSources sources() {
			return AnswerParser.parse(this.answers.get(0)).sources();
		}

	}

}
