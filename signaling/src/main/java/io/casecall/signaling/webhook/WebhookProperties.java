package io.casecall.signaling.webhook;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhooks to the case system ({@code casecall.webhooks.*}, docs/webhooks.md). Every node of a
 * deployment must list the same endpoints: any node enqueues and any node delivers.
 *
 * @param endpoints where events go, each with its own secret and event filter
 * @param allowHttp whether plain {@code http://} endpoints are accepted on other hosts than the
 * loopback (never in production: the payloads carry case data)
 * @param keyPrefix prefix of every Redis key of the queue; a hash tag (in braces) keeps them in one
 * Redis Cluster slot, as the queue's scripts need
 * @param consumer this node's consumer name in the streams' group (empty: host name and a random
 * suffix, new at each start; a dead consumer's entries are claimed by the others)
 * @param connectTimeout how long a delivery may take to connect
 * @param timeout how long a delivery may take altogether; a slower endpoint counts as failed
 * @param concurrency deliveries in flight at once per endpoint on each node
 * @param initialBackoff the first retry's delay; each further one doubles, with jitter
 * @param maxBackoff the longest delay between two attempts
 * @param maxAttempts attempts before a delivery is dead-lettered
 * @param pollInterval how often an idle worker looks for work (sooner when this node enqueued)
 * and how often due retries are moved back to the queue
 * @param claimIdle an attempt unsettled this long is taken over by another node (its node
 * died); more than {@code timeout}
 * @param retention how long delivery records, dead letters included, are kept (and the window
 * within which an event is enqueued only once)
 * @param streamMaxLength upper bound of each endpoint's stream (approximate {@code MAXLEN}); settled
 * entries are deleted at once, so it only matters when deliveries pile up
 * @param recentSize deliveries kept in the recent list of /ops and the API
 * @param catchUp how often each node enqueues the {@code call.*} events that the record shows but
 * that a node which died right after writing the status never enqueued ({@link CallWebhooks}); it
 * looks at calls whose status changed within ten times this interval
 */
@Validated
@ConfigurationProperties("casecall.webhooks")
public record WebhookProperties(@Valid List<Endpoint> endpoints, @DefaultValue("false") boolean allowHttp,
		@DefaultValue("{cc:wh}:") @NotBlank String keyPrefix, @DefaultValue("") String consumer,
		@DefaultValue("5s") @NotNull Duration connectTimeout, @DefaultValue("10s") @NotNull Duration timeout,
		@DefaultValue("2") @Min(1) @Max(32) int concurrency, @DefaultValue("5s") @NotNull Duration initialBackoff,
		@DefaultValue("1h") @NotNull Duration maxBackoff, @DefaultValue("12") @Min(1) @Max(50) int maxAttempts,
		@DefaultValue("500ms") @NotNull Duration pollInterval, @DefaultValue("2m") @NotNull Duration claimIdle,
		@DefaultValue("7d") @NotNull Duration retention, @DefaultValue("100000") @Min(100) long streamMaxLength,
		@DefaultValue("200") @Min(10) @Max(10000) int recentSize, @DefaultValue("1m") @NotNull Duration catchUp) {

	public WebhookProperties {
		endpoints = (endpoints != null) ? List.copyOf(endpoints) : List.of();
	}

	/**
	 * One receiver of the case system.
	 * @param name stable name, in delivery records, metrics and /ops
	 * @param url where events are POSTed
	 * @param secret the signing secret, {@code whsec_} and the base64 of 24 to 64 random bytes
	 * @param previousSecrets secrets still signed with while the receiver rotates (each delivery
	 * carries one signature per secret)
	 * @param events the event types sent there (empty: all)
	 */
	public record Endpoint(@NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,40}") String name, @NotBlank String url,
			@NotBlank String secret, List<String> previousSecrets, List<String> events) {

		public Endpoint {
			previousSecrets = (previousSecrets != null) ? List.copyOf(previousSecrets) : List.of();
			events = (events != null) ? List.copyOf(events) : List.of();
		}

		/** Never shows a secret. */
		@Override
		public String toString() {
			return "Endpoint[name=" + this.name + ", url=" + this.url + ", events=" + this.events + "]";
		}

	}

}
