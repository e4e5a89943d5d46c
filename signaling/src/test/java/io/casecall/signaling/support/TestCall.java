package io.casecall.signaling.support;

import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** A call created through the real API by the test case system, with the tokens of its two links. */
public record TestCall(String id, String agentToken, String inviteToken) {

	/** Creates a call for a fresh case. */
	public static TestCall create(int port) {
		Http.Response response = new Http(port).postJson("/api/v1/calls",
				"{\"caseId\":\"CASE-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
		if (response.status() != 201) {
			throw new AssertionError("Call not created: " + response.status() + " " + response.body());
		}
		JsonNode body = response.json();
		return new TestCall(body.get("callId").asString(), token(body.get("agentJoinUrl").asString()),
				token(body.get("customerInviteUrl").asString()));
	}

	/** The token in a link's fragment ({@code #token=...}). */
	public static String token(String url) {
		return url.substring(url.indexOf("#token=") + "#token=".length());
	}

	/** A {@code join} message for this call. */
	public String join(String device) {
		return "{\"type\":\"join\",\"callId\":\"" + this.id + "\",\"device\":\"" + device + "\"}";
	}

}
