package io.casecall.signaling.sfu;

/** The RTP ports of the spare Janus processes these tests start ({@code CASECALL_TEST_JANUS_SPARE_RTP_PORTS}). */
final class SpareJanus {

	private SpareJanus() {
	}

	/** The spare range split in two disjoint halves, one per Janus ({@code 51000-51499}, {@code 51500-51999}). */
	static String[] rtpHalves() {
		String range = System.getenv().getOrDefault("CASECALL_TEST_JANUS_SPARE_RTP_PORTS", "42000-42099");
		int from = Integer.parseInt(range.substring(0, range.indexOf('-')));
		int to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
		int middle = from + (to - from) / 2;
		return new String[] { from + "-" + middle, (middle + 1) + "-" + to };
	}

}
