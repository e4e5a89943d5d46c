package io.casecall.signaling.evidence;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.signaling.support.TestApp;

/** Uploads and reads evidence over real HTTP, as the pages and a case system do. */
public final class Uploads {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public Uploads(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public record Response(int status, String contentType, byte[] body, HttpResponse<byte[]> raw) {

		public JsonNode json() {
			return Uploads.json.readTree(this.body);
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

	}

	/** POST a photo with a room token; {@code query} like {@code "?notice=true"} or empty. */
	public Response upload(String callId, String token, byte[] photo, String query) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(this.base + "/api/v1/calls/" + callId + "/evidence" + query))
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(photo));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request);
	}

	public Response list(String callId) {
		return send(HttpRequest.newBuilder(URI.create(this.base + "/api/v1/calls/" + callId + "/evidence"))
			.header("X-API-Key", TestApp.API_KEY));
	}

	public Response bytes(String callId, String evidenceId) {
		return send(HttpRequest
			.newBuilder(URI.create(this.base + "/api/v1/calls/" + callId + "/evidence/" + evidenceId))
			.header("X-API-Key", TestApp.API_KEY));
	}

	/** GET a path with a room token. */
	public Response asPage(String path, String token) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).header("Authorization", "Bearer " + token));
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<byte[]> response = this.client.send(request.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body(), response);
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
