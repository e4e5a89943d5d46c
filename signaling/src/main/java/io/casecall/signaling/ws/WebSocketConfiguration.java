package io.casecall.signaling.ws;

import io.casecall.room.call.CallAccess;
import io.casecall.signaling.metrics.CallMetrics;
import io.casecall.signaling.system.ProblemWriter;

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

	private final ProblemWriter problems;

	private final CallMetrics metrics;

	WebSocketConfiguration(SessionContext context, CallAccess access, ProblemWriter problems, CallMetrics metrics) {
		this.context = context;
		this.access = access;
		this.problems = problems;
		this.metrics = metrics;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		DefaultHandshakeHandler handshake = new DefaultHandshakeHandler();
		handshake.setSupportedProtocols(TokenHandshakeInterceptor.PROTOCOL);
		registry.addHandler(new SignalingHandler(this.context), "/ws/v1")
			.setHandshakeHandler(handshake)
			.addInterceptors(new TokenHandshakeInterceptor(this.access, this.problems, this.metrics))
			// any origin: the socket carries no ambient credential (no cookie), only the token the
			// page itself presents, so cross-site pages cannot ride on a user's session
			.setAllowedOriginPatterns("*");
	}

}
