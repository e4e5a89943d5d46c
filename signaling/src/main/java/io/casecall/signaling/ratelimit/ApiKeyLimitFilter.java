package io.casecall.signaling.ratelimit;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.casecall.signaling.security.ApiKeyFilter;
import io.casecall.signaling.system.ProblemWriter;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The limit per case-system API key, right after the key was accepted (it counts by the key's
 * configured name, never by the key).
 */
class ApiKeyLimitFilter extends OncePerRequestFilter {

	private final Buckets buckets;

	private final RateLimitProperties limits;

	private final ProblemWriter problems;

	ApiKeyLimitFilter(Buckets buckets, RateLimitProperties limits, ProblemWriter problems) {
		this.buckets = buckets;
		this.limits = limits;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Object client = request.getAttribute(ApiKeyFilter.CLIENT);
		if (client != null) {
			String key = "api_key:" + client;
			Buckets.Decision decision = this.buckets.take(key, this.limits.apiKey());
			if (!decision.allowed()) {
				this.buckets.refused(key);
				RateLimitFilter.refuse(this.problems, request, response, decision);
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
