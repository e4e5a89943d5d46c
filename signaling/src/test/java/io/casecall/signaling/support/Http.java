package io.casecall.signaling.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client against the application under test. */
public final class Http {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public Http(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public record Response(int status, String contentType, String body, HttpResponse<String> raw) {

		public JsonNode json() {
			return Http.json.readTree(this.body);
		}

	}

	public Response get(String path, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET(), headers);
	}

	public Response post(String path, String body, String... headers) {
		HttpRequest.BodyPublisher publisher = (body != null) ? HttpRequest.BodyPublishers.ofString(body)
				: HttpRequest.BodyPublishers.noBody();
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).POST(publisher), headers);
	}

	/** POST as the test case system (API key, JSON). */
	public Response postJson(String path, String body, String... headers) {
		String[] all = new String[headers.length + 4];
		all[0] = "X-API-Key";
		all[1] = TestApp.API_KEY;
		all[2] = "Content-Type";
		all[3] = "application/json";
		System.arraycopy(headers, 0, all, 4, headers.length);
		return post(path, body, all);
	}

	/** GET as the test case system. */
	public Response getAsClient(String path) {
		return get(path, "X-API-Key", TestApp.API_KEY);
	}

	private Response send(HttpRequest.Builder request, String... headers) {
		request.timeout(Duration.ofSeconds(10));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
