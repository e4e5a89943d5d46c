package io.casecall.signaling.security;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Credentials of the control APIs ({@code casecall.security.*}). Only SHA-256 digests of the
 * keys are configured; the keys themselves never reach the application's configuration.
 *
 * @param apiKeys keys of case systems calling {@code /api/v1/**}
 * @param opsKeys keys of operations staff for {@code /ops} and its API
 * @param frameAncestors origins that may embed the pages in a frame (CSP {@code frame-ancestors});
 * empty: none may ({@code 'none'})
 * @param connectSources origins the pages may connect to besides their own (CSP
 * {@code connect-src}), such as the Jitsi Videobridges' public WebSocket base
 * @param hstsMaxAge {@code Strict-Transport-Security} max-age, sent on requests that came over TLS
 */
@Validated
@ConfigurationProperties("casecall.security")
public record SecurityProperties(@DefaultValue @Valid List<KeyDigest> apiKeys,
		@DefaultValue @Valid List<KeyDigest> opsKeys,
		@DefaultValue List<@Pattern(regexp = SOURCE, message = SOURCE_MESSAGE) String> frameAncestors,
		@DefaultValue List<@Pattern(regexp = SOURCE, message = SOURCE_MESSAGE) String> connectSources,
		@DefaultValue("365d") @NotNull Duration hstsMaxAge) {

	/** A CSP source: scheme://host[:port] (host may start with *.), nothing that could end the directive. */
	static final String SOURCE = "(https?|wss?)://(\\*\\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?";

	static final String SOURCE_MESSAGE = "must be an origin such as https://crm.example.com";

	/**
	 * One accepted key.
	 * @param name who holds it (shown in logs and used to scope idempotency keys)
	 * @param sha256 hex SHA-256 digest of the key ({@code printf %s "$KEY" | sha256sum})
	 */
	public record KeyDigest(@NotBlank String name, @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}") String sha256) {
	}

}
