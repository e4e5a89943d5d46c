package io.casecall.signaling.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.test.TestStack;

/** The test stack's real Janus (or a test's own, by its Admin API port) seen through its Admin API. */
public final class JanusAdmin {

	private static final HttpClient client = HttpClient.newHttpClient();

	private JanusAdmin() {
	}

	/** Ids of the sessions Janus holds now ({@code list_sessions}). */
	public static List<Long> sessions() {
		JsonNode response = call("{\"janus\":\"list_sessions\",\"transaction\":\"test\",\"admin_secret\":\""
				+ TestStack.janusAdminSecret() + "\"}");
		List<Long> ids = new ArrayList<>();
		response.get("sessions").forEach((id) -> ids.add(id.asLong()));
		return ids;
	}

	/** Ends a session as if Janus had timed it out ({@code destroy_session}). */
	public static void destroySession(long sessionId) {
		JsonNode response = call("{\"janus\":\"destroy_session\",\"session_id\":" + sessionId
				+ ",\"transaction\":\"test\",\"admin_secret\":\"" + TestStack.janusAdminSecret() + "\"}");
		if (!"success".equals(response.path("janus").asString())) {
			throw new IllegalStateException("Janus did not destroy session " + sessionId + ": " + response);
		}
	}

	/** Ids of the VideoRoom rooms on the Janus whose Admin API is on {@code adminPort} (private ones too). */
	public static List<String> rooms(int adminPort) {
		JsonNode response = videoRoom(adminPort,
				"{\"request\":\"list\",\"admin_key\":\"" + TestStack.janusAdminSecret() + "\"}");
		List<String> rooms = new ArrayList<>();
		response.path("list").forEach((room) -> rooms.add(room.get("room").asString()));
		return rooms;
	}

	/** Displays (CaseCall's participant ids) of the participants in a VideoRoom room; empty when there is no such room. */
	public static List<String> participants(int adminPort, String room) {
		JsonNode response = videoRoom(adminPort, "{\"request\":\"listparticipants\",\"room\":\"" + room + "\"}");
		List<String> displays = new ArrayList<>();
		response.path("participants").forEach((participant) -> displays.add(participant.path("display").asString()));
		return displays;
	}

	/** A synchronous VideoRoom request through the Admin API ({@code message_plugin}): the plugin's response. */
	private static JsonNode videoRoom(int adminPort, String request) {
		JsonNode response = call(adminPort, "{\"janus\":\"message_plugin\",\"transaction\":\"test\",\"admin_secret\":\""
				+ TestStack.janusAdminSecret() + "\",\"plugin\":\"janus.plugin.videoroom\",\"request\":" + request + "}");
		if (!"success".equals(response.path("janus").asString())) {
			throw new IllegalStateException("Janus did not answer the VideoRoom request: " + response);
		}
		return response.path("response");
	}

	private static JsonNode call(String body) {
		return call(TestStack.janusAdminPort(), body);
	}

	private static JsonNode call(int adminPort, String body) {
		try {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/admin"))
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			return JsonMapper.builder().build().readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
