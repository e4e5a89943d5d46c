package io.casecall.signaling.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.stereotype.Component;

/** The {@code iceServers} a participant's page gives its RTCPeerConnections (see {@link IceProperties}). */
@Component
public class IceServers {

	private final IceProperties properties;

	private final Clock clock;

	IceServers(IceProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/** An RTCIceServer; {@code username} and {@code credential} only for TURN. Never logged. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record IceServer(List<String> urls, String username, String credential) {

		@Override
		public String toString() {
			return "IceServer[urls=" + this.urls + (this.credential != null ? ", with credentials]" : "]");
		}

	}

	/** The servers for one participant, with fresh TURN credentials; empty when none are configured. */
	public List<IceServer> forParticipant(String participantId) {
		List<IceServer> servers = new ArrayList<>();
		if (!this.properties.stunUrls().isEmpty()) {
			servers.add(new IceServer(this.properties.stunUrls(), null, null));
		}
		if (!this.properties.turnUrls().isEmpty()) {
			long expiry = this.clock.instant().plus(this.properties.turnCredentialTtl()).getEpochSecond();
			String username = expiry + ":" + participantId;
			servers.add(new IceServer(this.properties.turnUrls(), username,
					hmacSha1(this.properties.turnSecret(), username)));
		}
		return servers;
	}

	/** TURN REST API credential: base64 of HMAC-SHA1 over the username with the shared secret. */
	public static String hmacSha1(String secret, String username) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA1 is not available", ex);
		}
	}

}
