package io.casecall.signaling.api;

import java.time.Duration;

import io.casecall.room.token.RoomTokenService;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Publishes the public keys room tokens verify with (RFC 7517 JWK Set). */
@RestController
class JwksController {

	private final RoomTokenService tokens;

	JwksController(RoomTokenService tokens) {
		this.tokens = tokens;
	}

	@GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> jwks() {
		return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5))).body(this.tokens.jwksJson());
	}

}
