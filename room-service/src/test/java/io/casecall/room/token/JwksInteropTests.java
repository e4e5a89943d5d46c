package io.casecall.room.token;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.casecall.room.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** Issued tokens verify against the published JWK Set with an independent JOSE library. */
class JwksInteropTests {

	@TempDir
	Path keys;

	@Test
	void issuedTokensVerifyAgainstTheJwksWithNimbus() throws Exception {
		MutableClock clock = new MutableClock();
		TokenProperties properties = RoomTokenServiceTests.properties(this.keys, List.of(), null);
		SigningKeyStore store = new SigningKeyStore(properties, clock);
		RoomTokenService tokens = new RoomTokenService(properties, store, clock);
		Instant expiry = clock.instant().plus(Duration.ofMinutes(30));
		String token = tokens.issue(new SeatClaims("customer-9", "room-9", "call-9", "CASE-9", Role.CUSTOMER, "Ana", "es"),
				expiry);

		JWKSet jwks = JWKSet.parse(tokens.jwksJson());
		SignedJWT jwt = SignedJWT.parse(token);
		ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());

		assertThat(jwks.getKeys()).allSatisfy((jwk) -> assertThat(jwk.isPrivate()).isFalse());
		assertThat(key).isNotNull();
		assertThat(key.getAlgorithm().getName()).isEqualTo("ES256");
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("casecall");
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("casecall-room");
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("customer-9");
		assertThat(jwt.getJWTClaimsSet().getStringClaim("role")).isEqualTo("customer");
		assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(expiry));
	}

}
