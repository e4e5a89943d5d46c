package io.casecall.signaling.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** STUN/TURN servers for the pages, with TURN REST API credentials as coturn checks them. */
class IceServersTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

	private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	@Test
	void givesNoneByDefault() {
		IceProperties none = new IceProperties(List.of(), List.of(), null, Duration.ofHours(4));

		assertThat(new IceServers(none, CLOCK).forParticipant("customer-abc")).isEmpty();
		assertThat(this.validator.validate(none)).isEmpty();
	}

	@Test
	void givesStunAsIsAndTurnWithShortLivedCredentials() {
		IceProperties ice = new IceProperties(List.of("stun:stun.example.com:3478"),
				List.of("turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:443?transport=tcp"),
				"turn-shared-secret", Duration.ofHours(4));

		List<IceServers.IceServer> servers = new IceServers(ice, CLOCK).forParticipant("customer-abc");

		assertThat(servers).hasSize(2);
		assertThat(servers.get(0).urls()).containsExactly("stun:stun.example.com:3478");
		assertThat(servers.get(0).credential()).isNull();
		// expiry (10:00 + 4 h, epoch seconds) : participant; HMAC-SHA1 computed independently
		assertThat(servers.get(1).username()).isEqualTo("1795701600:customer-abc");
		assertThat(servers.get(1).credential()).isEqualTo("Xu5F1632nnnz0bg13Uzk5dF+fHI=");
		assertThat(servers.get(1).toString()).doesNotContain("Xu5F1632");
		assertThat(ice.toString()).doesNotContain("turn-shared-secret");
	}

	@Test
	void refusesTurnWithoutItsSecretAndUrlsOfTheWrongKind() {
		Set<ConstraintViolation<IceProperties>> noSecret = this.validator
			.validate(new IceProperties(List.of(), List.of("turn:turn.example.com"), " ", Duration.ofHours(4)));
		Set<ConstraintViolation<IceProperties>> wrongKind = this.validator.validate(new IceProperties(
				List.of("turn:turn.example.com"), List.of("https://turn.example.com"), "s", Duration.ofHours(4)));

		assertThat(noSecret).extracting(ConstraintViolation::getMessage)
			.containsExactly("casecall.ice.turn-secret is required with casecall.ice.turn-urls");
		assertThat(wrongKind).extracting(ConstraintViolation::getMessage)
			.containsExactly("casecall.ice.stun-urls must start with stun: or stuns:, turn-urls with turn: or turns:");
	}

}
