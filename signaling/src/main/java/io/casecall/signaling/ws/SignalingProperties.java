package io.casecall.signaling.ws;

import java.time.Duration;
import java.util.List;

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
 * @param preconnect honour a client's {@code preconnect}: where the SFU can hold media, the pre-warmed
 * participant's connections are offered before the join and connect with nothing forwarded until
 * the join (false: a {@code preconnect} is accepted and changes nothing; offers wait for {@code joined})
 * @param prewarmHold a socket that has not joined after this long gives its prepared media
 * resources back (the join then prepares them itself)
 * @param preconnectHold the same for a socket whose media is pre-connected ({@code preconnect},
 * held by the SFU): a customer may look at the preview this long and still join instantly (its
 * SFU session is kept alive, its room token refreshed as a joined socket's)
 * @param maxSocketsPerSeat live sockets one seat may hold on a node: one, plus one for a reload
 * taking over before the old socket is gone; more are refused with 429 {@code too_many_connections}
 * @param maxSocketsPerCall live sockets one call may hold on a node
 * @param allowedOrigins browser origins allowed to open the socket (besides the page's own host);
 * empty: the origin of {@code casecall.api.public-base-url}. {@code null} is never allowed
 * @param mediaUpWait how long a connect-time report waits for the SFU's media-up event of its join
 * before it is rejected ({@code no_media_up})
 * @param timingTolerance by how much a reported connect time may undercut what the server saw
 * itself (its join to the SFU's media-up) before it is rejected ({@code faster_than_server})
 * @param resumeGrace how long the SFU session of a joined socket that was lost without a leave
 * (1006, 4408) is kept for the page to resume it on a new socket ({@code join} with {@code resume})
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
		@DefaultValue("true") boolean prewarmStart,
		@DefaultValue("2m") @NotNull Duration prewarmHold,
		@DefaultValue("30m") @NotNull Duration preconnectHold,
		@DefaultValue("true") boolean preconnect,
		@DefaultValue("2") @Min(1) int maxSocketsPerSeat,
		@DefaultValue("4") @Min(1) int maxSocketsPerCall,
		@DefaultValue List<String> allowedOrigins,
		@DefaultValue("5s") @NotNull Duration mediaUpWait,
		@DefaultValue("100ms") @NotNull Duration timingTolerance,
		@DefaultValue("30s") @NotNull Duration resumeGrace) {
}
