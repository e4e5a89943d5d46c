package io.casecall.room.token;

import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.stream.Collectors;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.SignatureException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.token.InvalidTokenException.Reason;

import org.springframework.stereotype.Service;

/**
 * Mints and verifies ES256 room tokens. Only cryptography and claims live here: whether the
 * call a valid token names is still open is decided by the call feature.
 */
@Service
public class RoomTokenService {

	private static final JsonMapper HEADERS = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private final TokenProperties properties;

	private final SigningKeyStore keys;

	private final Clock clock;

	private final JwtParser parser;

	public RoomTokenService(TokenProperties properties, SigningKeyStore keys, Clock clock) {
		this.properties = properties;
		this.keys = keys;
		this.clock = clock;
		this.parser = Jwts.parser()
			.sig().clear().add(Jwts.SIG.ES256).and() // nothing but ES256: no "none", no HMAC
			.keyLocator(new KeyById(keys))
			.requireIssuer(properties.issuer())
			.requireAudience(properties.audience())
			.clock(() -> Date.from(clock.instant()))
			.clockSkewSeconds(properties.clockSkew().toSeconds())
			.build();
	}

	/** Token lifetime for a role. */
	public java.time.Duration ttl(Role role) {
		return (role == Role.AGENT) ? this.properties.agentTtl() : this.properties.inviteTtl();
	}

	/**
	 * Signs a token for a seat; {@code iat}, {@code nbf} and {@code jti} are set here.
	 * @param expiresAt absolute expiry (kept across re-issues of the same call)
	 */
	public String issue(SeatClaims seat, Instant expiresAt) {
		Instant now = this.clock.instant();
		SigningKey key = this.keys.current();
		String token = Jwts.builder()
			.header().keyId(key.keyId()).and()
			.issuer(this.properties.issuer())
			.audience().add(this.properties.audience()).and()
			.subject(seat.participantId())
			.claim("room", seat.room())
			.claim("call", seat.callId())
			.claim("case", seat.caseId())
			.claim("role", seat.role().wire())
			.claim("name", seat.name())
			.claim("locale", seat.locale())
			.issuedAt(Date.from(now))
			.notBefore(Date.from(now))
			.expiration(Date.from(expiresAt))
			.id(UUID.randomUUID().toString())
			.signWith(key.privateKey(), Jwts.SIG.ES256)
			.compact();
		return CanonicalSignature.lowS(token);
	}

	/** Verifies signature, algorithm, key, issuer, audience and validity window. */
	public RoomToken verify(String token) {
		if (token == null || token.isBlank() || token.length() > 4096) {
			throw new InvalidTokenException(Reason.MALFORMED, "No usable token");
		}
		String algorithm = algorithm(token);
		if (algorithm != null && !"ES256".equals(algorithm)) {
			throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM, "Only ES256-signed tokens are accepted");
		}
		Claims claims;
		try {
			claims = this.parser.parseSignedClaims(token).getPayload();
			// only after the signature verified: a forged token gets bad_signature either way
			if (!CanonicalSignature.isLowS(token)) {
				throw new InvalidTokenException(Reason.BAD_SIGNATURE,
						"The token signature is not in canonical (low-S) form");
			}
		}
		catch (InvalidTokenException ex) {
			throw ex;
		}
		catch (ExpiredJwtException ex) {
			throw new InvalidTokenException(Reason.EXPIRED, "The token has expired");
		}
		catch (PrematureJwtException ex) {
			throw new InvalidTokenException(Reason.NOT_YET_VALID, "The token is not valid yet");
		}
		catch (MissingClaimException | IncorrectClaimException ex) {
			String claim = (ex instanceof MissingClaimException missing) ? missing.getClaimName()
					: ((IncorrectClaimException) ex).getClaimName();
			Reason reason = Claims.AUDIENCE.equals(claim) ? Reason.WRONG_AUDIENCE
					: Claims.ISSUER.equals(claim) ? Reason.WRONG_ISSUER : Reason.MALFORMED;
			throw new InvalidTokenException(reason, "The token is not for this service");
		}
		catch (SignatureException ex) {
			throw new InvalidTokenException(Reason.BAD_SIGNATURE, "The token signature does not verify");
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw new InvalidTokenException(Reason.MALFORMED, "The token is not a valid room token");
		}
		return toRoomToken(claims);
	}

	/** The public JWK Set (RFC 7517) of every verification key, as JSON. */
	public String jwksJson() {
		return this.keys.all()
			.stream()
			.map((key) -> Jwks.json(Jwks.builder()
				.key(key.publicKey())
				.id(key.keyId())
				.algorithm("ES256")
				.publicKeyUse("sig")
				.build()))
			.collect(Collectors.joining(",", "{\"keys\":[", "]}"));
	}

	private static RoomToken toRoomToken(Claims claims) {
		Role role = Role.fromWire(claims.get("role", String.class));
		String participant = claims.getSubject();
		String room = claims.get("room", String.class);
		String call = claims.get("call", String.class);
		if (role == null || participant == null || room == null || call == null || claims.getExpiration() == null) {
			throw new InvalidTokenException(Reason.MALFORMED, "The token lacks a required claim");
		}
		return new RoomToken(participant, room, call, claims.get("case", String.class), role,
				claims.get("name", String.class), claims.get("locale", String.class), instant(claims.getIssuedAt()),
				instant(claims.getNotBefore()), instant(claims.getExpiration()), claims.getId());
	}

	/** The {@code alg} of a compact JWS header, or {@code null} when it cannot be read. */
	private static String algorithm(String token) {
		int dot = token.indexOf('.');
		if (dot <= 0) {
			return null;
		}
		try {
			JsonNode alg = HEADERS.readTree(Base64.getUrlDecoder().decode(token.substring(0, dot))).get("alg");
			return (alg != null && alg.isString()) ? alg.stringValue() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

	/** Resolves the verification key from {@code kid}; refuses anything but a known EC key. */
	private static final class KeyById extends LocatorAdapter<Key> {

		private final SigningKeyStore keys;

		KeyById(SigningKeyStore keys) {
			this.keys = keys;
		}

		@Override
		protected Key locate(JwsHeader header) {
			SigningKey key = this.keys.find(header.getKeyId());
			if (key == null) {
				throw new InvalidTokenException(Reason.UNKNOWN_KEY, "The token was signed with an unknown key");
			}
			return key.publicKey();
		}

		@Override
		protected Key doLocate(Header header) {
			throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM, "Only signed tokens are accepted");
		}

	}

}
