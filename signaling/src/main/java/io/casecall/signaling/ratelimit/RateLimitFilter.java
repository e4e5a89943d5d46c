package io.casecall.signaling.ratelimit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.casecall.signaling.system.ProblemWriter;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The limits by client address, before anything else runs: API requests, refused keys (API and
 * ops), and WebSocket handshakes on {@code /ws/v1} (by address and by room token, before the
 * upgrade and before the token is even verified). A refusal is 429 {@code rate_limited} with
 * {@code Retry-After}.
 */
class RateLimitFilter extends OncePerRequestFilter {

	static final String SOCKET_PATH = "/ws/v1";

	private static final String TOKEN_PREFIX = "token.";

	private final Buckets buckets;

	private final RateLimitProperties limits;

	private final ProblemWriter problems;

	RateLimitFilter(Buckets buckets, RateLimitProperties limits, ProblemWriter problems) {
		this.buckets = buckets;
		this.limits = limits;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String address = ClientAddress.of(request);
		// decoded and without ;path-parameters, as the handlers see it ("/ws/v1;x" is /ws/v1)
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		if (SOCKET_PATH.equals(path)) {
			String byAddress = "handshake_address:" + address;
			if (refused(response, request, byAddress, this.buckets.take(byAddress, this.limits.handshakeAddress()))) {
				return;
			}
			String token = token(request);
			String byToken = "handshake_token:" + ((token != null) ? sha256(token) : "");
			if (token != null && refused(response, request, byToken,
					this.buckets.take(byToken, this.limits.handshakeToken()))) {
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		String byAddress = "address:" + address;
		if (refused(response, request, byAddress, this.buckets.take(byAddress, this.limits.address()))) {
			return;
		}
		boolean keyed = isKeyed(path);
		String failedAuth = "failed_auth:" + address;
		if (keyed && refused(response, request, failedAuth, this.buckets.peek(failedAuth, this.limits.failedAuth()))) {
			return;
		}
		chain.doFilter(request, response);
		if (keyed && response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
			this.buckets.take(failedAuth, this.limits.failedAuth());
		}
	}

	/** Paths that take an API or ops key (see the key filters in the security feature). */
	static boolean isKeyed(String path) {
		return path.equals("/api/v1/calls") || path.startsWith("/api/v1/calls/") || path.startsWith("/api/v1/cases/")
				|| path.startsWith("/api/v1/ops/");
	}

	private boolean refused(HttpServletResponse response, HttpServletRequest request, String key,
			Buckets.Decision decision) throws IOException {
		if (decision.allowed()) {
			return false;
		}
		this.buckets.refused(key);
		refuse(this.problems, request, response, decision);
		return true;
	}

	/** 429 {@code rate_limited} with {@code Retry-After}. */
	static void refuse(ProblemWriter problems, HttpServletRequest request, HttpServletResponse response,
			Buckets.Decision decision) throws IOException {
		response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
		problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
				"Too many requests; try again in " + decision.retryAfterSeconds() + " s");
	}

	/** The room token offered as subprotocol {@code token.<jwt>}, or {@code null}. */
	private static String token(HttpServletRequest request) {
		for (var headers = request.getHeaders("Sec-WebSocket-Protocol"); headers.hasMoreElements();) {
			for (String protocol : headers.nextElement().split(",")) {
				String trimmed = protocol.trim();
				if (trimmed.startsWith(TOKEN_PREFIX)) {
					return trimmed.substring(TOKEN_PREFIX.length());
				}
			}
		}
		return null;
	}

	/** Tokens are never stored or logged: their buckets are keyed by a digest. */
	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
