package io.casecall.signaling.ratelimit;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits ({@code casecall.ratelimit.*}). Each limit is a token bucket of {@code capacity}
 * requests refilled evenly over {@code period} (so a burst of {@code capacity}, then
 * {@code capacity / period} sustained). Buckets live in Redis and hold across nodes; while Redis
 * is unreachable each node falls back to in-memory buckets of the same size (see
 * docs/security.md). "Address" is the client's address as Tomcat sees it: the socket's peer,
 * or the {@code X-Forwarded-For} client only when the request came through a proxy listed in
 * {@code server.tomcat.remoteip.internal-proxies}; IPv6 addresses count per /64.
 *
 * @param enabled whether any limit applies
 * @param keyPrefix prefix of the buckets' Redis keys
 * @param redisTimeout how long a bucket operation may wait for Redis before the node-local bucket
 * decides instead
 * @param apiKey requests per case-system API key (by key name)
 * @param address API requests ({@code /api/**}) per client address, whatever the key
 * @param failedAuth refused API or ops keys per client address; once spent, that address gets 429
 * for every keyed request, right key or not, until the bucket refills
 * @param handshakeAddress WebSocket handshakes on {@code /ws/v1} per client address
 * @param handshakeToken WebSocket handshakes per room token (keyed by the token's SHA-256)
 * @param localBuckets how many buckets a node keeps in memory, least recently used dropped first:
 * handles on the Redis buckets (concurrent requests for one bucket share a round trip), and the
 * node-local buckets of a Redis outage
 */
@Validated
@ConfigurationProperties("casecall.ratelimit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("cc:rl:") @NotBlank String keyPrefix, @DefaultValue("1s") @NotNull Duration redisTimeout,
		@Valid Limit apiKey, @Valid Limit address, @Valid Limit failedAuth, @Valid Limit handshakeAddress,
		@Valid Limit handshakeToken, @DefaultValue("10000") @Min(100) int localBuckets) {

	public RateLimitProperties {
		apiKey = (apiKey != null) ? apiKey : new Limit(100, Duration.ofSeconds(10));
		address = (address != null) ? address : new Limit(200, Duration.ofSeconds(10));
		failedAuth = (failedAuth != null) ? failedAuth : new Limit(20, Duration.ofMinutes(10));
		handshakeAddress = (handshakeAddress != null) ? handshakeAddress : new Limit(120, Duration.ofMinutes(1));
		handshakeToken = (handshakeToken != null) ? handshakeToken : new Limit(20, Duration.ofMinutes(1));
	}

	/**
	 * One bucket shape.
	 * @param capacity requests allowed at once
	 * @param period time over which an empty bucket refills completely
	 */
	public record Limit(@Min(1) long capacity, @NotNull Duration period) {
	}

}
