package io.casecall.room.sfu.jvb;

import java.util.List;

/**
 * What the bridge needs from a browser's SDP answer: its ICE credentials, DTLS fingerprint and
 * role, and the sources it sends.
 */
record BrowserAnswer(String ufrag, String pwd, List<IceTransport.Fingerprint> fingerprints, MediaSources sources) {
}
