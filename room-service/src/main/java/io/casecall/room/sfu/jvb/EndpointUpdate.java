package io.casecall.room.sfu.jvb;

import java.util.Objects;

/**
 * What a browser's answer changes on its endpoint. The transport goes to the bridge once: each
 * transport with a DTLS fingerprint makes the bridge take up its DTLS role anew
 * ({@code Endpoint.setTransportInfo} -> {@code DtlsTransport.setSetupAttribute} ->
 * {@code DtlsStack.actAsServer}), a second DTLS setup in the middle of the call. Sources go
 * whenever they differ: the bridge drops video whose SSRC it was not told
 * ({@code VideoQualityLayerLookup}: "Unable to find encoding matching packet").
 *
 * @param answer the browser's answer
 * @param transport whether its ICE credentials and DTLS fingerprint are sent
 * @param sources whether its sources are sent
 */
record EndpointUpdate(BrowserAnswer answer, boolean transport, boolean sources) {

	/** The update from the {@code previous} answer ({@code null}: none yet) to {@code next}. */
	static EndpointUpdate between(BrowserAnswer previous, BrowserAnswer next) {
		if (previous == null) {
			return new EndpointUpdate(next, true, true);
		}
		boolean transport = !previous.ufrag().equals(next.ufrag()) || !previous.pwd().equals(next.pwd())
				|| !previous.fingerprints().equals(next.fingerprints());
		return new EndpointUpdate(next, transport, !Objects.equals(previous.sources(), next.sources()));
	}

}
