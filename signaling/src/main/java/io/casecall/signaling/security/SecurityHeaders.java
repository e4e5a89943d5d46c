package io.casecall.signaling.security;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import io.casecall.room.sfu.SfuGateway;

/**
 * Spring Security, used for its response headers only: no login, no sessions, no CSRF tokens,
 * no authorization rules (the API and ops keys stay with {@link ApiKeyFilter}, room tokens with
 * the socket handshake). Every response gets:
 * <ul>
 * <li>a strict Content-Security-Policy: scripts, styles and everything else from this origin
 * only (the pages are ES modules with no inline script or style), no plugins, no
 * {@code <base>}; {@code frame-ancestors 'none'} unless {@code casecall.security.frame-ancestors}
 * lists the case systems that may embed the pages (then {@code X-Frame-Options} is left out, as
 * it cannot express a list);</li>
 * <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer};</li>
 * <li>{@code Permissions-Policy}: camera and microphone for this origin only, nothing else
 * sensitive;</li>
 * <li>one exception: the API reference (Swagger UI) may use inline styles, never inline script;</li>
 * <li>{@code Strict-Transport-Security} when the request came over TLS, directly or through a
 * proxy trusted by {@code server.tomcat.remoteip.internal-proxies}.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SecurityHeaders {

	static final String PERMISSIONS_POLICY = "camera=(self), microphone=(self), display-capture=(), geolocation=(), "
			+ "payment=(), usb=(), serial=(), hid=()";

	/** Swagger UI (the API reference page) sets inline styles; its scripts stay strict. */
	static final String[] API_DOCS = { "/api-docs.html", "/swagger-ui/**" };

	@Bean
	@Order(1)
	SecurityFilterChain apiDocsHeaders(HttpSecurity http, SecurityProperties properties, SfuGateway sfu)
			throws Exception {
		return headersOnly(http.securityMatcher(API_DOCS), properties, contentSecurityPolicy(properties, sfu)
			.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));
	}

	@Bean
	@Order(2)
	SecurityFilterChain headersOnly(HttpSecurity http, SecurityProperties properties, SfuGateway sfu)
			throws Exception {
		return headersOnly(http, properties, contentSecurityPolicy(properties, sfu));
	}

	private static SecurityFilterChain headersOnly(HttpSecurity http, SecurityProperties properties, String csp)
			throws Exception {
		List<String> ancestors = properties.frameAncestors();
		return http.csrf(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.anonymous(AbstractHttpConfigurer::disable)
			.securityContext(AbstractHttpConfigurer::disable)
			.servletApi(AbstractHttpConfigurer::disable)
			.exceptionHandling(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.headers((headers) -> headers
				// pages and modules keep their revalidation (ETag) caching; API answers set their own
				.cacheControl(HeadersConfigurer.CacheControlConfig::disable)
				.contentSecurityPolicy((policy) -> policy.policyDirectives(csp))
				.frameOptions((frames) -> {
					if (ancestors.isEmpty()) {
						frames.deny();
					}
					else {
						frames.disable();
					}
				})
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.permissionsPolicyHeader((permissions) -> permissions.policy(PERMISSIONS_POLICY))
				.httpStrictTransportSecurity((hsts) -> hsts.includeSubDomains(false)
					.maxAgeInSeconds(properties.hstsMaxAge().toSeconds())))
			.build();
	}

	/**
	 * The pages' policy. {@code connect-src} is this origin, the configured connect sources and the
	 * origins the SFU's side channel needs (the Jitsi Videobridges' public WebSocket bases).
	 */
	static String contentSecurityPolicy(SecurityProperties properties, SfuGateway sfu) {
		String ancestors = properties.frameAncestors().isEmpty() ? "'none'"
				: String.join(" ", properties.frameAncestors());
		String connect = Stream.of(Stream.of("'self'"), properties.connectSources().stream(), sfu.browserOrigins().stream())
			.flatMap(Function.identity())
			.distinct()
			.collect(Collectors.joining(" "));
		return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
				+ "media-src 'self' blob:; font-src 'self'; connect-src " + connect + "; object-src 'none'; "
				+ "base-uri 'none'; form-action 'self'; frame-ancestors " + ancestors;
	}

}
