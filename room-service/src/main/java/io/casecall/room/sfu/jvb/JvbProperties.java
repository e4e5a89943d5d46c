package io.casecall.room.sfu.jvb;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Jitsi Videobridge adapter settings ({@code casecall.sfu.jvb.*}); bound only when
 * {@code casecall.sfu.type=jvb}.
 *
 * @param bridges the bridges rooms may go to (at least one)
 * @param selection how a new room's bridge is chosen: {@code single} (always the first bridge) or
 * {@code least-loaded} (the healthy bridge reporting the lowest stress)
 * @param connectTimeout a bridge that does not accept a connection within this long counts as down
 * @param requestTimeout a colibri2 request not answered within this long fails
 * @param healthCheckInterval how often each bridge's health and load are checked
 * @param stateTtl upper bound on how long a room's negotiation state stays in Redis when the room
 * is never released (a crashed node); longer than the longest call
 */
@Validated
@ConditionalOnProperty(name = "casecall.sfu.type", havingValue = "jvb")
@ConfigurationProperties("casecall.sfu.jvb")
public record JvbProperties(@NotEmpty List<@Valid @NotNull Bridge> bridges,
		@DefaultValue("single") @Pattern(regexp = "single|least-loaded") String selection,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 50) Duration connectTimeout,
		@DefaultValue("3s") @NotNull @DurationMin(millis = 100) Duration requestTimeout,
		@DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration healthCheckInterval,
		@DefaultValue("6h") @NotNull @DurationMin(minutes = 1) Duration stateTtl) {

	/** Bridge names are unique: rooms remember their bridge by name. */
	@AssertTrue(message = "bridge names must be unique")
	public boolean isBridgeNamesUnique() {
		return this.bridges == null || this.bridges.stream().map(Bridge::name).allMatch(new HashSet<>()::add);
	}

	/** The bridge called {@code name}, or {@code null}. */
	Bridge bridge(String name) {
		return this.bridges.stream().filter((bridge) -> bridge.name().equals(name)).findFirst().orElse(null);
	}

	/**
	 * One Jitsi Videobridge.
	 *
	 * @param name stable name, recorded with each room ({@code jvb1})
	 * @param restUrl the bridge's private HTTP server with the colibri2 REST API, e.g.
	 * {@code http://jvb:8080}; never exposed to browsers
	 * @param publicWsBase optional base URL browsers reach the bridge channel through, e.g.
	 * {@code wss://media.example.com}: replaces scheme, host and port of the colibri WebSocket
	 * URL the bridge advertises (its path is kept)
	 * @param region optional region label, shown in status
	 */
	public record Bridge(@NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String name, @NotNull URI restUrl,
			URI publicWsBase, String region) {
	}

}
