package io.casecall.room.sfu.janus;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
 * @param reconnectDelayMax the wait doubles after each failed attempt up to this
 * @param instanceName the name this Janus goes by in rooms and status reports
 * @param dtlsClient subscriptions ask the browser to answer {@code a=setup:passive}, so Janus
 * starts DTLS as soon as its ICE check succeeds (measured in docs/benchmarks.md)
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
		@DefaultValue("10s") @NotNull @DurationMin(millis = 10) Duration reconnectDelayMax,
		@DefaultValue("janus") @NotBlank String instanceName,
		@DefaultValue("true") boolean dtlsClient) {

	public JanusProperties {
		apiSecret = (apiSecret != null) ? apiSecret : "";
		adminKey = (adminKey != null) ? adminKey : "";
	}

	@Override
	public String toString() {
		return "JanusProperties[url=" + this.url + ", requestTimeout=" + this.requestTimeout + ", keepaliveInterval="
				+ this.keepaliveInterval + ", roomBitrate=" + this.roomBitrate + ", instanceName=" + this.instanceName
				+ "]";
	}

}
