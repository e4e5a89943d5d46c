package io.casecall.signaling.ws;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signaling socket settings ({@code casecall.signaling.*}).
 *
 * @param maxMessageBytes largest accepted message (larger: error, close 1009)
 * @param ratePerSecond sustained messages per second per socket
 * @param rateBurst burst size of the per-socket rate limit
 * @param heartbeatInterval how often clients ping and the server pings
 * @param idleTimeout a socket silent this long is closed (4408) and its seat freed
 * @param sendTimeout a client that does not take a message within this is disconnected
 * @param maxProtocolErrors recoverable errors a socket may cause before it is closed (4400)
 * @param roomReleaseGrace the SFU room is released when both seats have been empty this long
 * @param prewarmTimeout how long a join waits for media resources prepared at connect time
 * @param prewarmStart with an SFU where joining is invisible until media flows (Janus), join its
 * room and prepare subscriptions when the socket opens; what the SFU sends is held until the
 * client has joined
 */
@Validated
@ConfigurationProperties("casecall.signaling")
public record SignalingProperties(
		@DefaultValue("65536") @Min(1024) @Max(1048576) int maxMessageBytes,
		@DefaultValue("30") @Min(1) int ratePerSecond,
		@DefaultValue("100") @Min(1) int rateBurst,
		@DefaultValue("5s") @NotNull Duration heartbeatInterval,
		@DefaultValue("10s") @NotNull Duration idleTimeout,
		@DefaultValue("5s") @NotNull Duration sendTimeout,
		@DefaultValue("10") @Min(1) int maxProtocolErrors,
		@DefaultValue("30s") @NotNull Duration roomReleaseGrace,
		@DefaultValue("5s") @NotNull Duration prewarmTimeout,
		@DefaultValue("true") boolean prewarmStart) {
}
