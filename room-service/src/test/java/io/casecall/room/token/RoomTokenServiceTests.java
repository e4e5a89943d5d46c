package io.casecall.room.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.casecall.room.test.MutableClock;
import io.casecall.room.token.InvalidTokenException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoomTokenServiceTests {

	@TempDir
	Path keys;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

	private RoomTokenService tokens;

	private SigningKeyStore store;

	@BeforeEach
	void setUp() {
		this.store = new SigningKeyStore(properties(this.keys, List.of(), null), this.clock);
		this.tokens = new RoomTokenService(properties(this.keys, List.of(), null), this.store, this.clock);
	}

	@Test
	void issuesEs256TokensWithKidAndAllClaims() {
		String token = issue(Role.CUSTOMER, this.clock.instant().plus(Duration.ofMinutes(30)));

		String header = decode(token.split("\\.")[0]);
		assertThat(header).contains("\"alg\":\"ES256\"").contains("\"kid\":\"" + this.store.current().keyId() + "\"");
		String payload = decode(token.split("\\.")[1]);
		assertThat(payload).contains("\"iss\":\"casecall\"", "\"aud\":", "\"sub\":\"customer-1\"", "\"room\":\"room-1\"",
				"\"call\":\"call-1\"", "\"case\":\"CASE-1\"", "\"role\":\"customer\"", "\"name\":\"Li Wei\"",
				"\"locale\":\"zh-CN\"", "\"iat\":", "\"nbf\":", "\"exp\":", "\"jti\":");

		RoomToken verified = this.tokens.verify(token);
		assertThat(verified.participantId()).isEqualTo("customer-1");
		assertThat(verified.role()).isEqualTo(Role.CUSTOMER);
		assertThat(verified.callId()).isEqualTo("call-1");
		assertThat(verified.locale()).isEqualTo("zh-CN");
		assertThat(verified.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(30)));
	}

	@Test
	void rejectsUnsecuredTokens() {
		String header = encode("{\"alg\":\"none\",\"kid\":\"" + this.store.current().keyId() + "\"}");
		String payload = decode(issue(Role.AGENT, inAnHour()).split("\\.")[1]);
		String unsecured = header + "." + encode(payload) + ".";

		assertRejected(unsecured, Reason.UNSUPPORTED_ALGORITHM);
	}

	@Test
	void rejectsHs256EvenWhenSignedWithThePublicKeyAsSecret() throws Exception {
		String payload = issue(Role.AGENT, inAnHour()).split("\\.")[1];
		String header = encode("{\"alg\":\"HS256\",\"kid\":\"" + this.store.current().keyId() + "\"}");
		byte[] publicKey = this.store.current().publicKey().getEncoded();
		String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(publicKey)
				+ "\n-----END PUBLIC KEY-----\n";
		for (byte[] secret : List.of(publicKey, pem.getBytes(StandardCharsets.US_ASCII))) {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			String signature = Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));

			assertRejected(header + "." + payload + "." + signature, Reason.UNSUPPORTED_ALGORITHM);
		}
	}

	@Test
	void rejectsWrongAudienceAndIssuer() {
		SigningKey key = this.store.current();
		String wrongAudience = Jwts.builder()
			.header().keyId(key.keyId()).and()
			.issuer("casecall").audience().add("another-service").and()
			.subject("agent-1").claim("room", "r").claim("call", "c").claim("role", "agent")
			.expiration(Date.from(inAnHour()))
			.signWith(key.privateKey(), Jwts.SIG.ES256)
			.compact();
		String wrongIssuer = Jwts.builder()
			.header().keyId(key.keyId()).and()
			.issuer("somebody-else").audience().add("casecall-room").and()
			.subject("agent-1").claim("room", "r").claim("call", "c").claim("role", "agent")
			.expiration(Date.from(inAnHour()))
			.signWith(key.privateKey(), Jwts.SIG.ES256)
			.compact();

		assertRejected(wrongAudience, Reason.WRONG_AUDIENCE);
		assertRejected(wrongIssuer, Reason.WRONG_ISSUER);
	}

	@Test
	void acceptsUpToThirtySecondsOfSkewAndNoMore() {
		String token = issue(Role.AGENT, this.clock.instant().plus(Duration.ofMinutes(15)));

		this.clock.advance(Duration.ofMinutes(15).plusSeconds(29));
		assertThat(this.tokens.verify(token).participantId()).isEqualTo("agent-1");

		this.clock.advance(Duration.ofSeconds(2));
		assertRejected(token, Reason.EXPIRED);
	}

	@Test
	void rejectsTokensNotValidYet() {
		String token = issue(Role.AGENT, inAnHour());

		this.clock.advance(Duration.ofSeconds(-31));
		assertRejected(token, Reason.NOT_YET_VALID);
	}

	@Test
	void rejectsUnknownOrMissingKeyIds() throws Exception {
		Path otherKeys = Files.createTempDirectory(this.keys, "other");
		SigningKeyStore other = new SigningKeyStore(properties(otherKeys, List.of(), null), this.clock);
		String foreign = new RoomTokenService(properties(otherKeys, List.of(), null), other, this.clock)
			.issue(new SeatClaims("agent-1", "room-1", "call-1", "CASE-1", Role.AGENT, "A", null), inAnHour());
		String noKid = Jwts.builder()
			.issuer("casecall").audience().add("casecall-room").and()
			.subject("agent-1").claim("room", "r").claim("call", "c").claim("role", "agent")
			.expiration(Date.from(inAnHour()))
			.signWith(this.store.current().privateKey(), Jwts.SIG.ES256)
			.compact();

		assertRejected(foreign, Reason.UNKNOWN_KEY);
		assertRejected(noKid, Reason.UNKNOWN_KEY);
	}

	@Test
	void rejectsTamperedAndGarbledTokens() {
		String token = issue(Role.CUSTOMER, inAnHour());
		String[] parts = token.split("\\.");
		String tampered = parts[0] + "." + encode(decode(parts[1]).replace("customer-1", "agent-1")) + "." + parts[2];

		assertRejected(tampered, Reason.BAD_SIGNATURE);
		assertRejected("not-a-token", Reason.MALFORMED);
		assertRejected("", Reason.MALFORMED);
		assertRejected(parts[0] + "." + parts[1], Reason.MALFORMED);
	}

	@Test
	void rejectsTokensWithoutRoomClaims() {
		SigningKey key = this.store.current();
		String bare = CanonicalSignature.lowS(Jwts.builder()
			.header().keyId(key.keyId()).and()
			.issuer("casecall").audience().add("casecall-room").and()
			.subject("agent-1")
			.expiration(Date.from(inAnHour()))
			.signWith(key.privateKey(), Jwts.SIG.ES256)
			.compact());

		assertRejected(bare, Reason.MALFORMED);
	}

	@Test
	void issuesOnlyLowSSignatures() {
		for (int i = 0; i < 40; i++) {
			assertThat(CanonicalSignature.isLowS(issue(Role.CUSTOMER, inAnHour()))).isTrue();
		}
	}

	@Test
	void rejectsTheHighSTwinOfAValidSignature() throws Exception {
		String token = issue(Role.CUSTOMER, inAnHour());
		String twin = highSTwin(token);

		// the twin is a real signature over the same header and claims: plain JCA accepts it
		java.security.Signature ecdsa = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
		ecdsa.initVerify(this.store.current().publicKey());
		ecdsa.update(token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
		assertThat(ecdsa.verify(Base64.getUrlDecoder().decode(twin.substring(twin.lastIndexOf('.') + 1)))).isTrue();

		assertThat(this.tokens.verify(token).participantId()).isEqualTo("customer-1");
		assertRejected(twin, Reason.BAD_SIGNATURE);
	}

	/** (r, s) to (r, n - s): the other valid ECDSA signature of the same message. */
	static String highSTwin(String token) {
		java.math.BigInteger n = new java.math.BigInteger(
				"FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
		int dot = token.lastIndexOf('.');
		byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
		java.math.BigInteger s = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64));
		byte[] high = n.subtract(s).toByteArray();
		byte[] twin = java.util.Arrays.copyOf(signature, 64);
		java.util.Arrays.fill(twin, 32, 64, (byte) 0);
		int length = Math.min(high.length, 32);
		System.arraycopy(high, high.length - length, twin, 64 - length, length);
		return token.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(twin);
	}

	@Test
	void keepsVerifyingAfterARestartWithTheSameKeysFolder() {
		String token = issue(Role.CUSTOMER, inAnHour());

		SigningKeyStore restarted = new SigningKeyStore(properties(this.keys, List.of(), null), this.clock);
		RoomTokenService afterRestart = new RoomTokenService(properties(this.keys, List.of(), null), restarted,
				this.clock);

		assertThat(restarted.current().keyId()).isEqualTo(this.store.current().keyId());
		assertThat(afterRestart.verify(token).participantId()).isEqualTo("customer-1");
	}

	@Test
	void signsWithTheNewestKeyAndStillVerifiesOlderOnes() throws Exception {
		String old = issue(Role.CUSTOMER, inAnHour());
		Path generated;
		try (var files = Files.list(this.keys)) {
			generated = files.filter((file) -> file.toString().endsWith(".pem")).findFirst().orElseThrow();
		}
		// a rotated-in key: another generated key under a later name
		Path scratch = Files.createTempDirectory(this.keys, "scratch");
		new SigningKeyStore(properties(scratch, List.of(), null), this.clock);
		try (var files = Files.list(scratch)) {
			Files.move(files.filter((file) -> file.toString().endsWith(".pem")).findFirst().orElseThrow(),
					this.keys.resolve("es256-29990101T000000Z.pem"));
		}

		SigningKeyStore rotated = new SigningKeyStore(properties(this.keys, List.of(), null), this.clock);
		RoomTokenService service = new RoomTokenService(properties(this.keys, List.of(), null), rotated, this.clock);
		String fresh = service.issue(new SeatClaims("agent-1", "room-1", "call-1", "CASE-1", Role.AGENT, "A", null),
				inAnHour());

		assertThat(generated).exists();
		assertThat(rotated.all()).hasSize(2);
		assertThat(decode(fresh.split("\\.")[0])).contains(rotated.current().keyId())
			.doesNotContain(this.store.current().keyId());
		assertThat(service.verify(old).participantId()).isEqualTo("customer-1");
		assertThat(service.verify(fresh).participantId()).isEqualTo("agent-1");
	}

	@Test
	void loadsExplicitPemAndJwkKeyFiles() throws Exception {
		Path pem;
		try (var files = Files.list(this.keys)) {
			pem = files.filter((file) -> file.toString().endsWith(".pem")).findFirst().orElseThrow();
		}
		Path jwk = this.keys.resolve("other.jwk.json");
		io.jsonwebtoken.security.PrivateJwk<?, ?, ?> generated = io.jsonwebtoken.security.Jwks.builder()
			.key((java.security.interfaces.ECPrivateKey) Jwts.SIG.ES256.keyPair().build().getPrivate())
			.id("ops-2026")
			.build();
		Files.writeString(jwk, io.jsonwebtoken.security.Jwks.UNSAFE_JSON(generated));

		SigningKeyStore explicit = new SigningKeyStore(properties(this.keys, List.of(jwk, pem), null), this.clock);

		assertThat(explicit.current().keyId()).isEqualTo("ops-2026");
		assertThat(explicit.find(this.store.current().keyId())).isNotNull();
	}

	private String issue(Role role, Instant expiresAt) {
		String participant = (role == Role.AGENT) ? "agent-1" : "customer-1";
		return this.tokens.issue(new SeatClaims(participant, "room-1", "call-1", "CASE-1", role, "Li Wei",
				(role == Role.CUSTOMER) ? "zh-CN" : null), expiresAt);
	}

	private Instant inAnHour() {
		return this.clock.instant().plus(Duration.ofHours(1));
	}

	private void assertRejected(String token, Reason reason) {
		assertThatThrownBy(() -> this.tokens.verify(token)).isInstanceOfSatisfying(InvalidTokenException.class,
				(ex) -> {
					assertThat(ex.reason()).isEqualTo(reason);
					assertThat(ex.code()).isEqualTo("token_" + reason.tag());
					assertThat(ex.getMessage()).doesNotContain(token.isEmpty() ? "\u0000" : token);
				});
	}

	static TokenProperties properties(Path keysDir, List<Path> keyFiles, String currentKeyId) {
		return new TokenProperties("casecall", "casecall-room", Duration.ofMinutes(15), Duration.ofMinutes(30),
				Duration.ofSeconds(30), keysDir, keyFiles, currentKeyId);
	}

	private static String decode(String part) {
		return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
	}

	private static String encode(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
