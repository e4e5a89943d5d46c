package io.casecall.room.sfu.janus;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Janus VideoRoom adapter settings ({@code casecall.sfu.janus.*}), used when
 * {@code casecall.sfu.type=janus}.
 *
 * @param url Janus WebSocket API ({@code janus-protocol} subprotocol)
 * @param apiSecret Janus {@code api_secret}, sent with every request (empty: none); never logged
 * @param adminKey VideoRoom {@code admin_key}, needed to create rooms (empty: none); never logged
 * @param requestTimeout a request Janus has not answered within this is failed as unavailable
 * @param keepaliveInterval how often each Janus session is kept alive and Janus pinged (Janus
 * drops sessions after 60 s of silence)
 * @param roomBitrate the video bitrate cap of each call's room, in bits per second (720p needs
 * about 1.5-2 Mbps)
 * @param roomPublishers how many publishers a room admits (agent, customer, and a reloading
 * browser's new session while its old one is still being torn down)
 * @param reconnectDelayMin first wait before reconnecting after the connection to Janus drops
 * @param reconnectDelayMax the wait doubles after each failed attempt up to this: short, because
 * it is also how late a restarted Janus is noticed (a refused connect costs nothing; with 10 s the
 * app reconnected 6.6 s after a restart that followed a 12 s outage, with 1 s 1.7 s)
 * @param instanceName the name this Janus goes by in rooms and status reports
 * @param dtlsClient subscriptions ask the browser to answer {@code a=setup:passive}, so Janus
 * starts DTLS as soon as its ICE check succeeds (measured in docs/benchmarks.md)
 * @param instances several Janus, each with an id and its WebSocket API URL: new rooms go to the
 * healthy one holding the fewest rooms, and a lost instance's rooms move to a healthy one. Empty
 * (the default): one instance, {@code url} named {@code instanceName}
 * @param lostAfter an instance whose connection stays down this long counts as lost: its rooms
 * move (a shorter blip only loses the sessions, which rejoin on the same instance)
 * @param reclaimTimeout how long Janus keeps a session whose node's socket went away, for another
 * node to {@code claim} it (a resume across nodes): Janus's own {@code reclaim_session_timeout},
 * which {@code ./dev} renders from this setting. Janus counts it from the session's last request
 * (a keepalive, up to {@code keepalive-interval} before the node went away), so it must be at
 * least {@code casecall.signaling.resume-grace} plus {@code keepalive-interval}. A Janus that reports 0 ends sessions with their socket: then
 * nothing is handed over and pages rebuild on another node
 */
@Validated
@ConfigurationProperties("casecall.sfu.janus")
public record JanusProperties(
		@DefaultValue("ws://127.0.0.1:8188") @NotNull URI url,
		@DefaultValue("") String apiSecret,
		@DefaultValue("") String adminKey,
		@DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration requestTimeout,
		@DefaultValue("25s") @NotNull @DurationMin(seconds = 1) @DurationMax(seconds = 55) Duration keepaliveInterval,
		@DefaultValue("1800000") @Min(64000) long roomBitrate,
		@DefaultValue("4") @Min(2) int roomPublishers,
		@DefaultValue("250ms") @NotNull @DurationMin(millis = 10) Duration reconnectDelayMin,
		@DefaultValue("500ms") @NotNull @DurationMin(millis = 10) Duration reconnectDelayMax,
		@DefaultValue("janus") @NotBlank String instanceName,
		@DefaultValue("true") boolean dtlsClient,
		@DefaultValue List<@Valid @NotNull Instance> instances,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 100) Duration lostAfter,
		@DefaultValue("60s") @NotNull @DurationMin(seconds = 1) Duration reclaimTimeout) {

	public JanusProperties {
		apiSecret = (apiSecret != null) ? apiSecret : "";
		adminKey = (adminKey != null) ? adminKey : "";
		instances = (instances != null) ? List.copyOf(instances) : List.of();
	}

	/** The instances this node drives: {@code instances}, or the single {@code url}. */
	List<Instance> effectiveInstances() {
		return this.instances.isEmpty() ? List.of(new Instance(this.instanceName, this.url)) : this.instances;
	}

	/** These settings for one instance: its URL and its id as instance name. */
	JanusProperties forInstance(Instance instance) {
		return new JanusProperties(instance.url(), this.apiSecret, this.adminKey, this.requestTimeout,
				this.keepaliveInterval, this.roomBitrate, this.roomPublishers, this.reconnectDelayMin,
				this.reconnectDelayMax, instance.id(), this.dtlsClient, List.of(), this.lostAfter, this.reclaimTimeout);
	}

	/** Instance ids are unique: a call's record names its room's instance by id. */
	@AssertTrue(message = "casecall.sfu.janus.instances: every instance needs an id of its own (duplicate id)")
	public boolean isInstanceIdsUnique() {
		return this.instances.stream().map(Instance::id).filter((id) -> id != null).allMatch(new HashSet<>()::add);
	}

	/**
	 * One Janus.
	 *
	 * @param id stable name, recorded with each call's room ({@code janus-a})
	 * @param url its WebSocket API, {@code ws://} or {@code wss://} with a host
	 */
	public record Instance(@NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String id, @NotNull URI url) {

		/** A WebSocket URL with a host: anything else could never connect. */
		@AssertTrue(message = "must be a ws:// or wss:// URL with a host, e.g. ws://127.0.0.1:8188")
		public boolean isUrlWebSocket() {
			return this.url == null || (("ws".equals(this.url.getScheme()) || "wss".equals(this.url.getScheme()))
					&& this.url.getHost() != null);
		}

	}

	@Override
	public String toString() {
		return "JanusProperties[url=" + this.url + ", requestTimeout=" + this.requestTimeout + ", keepaliveInterval="
				+ this.keepaliveInterval + ", roomBitrate=" + this.roomBitrate + ", instanceName=" + this.instanceName
				+ ", instances=" + this.instances + "]";
	}

}
