package io.casecall.signaling.ws;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.util.WebUtils;

/**
 * Which browser pages may open the call socket: pages served by this service (the request's own
 * host) and the configured origins ({@code casecall.signaling.allowed-origins}, by default the
 * origin of {@code casecall.api.public-base-url}). The opaque origin {@code null} (sandboxed
 * frames, {@code file:} pages) is refused. A client that sends no {@code Origin} is not a browser
 * page and is judged by its token alone.
 */
final class AllowedOrigins {

	private final Set<String> allowed;

	AllowedOrigins(List<String> configured, URI publicBaseUrl) {
		List<String> origins = configured.isEmpty() ? List.of(origin(publicBaseUrl)) : configured;
		this.allowed = origins.stream().map(AllowedOrigins::normalize).collect(Collectors.toUnmodifiableSet());
	}

	boolean allows(ServerHttpRequest request) {
		String origin = request.getHeaders().getOrigin();
		if (origin == null) {
			return true;
		}
		if ("null".equalsIgnoreCase(origin.trim())) {
			return false;
		}
		return this.allowed.contains(normalize(origin)) || WebUtils.isSameOrigin(request);
	}

	Set<String> origins() {
		return this.allowed;
	}

	private static String origin(URI url) {
		String origin = url.getScheme() + "://" + url.getHost();
		return (url.getPort() != -1) ? origin + ":" + url.getPort() : origin;
	}

	/** Scheme and host in lower case, without a default port or a trailing slash. */
	private static String normalize(String origin) {
		String text = origin.trim().toLowerCase(Locale.ROOT);
		if (text.endsWith("/")) {
			text = text.substring(0, text.length() - 1);
		}
		try {
			URI uri = URI.create(text);
			int port = uri.getPort();
			boolean defaultPort = (port == 80 && "http".equals(uri.getScheme()))
					|| (port == 443 && "https".equals(uri.getScheme()));
			return uri.getScheme() + "://" + uri.getHost() + ((port == -1 || defaultPort) ? "" : ":" + port);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

}
