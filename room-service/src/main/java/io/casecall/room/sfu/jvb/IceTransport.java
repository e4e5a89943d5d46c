package io.casecall.room.sfu.jvb;

import java.util.List;

/**
 * The bridge's side of one endpoint's ICE/DTLS transport, as allocated over colibri2.
 *
 * @param ufrag ICE username fragment
 * @param pwd ICE password (a secret of the session)
 * @param fingerprints DTLS certificate fingerprints
 * @param candidates the bridge's ICE candidates (JVB gathers them all up front)
 */
record IceTransport(String ufrag, String pwd, List<Fingerprint> fingerprints, List<Candidate> candidates) {

	/** A DTLS fingerprint; {@code setup} is the DTLS role ({@code actpass}, {@code active}, {@code passive}). */
	record Fingerprint(String hash, String value, String setup) {
	}

	/** One ICE candidate, fields as colibri2 spells them (all strings). */
	record Candidate(String foundation, String component, String protocol, String priority, String ip, String port,
			String type, String relAddr, String relPort, String generation) {

		/** The candidate as an SDP attribute value (after {@code a=candidate:}). */
		String sdp() {
			StringBuilder line = new StringBuilder().append(this.foundation)
				.append(' ')
				.append(this.component)
				.append(' ')
				.append(this.protocol)
				.append(' ')
				.append(this.priority)
				.append(' ')
				.append(this.ip)
				.append(' ')
				.append(this.port)
				.append(" typ ")
				.append(this.type);
			if (this.relAddr != null && this.relPort != null) {
				line.append(" raddr ").append(this.relAddr).append(" rport ").append(this.relPort);
			}
			return line.append(" generation ").append((this.generation != null) ? this.generation : "0").toString();
		}

	}

}
