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
 * @param answer the browser's answer ({@code null} in an update of the audio alone)
 * @param transport whether its ICE credentials and DTLS fingerprint are sent
 * @param sources whether its sources are sent
 * @param audio whether the endpoint is given its audio media: from then on the bridge sends it
 * audio (endpoints are allocated with video only, see {@link ColibriMessages#updateEndpoint})
 */
record EndpointUpdate(BrowserAnswer answer, boolean transport, boolean sources, boolean audio) {

	/** The update from the {@code previous} answer ({@code null}: none yet) to {@code next}. */
	static EndpointUpdate between(BrowserAnswer previous, BrowserAnswer next) {
		if (previous == null) {
			return new EndpointUpdate(next, true, true, false);
		}
		boolean transport = !previous.ufrag().equals(next.ufrag()) || !previous.pwd().equals(next.pwd())
				|| !previous.fingerprints().equals(next.fingerprints());
		return new EndpointUpdate(next, transport, !Objects.equals(previous.sources(), next.sources()), false);
	}

	/** The audio media alone: the endpoint's user consented after its answer. */
	static EndpointUpdate audioOnly() {
		return new EndpointUpdate(null, false, false, true);
	}

	/** This update with the audio media. */
	EndpointUpdate withAudio() {
		return new EndpointUpdate(this.answer, this.transport, this.sources, true);
	}

}
