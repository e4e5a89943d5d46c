package io.casecall.signaling.api;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * STUN and TURN servers the browsers use ({@code casecall.ice.*}). None by default: the media
 * server's own candidates are enough where browsers reach it directly (loopback, a public SFU and
 * UDP allowed). A customer behind a firewall that blocks UDP needs a TURN server on TCP/TLS 443
 * (for example coturn with {@code use-auth-secret}); each page gets short-lived credentials for it
 * (the TURN REST API scheme: {@code username = <expiry>:<participant>},
 * {@code credential = base64(HMAC-SHA1(secret, username))}).
 *
 * @param stunUrls {@code stun:} / {@code stuns:} URLs
 * @param turnUrls {@code turn:} / {@code turns:} URLs of one TURN service sharing {@code turnSecret}
 * @param turnSecret the TURN server's shared secret (coturn {@code static-auth-secret}); required
 * with {@code turnUrls}. A secret: set it from the environment, never commit it
 * @param turnCredentialTtl how long the credentials a page gets stay valid (a call's length)
 */
@Validated
@ConfigurationProperties("casecall.ice")
public record IceProperties(@DefaultValue List<String> stunUrls, @DefaultValue List<String> turnUrls, String turnSecret,
		@DefaultValue("4h") @NotNull @DurationMin(minutes = 1) Duration turnCredentialTtl) {

	@AssertTrue(message = "casecall.ice.turn-secret is required with casecall.ice.turn-urls")
	boolean isTurnSecretGivenWithTurnUrls() {
		return this.turnUrls.isEmpty() || (this.turnSecret != null && !this.turnSecret.isBlank());
	}

	@AssertTrue(message = "casecall.ice.stun-urls must start with stun: or stuns:, turn-urls with turn: or turns:")
	boolean isEveryUrlOfItsKind() {
		return this.stunUrls.stream().allMatch((url) -> url.matches("stuns?:\\S+"))
				&& this.turnUrls.stream().allMatch((url) -> url.matches("turns?:\\S+"));
	}

	@Override
	public String toString() {
		return "IceProperties[stunUrls=" + this.stunUrls + ", turnUrls=" + this.turnUrls + ", turnSecret="
				+ ((this.turnSecret != null) ? "(set)" : "none") + ", turnCredentialTtl=" + this.turnCredentialTtl + "]";
	}

}
