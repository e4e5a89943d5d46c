package io.casecall.room.call;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Call lifecycle settings ({@code casecall.call.*}).
 *
 * @param retention how long an ended call's record stays queryable (evidence for claims)
 * @param customerLeftTimeout a call whose customer left ends after this long without a rejoin
 * @param maxDuration a call still open after this long is ended as expired
 * @param idempotencyTtl how long an {@code Idempotency-Key} is remembered
 * @param presenceLease a seat whose connection sent nothing for this long counts as free
 * @param sweepInterval how often overdue calls are looked for
 * @param sweepBudget a sweep handles due calls batch after batch for at most this long
 * @param sfuOutageGrace a customer whose seat was lost to the media service ({@code sfu_lost}) is
 * not counted as gone for this long (instead of {@code customerLeftTimeout}, when longer)
 * @param reconnectGrace a customer whose connection was lost without a leave (network, their node
 * died or shut down: {@code connection_lost}, {@code lease_expired}, {@code server_shutdown}) is
 * reconnecting, not gone: the call waits this long for them (instead of {@code customerLeftTimeout},
 * when longer)
 */
@Validated
@ConfigurationProperties("casecall.call")
public record CallProperties(
		@DefaultValue("30d") @NotNull @DurationMin(hours = 1) Duration retention,
		@DefaultValue("2m") @NotNull @DurationMin(seconds = 5) Duration customerLeftTimeout,
		@DefaultValue("4h") @NotNull @DurationMin(minutes = 1) Duration maxDuration,
		@DefaultValue("24h") @NotNull @DurationMin(minutes = 1) Duration idempotencyTtl,
		@DefaultValue("15s") @NotNull @DurationMin(seconds = 2) Duration presenceLease,
		@DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration sweepInterval,
		@DefaultValue("3s") @NotNull @DurationMin(millis = 100) Duration sweepBudget,
		@DefaultValue("10m") @NotNull @DurationMin(seconds = 1) Duration sfuOutageGrace,
		@DefaultValue("5m") @NotNull @DurationMin(seconds = 1) Duration reconnectGrace) {

	/** How long a customer who left for {@code cause} may take to come back before the call ends. */
	Duration customerGone(PresenceCause cause) {
		Duration grace = switch (cause) {
			case SFU_LOST -> this.sfuOutageGrace;
			case CONNECTION_LOST, LEASE_EXPIRED, SERVER_SHUTDOWN -> this.reconnectGrace;
			default -> this.customerLeftTimeout;
		};
		return (grace.compareTo(this.customerLeftTimeout) > 0) ? grace : this.customerLeftTimeout;
	}

}
