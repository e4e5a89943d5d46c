package io.casecall.room.sfu.jvb;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.SfuException;

/**
 * What the bridge allocated for a new endpoint: its transport, the colibri WebSocket URL of the
 * endpoint's bridge channel (a secret: it carries the endpoint's password) and, when the response
 * has them, the conference's feedback sources.
 */
record Allocation(IceTransport transport, String webSocket, FeedbackSources feedback) {

	/** Reads a conference-modified response for {@code endpoint}. */
	static Allocation from(JsonNode response, String endpoint) {
		JsonNode transport = null;
		for (JsonNode candidate : response.path("endpoints")) {
			if (endpoint.equals(candidate.path("id").asString(null))) {
				transport = candidate.path("transport").path("transport");
			}
		}
		if (transport == null || transport.path("ufrag").isMissingNode() || transport.path("pwd").isMissingNode()
				|| transport.path("fingerprints").isEmpty()) {
			throw new SfuException("The bridge allocated no ICE transport for endpoint " + endpoint);
		}
		List<IceTransport.Fingerprint> fingerprints = new ArrayList<>();
		for (JsonNode fingerprint : transport.path("fingerprints")) {
			fingerprints.add(new IceTransport.Fingerprint(text(fingerprint, "hash"), text(fingerprint, "fingerprint"),
					text(fingerprint, "setup")));
		}
		List<IceTransport.Candidate> candidates = new ArrayList<>();
		for (JsonNode candidate : transport.path("candidates")) {
			candidates.add(new IceTransport.Candidate(text(candidate, "foundation"), text(candidate, "component"),
					text(candidate, "protocol"), text(candidate, "priority"), text(candidate, "ip"),
					text(candidate, "port"), text(candidate, "type"), text(candidate, "rel-addr"),
					text(candidate, "rel-port"), text(candidate, "generation")));
		}
		JsonNode webSockets = transport.path("web-sockets");
		String webSocket = webSockets.isEmpty() ? null : webSockets.get(0).asString();
		return new Allocation(new IceTransport(text(transport, "ufrag"), text(transport, "pwd"), fingerprints,
				candidates), webSocket, feedback(response.path("sources")));
	}

	private static FeedbackSources feedback(JsonNode sources) {
		FeedbackSources.Source audio = null;
		FeedbackSources.Source video = null;
		for (JsonNode source : sources) {
			JsonNode first = source.path("sources").path(0);
			if (first.isMissingNode()) {
				continue;
			}
			long ssrc = first.isNumber() ? first.asLong() : first.path("ssrc").asLong();
			String msid = first.path("parameters").path("msid").asString(null);
			switch (source.path("type").asString("")) {
				case "audio" -> audio = new FeedbackSources.Source(ssrc, msid);
				case "video" -> video = new FeedbackSources.Source(ssrc, msid);
				default -> {
				}
			}
		}
		return (audio != null && video != null) ? new FeedbackSources(audio, video) : null;
	}

	/** A field as text whether the bridge wrote a string or a number; {@code null} when absent. */
	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isMissingNode() || value.isNull()) ? null : value.asString();
	}

}
