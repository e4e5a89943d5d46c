package io.casecall.signaling.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.casecall.signaling.system.ProblemWriter;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request through only with a valid key in the {@code X-API-Key} header; anything else
 * is a 401 problem. The matching key's name is kept as the request's {@link #CLIENT} attribute.
 * The key itself is never logged.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	/** Paths that take a case system's API key. */
	public static final String[] API_PATHS = { "/api/v1/calls", "/api/v1/calls/*", "/api/v1/cases/*", "/api/v1/webhooks/*" };

	/** Paths that take an ops key. */
	public static final String[] OPS_PATHS = { "/api/v1/ops/*" };

	/** Request attribute holding the name of the key that authenticated the request. */
	public static final String CLIENT = ApiKeyFilter.class.getName() + ".client";

	private final KeyRing keys;

	private final ProblemWriter problems;

	private final String realm;

	ApiKeyFilter(KeyRing keys, ProblemWriter problems, String realm) {
		this.keys = keys;
		this.problems = problems;
		this.realm = realm;
	}

	/** A photo upload authenticates with a room token instead (see the evidence API). */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return isEvidenceUpload(request);
	}

	/** {@code POST /api/v1/calls/<id>/evidence}: authenticated by a room token, body read by its controller. */
	public static boolean isEvidenceUpload(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && request.getRequestURI().matches("/api/v1/calls/[^/]+/evidence");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = request.getHeader(HEADER);
		String client = this.keys.match(presented);
		if (client == null) {
			response.setHeader("WWW-Authenticate", "ApiKey realm=\"" + this.realm + "\"");
			this.problems.write(request, response, HttpStatus.UNAUTHORIZED,
					(presented == null) ? "api_key_missing" : "api_key_invalid",
					(presented == null) ? "Send a key in the " + HEADER + " header"
							: "The key in the " + HEADER + " header is not valid");
			return;
		}
		request.setAttribute(CLIENT, client);
		chain.doFilter(request, response);
	}

}
