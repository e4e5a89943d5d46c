package io.casecall.room.token;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Room token settings ({@code casecall.token.*}).
 *
 * @param issuer {@code iss} of every token this service mints and accepts
 * @param audience {@code aud} of every token this service mints and accepts
 * @param agentTtl lifetime of an agent's join token
 * @param inviteTtl lifetime of a customer's invite token
 * @param clockSkew tolerated clock difference when checking {@code exp}/{@code nbf} (at most 30 s)
 * @param keysDir folder where signing keys are generated on first start and kept (PKCS#8 PEM);
 * used when {@code keyFiles} is empty. Mount it on a volume in production.
 * @param keyFiles explicit signing keys (PKCS#8 PEM or private JWK JSON); the first one signs,
 * all of them verify. Takes precedence over {@code keysDir}.
 * @param currentKeyId with {@code keysDir}: the {@code kid} that signs new tokens (default: the
 * newest key file)
 */
@Validated
@ConfigurationProperties("casecall.token")
public record TokenProperties(
		@DefaultValue("casecall") @NotBlank String issuer,
		@DefaultValue("casecall-room") @NotBlank String audience,
		@DefaultValue("15m") @NotNull @DurationMin(seconds = 30) Duration agentTtl,
		@DefaultValue("30m") @NotNull @DurationMin(seconds = 30) Duration inviteTtl,
		@DefaultValue("30s") @NotNull @DurationMax(seconds = 30) Duration clockSkew,
		@DefaultValue(".casecall/keys") @NotNull Path keysDir,
		@DefaultValue List<Path> keyFiles,
		String currentKeyId) {
}
