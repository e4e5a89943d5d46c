package io.casecall.room.sfu.jvb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.casecall.room.sfu.SfuException;

/**
 * Reads a browser's SDP answer to an {@link OfferBuilder} offer. Only mids {@code 0} (audio) and
 * {@code 1} (video) carry the browser's own media; the other m-lines only receive. SSRC
 * attributes are read in both forms browsers write: a media-level {@code a=msid} and
 * {@code a=ssrc:<ssrc> msid:...} (Chrome 156 writes only the latter).
 */
final class AnswerParser {

	private AnswerParser() {
	}

	static BrowserAnswer parse(String sdp) {
		if (sdp == null || !sdp.startsWith("v=0")) {
			throw new SfuException("The answer is not a session description");
		}
		Section session = new Section();
		List<Section> media = new ArrayList<>();
		Section current = session;
		for (String raw : sdp.split("\r?\n")) {
			String line = raw.strip();
			if (line.startsWith("m=")) {
				current = new Section();
				media.add(current);
			}
			else if (line.startsWith("a=")) {
				current.attribute(line.substring(2));
			}
		}
		String ufrag = first(session, media, "ice-ufrag");
		String pwd = first(session, media, "ice-pwd");
		String fingerprint = first(session, media, "fingerprint");
		String setup = first(session, media, "setup");
		if (ufrag == null || pwd == null || fingerprint == null) {
			throw new SfuException("The answer lacks ICE credentials or a DTLS fingerprint");
		}
		int space = fingerprint.indexOf(' ');
		if (space < 0) {
			throw new SfuException("The answer's DTLS fingerprint is malformed");
		}
		IceTransport.Fingerprint dtls = new IceTransport.Fingerprint(fingerprint.substring(0, space),
				fingerprint.substring(space + 1).strip(), (setup != null) ? setup : "active");
		MediaSources sources = new MediaSources(stream(mid(media, "0")), stream(mid(media, "1")));
		return new BrowserAnswer(ufrag, pwd, List.of(dtls), sources);
	}

	private static String first(Section session, List<Section> media, String name) {
		String value = session.value(name);
		for (int i = 0; value == null && i < media.size(); i++) {
			value = media.get(i).value(name);
		}
		return value;
	}

	private static Section mid(List<Section> media, String mid) {
		return media.stream().filter((section) -> mid.equals(section.value("mid"))).findFirst().orElse(null);
	}

	/** The stream a sending m-line carries: the primary SSRC and, with a FID group, its RTX SSRC. */
	private static MediaSources.Stream stream(Section section) {
		if (section == null || section.ssrcs.isEmpty() || "recvonly".equals(section.direction())
				|| "inactive".equals(section.direction())) {
			return null;
		}
		long primary = section.ssrcs.keySet().iterator().next();
		Long rtx = null;
		for (String group : section.values("ssrc-group")) {
			String[] parts = group.split(" ");
			if (parts.length == 3 && parts[0].equals("FID")) {
				primary = Long.parseLong(parts[1]);
				rtx = Long.parseLong(parts[2]);
				break;
			}
		}
		Map<String, String> attributes = section.ssrcs.getOrDefault(primary, Map.of());
		String msid = attributes.getOrDefault("msid", section.value("msid"));
		return new MediaSources.Stream(primary, rtx, msid, attributes.get("cname"));
	}

	/** Attributes of the session or of one m-line. */
	private static final class Section {

		private final List<String[]> attributes = new ArrayList<>();

		/** SSRC -> its attributes ({@code cname}, {@code msid}), in order of appearance. */
		private final Map<Long, Map<String, String>> ssrcs = new LinkedHashMap<>();

		void attribute(String attribute) {
			int colon = attribute.indexOf(':');
			String name = (colon < 0) ? attribute : attribute.substring(0, colon);
			String value = (colon < 0) ? "" : attribute.substring(colon + 1);
			this.attributes.add(new String[] { name, value });
			if (name.equals("ssrc")) {
				int space = value.indexOf(' ');
				String ssrc = (space < 0) ? value : value.substring(0, space);
				Map<String, String> ssrcAttributes = this.ssrcs.computeIfAbsent(parseSsrc(ssrc),
						(key) -> new LinkedHashMap<>());
				if (space > 0) {
					String rest = value.substring(space + 1);
					int sep = rest.indexOf(':');
					if (sep > 0) {
						ssrcAttributes.put(rest.substring(0, sep), rest.substring(sep + 1));
					}
				}
			}
		}

		String value(String name) {
			for (String[] attribute : this.attributes) {
				if (attribute[0].equals(name)) {
					return attribute[1];
				}
			}
			return null;
		}

		List<String> values(String name) {
			return this.attributes.stream().filter((a) -> a[0].equals(name)).map((a) -> a[1]).toList();
		}

		String direction() {
			for (String[] attribute : this.attributes) {
				switch (attribute[0]) {
					case "sendrecv", "sendonly", "recvonly", "inactive" -> {
						return attribute[0];
					}
					default -> {
					}
				}
			}
			return "sendrecv";
		}

		private static long parseSsrc(String ssrc) {
			try {
				return Long.parseLong(ssrc);
			}
			catch (NumberFormatException ex) {
				throw new SfuException("The answer has a malformed SSRC: " + ssrc);
			}
		}

	}

}
