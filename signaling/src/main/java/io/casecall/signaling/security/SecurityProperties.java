package io.casecall.signaling.security;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
 */
@Validated
@ConfigurationProperties("casecall.security")
public record SecurityProperties(@DefaultValue @Valid List<KeyDigest> apiKeys,
		@DefaultValue @Valid List<KeyDigest> opsKeys) {

	/**
	 * One accepted key.
	 * @param name who holds it (shown in logs and used to scope idempotency keys)
	 * @param sha256 hex SHA-256 digest of the key ({@code printf %s "$KEY" | sha256sum})
	 */
	public record KeyDigest(@NotBlank String name, @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}") String sha256) {
	}

}
