package io.casecall.room.sfu;

/**
 * A trickled ICE candidate as browsers describe it. An empty or {@code null} candidate line
 * means "no more candidates".
 */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex) {

	public static IceCandidate endOfCandidates() {
		return new IceCandidate(null, null, null);
	}

	public boolean end() {
		return this.candidate == null || this.candidate.isEmpty();
	}

}
