package io.casecall.room.sfu.jvb;

import org.junit.jupiter.api.Test;

import io.casecall.room.sfu.SfuException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The answer parser on answers real Chromium gave to the adapter's offers (captured by
 * {@link JvbSdpChromiumTests}). Chromium mirrors the offer's msid style: to an offer without remote
 * media it writes {@code a=ssrc:X msid:...}, to one with a media-level {@code a=msid} it writes that.
 */
class JvbAnswerParserTests {

	private static final String SSRC_MSID_STYLE = JvbColibriTrafficTests.AGENT_ANSWER;

	private static final String MEDIA_MSID_STYLE = JvbColibriTrafficTests.CUSTOMER_ANSWER;

	@Test
	void readsCredentialsFingerprintAndRoleOfChromiumsAnswer() {
		BrowserAnswer answer = AnswerParser.parse(SSRC_MSID_STYLE);

		assertThat(answer.ufrag()).isEqualTo("qefK");
		assertThat(answer.pwd()).isEqualTo("Kiec87xkoW3L2BgdVJTRmKct");
		assertThat(answer.fingerprints()).containsExactly(new IceTransport.Fingerprint("sha-256",
				"CD:1F:58:5A:25:87:DA:D5:7C:13:EB:C5:CC:61:71:C2:34:8D:BF:EE:78:AA:ED:11:BE:C1:6B:2E:CA:14:04:ED",
				"active"));
	}

	@Test
	void readsSourcesWrittenAsSsrcAttributes() {
		MediaSources sources = AnswerParser.parse(SSRC_MSID_STYLE).sources();

		String stream = "731376b0-cafb-4a4f-ad67-127720998470";
		assertThat(sources.audio()).isEqualTo(new MediaSources.Stream(2724105228L, null,
				stream + " a972e542-76cc-4740-a77f-69ea546a375a", "JcxxZRIuziJ01QH6"));
		assertThat(sources.video()).isEqualTo(new MediaSources.Stream(2348190355L, 817667518L,
				stream + " 54ef5630-2212-4c1e-b7bb-e8060c8be3b5", "JcxxZRIuziJ01QH6"));
	}

	@Test
	void readsSourcesWithMediaLevelMsidAndIgnoresReceiveOnlyLines() {
		MediaSources sources = AnswerParser.parse(MEDIA_MSID_STYLE).sources();

		String stream = "16699dcf-8df6-4b48-b5dc-b7d4a3262a03";
		assertThat(sources.audio()).isEqualTo(new MediaSources.Stream(2454265782L, null,
				stream + " 7e3b11bc-7678-452d-bf0b-e780518c1c2f", "WAdK9t09TgFvJTwC"));
		assertThat(sources.video()).isEqualTo(new MediaSources.Stream(3370718378L, 1997513480L,
				stream + " fa3454ff-b53b-4889-9994-87de3b65f908", "WAdK9t09TgFvJTwC"));
	}

	@Test
	void aBrowserThatSendsNothingHasNoSources() {
		String receiveOnly = MEDIA_MSID_STYLE.replaceAll("a=sendrecv", "a=recvonly")
			.replaceAll("a=(ssrc|ssrc-group|msid):[^\r\n]*\r\n", "");

		BrowserAnswer answer = AnswerParser.parse(receiveOnly);

		assertThat(answer.sources().sendsNothing()).isTrue();
		assertThat(answer.ufrag()).isEqualTo("EVxS");
	}

	@Test
	void videoWithoutRtxHasNoRtxSsrc() {
		String noRtx = SSRC_MSID_STYLE.replaceAll("a=ssrc-group:FID[^\r\n]*\r\n", "")
			.replaceAll("a=ssrc:817667518 [^\r\n]*\r\n", "");

		assertThat(AnswerParser.parse(noRtx).sources().video().rtx()).isNull();
		assertThat(AnswerParser.parse(noRtx).sources().video().ssrc()).isEqualTo(2348190355L);
	}

	@Test
	void refusesWhatIsNotAnAnswer() {
		assertThatThrownBy(() -> AnswerParser.parse("hello")).isInstanceOf(SfuException.class);
		assertThatThrownBy(() -> AnswerParser.parse(SSRC_MSID_STYLE.replaceAll("a=ice-ufrag:[^\r\n]*\r\n", "")))
			.isInstanceOf(SfuException.class)
			.hasMessageContaining("ICE credentials");
		assertThatThrownBy(() -> AnswerParser.parse(SSRC_MSID_STYLE.replace("a=ssrc:2724105228", "a=ssrc:x")))
			.isInstanceOf(SfuException.class)
			.hasMessageContaining("SSRC");
	}

}
