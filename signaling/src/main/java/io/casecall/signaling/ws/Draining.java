package io.casecall.signaling.ws;

import java.io.IOException;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.signaling.system.ProblemWriter;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * A node shutting down (a rolling deploy, {@code kill}): stopped before anything else, it hands
 * the SFU sessions of its joined sockets off (persisted, not ended: {@link SessionRecords}) and
 * closes every socket with 1001 going away so that the pages reconnect at once, through the
 * balancer, to another node, which takes their sessions over (media untouched); a handshake that still reaches this node is refused with 503
 * {@code service_unavailable} (HAProxy retries it on another node: infra/haproxy, {@code retry-on}).
 */
@Component
class Draining implements SmartLifecycle, HandshakeInterceptor {

	private static final Logger log = LoggerFactory.getLogger(Draining.class);

	private final CallSessions sessions;

	private final ProblemWriter problems;

	private volatile boolean running;

	private volatile boolean draining;

	Draining(CallSessions sessions, ProblemWriter problems) {
		this.sessions = sessions;
		this.problems = problems;
	}

	@Override
	public void start() {
		this.running = true;
		this.draining = false;
	}

	@Override
	public void stop() {
		this.running = false;
		this.draining = true;
		// the media sessions are not ended: the pages resume them on another node, media untouched
		int handedOff = this.sessions.handOffAll();
		int open = this.sessions.closeAll(new CloseStatus(CloseCodes.GOING_AWAY, "server_shutdown"));
		log.info("Shutting down: {} socket(s) closed with 1001 going away, {} media session(s) left for another node",
				open, handedOff);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Before every other lifecycle bean, the web server's graceful shutdown included. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) throws IOException {
		if (!this.draining) {
			return true;
		}
		this.problems.write(((ServletServerHttpRequest) request).getServletRequest(),
				((ServletServerHttpResponse) response).getServletResponse(), HttpStatus.SERVICE_UNAVAILABLE,
				"service_unavailable", "This server is shutting down; connect again");
		return false;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
	}

}
