package io.casecall.signaling.ws;

import java.net.URI;

import io.casecall.room.call.CallAccess;
import io.casecall.room.token.RoomTokenService;
import io.casecall.signaling.metrics.CallMetrics;
import io.casecall.signaling.system.ProblemWriter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/** Registers {@code /ws/v1} with the token check before the upgrade and the protocol's limits. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

	private final SessionContext context;

	private final CallAccess access;

	private final RoomTokenService tokens;

	private final ProblemWriter problems;

	private final CallMetrics metrics;

	private final SocketCaps caps;

	private final AllowedOrigins origins;

	private final Draining draining;

	WebSocketConfiguration(SessionContext context, CallAccess access, RoomTokenService tokens, ProblemWriter problems,
			CallMetrics metrics, SocketCaps caps, Draining draining, @Value("${casecall.api.public-base-url:http://localhost:8080}") URI publicBaseUrl) {
		this.context = context;
		this.access = access;
		this.tokens = tokens;
		this.problems = problems;
		this.metrics = metrics;
		this.caps = caps;
		this.draining = draining;
		this.origins = new AllowedOrigins(context.properties().allowedOrigins(), publicBaseUrl);
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		DefaultHandshakeHandler handshake = new DefaultHandshakeHandler();
		handshake.setSupportedProtocols(TokenHandshakeInterceptor.PROTOCOL);
		registry.addHandler(new SignalingHandler(this.context), "/ws/v1")
			.setHandshakeHandler(handshake)
			.addInterceptors(this.draining, new TokenHandshakeInterceptor(this.access, this.tokens, this.problems, this.metrics, this.caps,
					this.origins))
			// the origin is checked by the interceptor (AllowedOrigins), which answers with a
			// problem body; Spring's own check would answer a bare 403
			.setAllowedOriginPatterns("*");
	}

}
