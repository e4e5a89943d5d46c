package io.casecall.signaling.ws;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletResponse;

import io.casecall.room.call.Admission;
import io.casecall.room.call.CallAccess;
import io.casecall.room.system.StoreUnavailableException;
import io.casecall.room.token.InvalidTokenException;
import io.casecall.room.token.RoomToken;
import io.casecall.room.token.RoomTokenService;
import io.casecall.signaling.metrics.CallMetrics;
import io.casecall.signaling.system.ProblemWriter;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Checks the room token before the upgrade (as LiveKit validates before upgrading): the token
 * rides in {@code Sec-WebSocket-Protocol} as {@code token.<jwt>} next to {@code casecall.v1}, so
 * it never appears in a URL or access log. A refused token gets 401/403 with a problem body and
 * no socket; no call state is touched. A page from an origin that is not allowed gets 403
 * {@code origin_not_allowed} before the token is looked at; a seat or call that already has its
 * live sockets gets 429 {@code too_many_connections} (see {@link SocketCaps}).
 */
class TokenHandshakeInterceptor implements HandshakeInterceptor {

	static final String PROTOCOL = "casecall.v1";

	static final String ADMISSION = "casecall.admission";

	static final String PERMIT = "casecall.permit";

	private static final String TOKEN_PREFIX = "token.";

	private final CallAccess access;

	private final RoomTokenService tokens;

	private final ProblemWriter problems;

	private final CallMetrics metrics;

	private final Timer tokenCheck;

	private final SocketCaps caps;

	private final AllowedOrigins origins;

	TokenHandshakeInterceptor(CallAccess access, RoomTokenService tokens, ProblemWriter problems, CallMetrics metrics,
			SocketCaps caps, AllowedOrigins origins) {
		this.access = access;
		this.tokens = tokens;
		this.problems = problems;
		this.metrics = metrics;
		this.tokenCheck = metrics.serverPhase("token_check");
		this.caps = caps;
		this.origins = origins;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) throws IOException {
		List<String> protocols = request.getHeaders()
			.getOrEmpty("Sec-WebSocket-Protocol")
			.stream()
			.flatMap((header) -> Arrays.stream(header.split(",")))
			.map(String::trim)
			.toList();
		String token = protocols.stream()
			.filter((protocol) -> protocol.startsWith(TOKEN_PREFIX))
			.map((protocol) -> protocol.substring(TOKEN_PREFIX.length()))
			.findFirst()
			.orElse(null);
		if (!this.origins.allows(request)) {
			return refuse(request, response, HttpStatus.FORBIDDEN, "origin_not_allowed",
					"Pages of this origin may not open the call socket");
		}
		if (!protocols.contains(PROTOCOL) || token == null) {
			return refuse(request, response, HttpStatus.BAD_REQUEST, "protocol_missing",
					"Offer the subprotocols casecall.v1 and token.<room token>");
		}
		long started = System.nanoTime();
		try {
			RoomToken verified = this.tokens.verify(token);
			SocketCaps.Permit permit = this.caps.acquire(verified.callId(), verified.role());
			if (permit == null) {
				this.metrics.socketRefused(verified.role().wire());
				((ServletServerHttpResponse) response).getServletResponse().setHeader("Retry-After", "5");
				return refuse(request, response, HttpStatus.TOO_MANY_REQUESTS, "too_many_connections",
						"This link is already open elsewhere; close it there or wait a moment");
			}
			Admission admission;
			try {
				admission = this.access.admit(verified);
			}
			catch (RuntimeException ex) {
				permit.release();
				throw ex;
			}
			attributes.put(ADMISSION, admission);
			attributes.put(PERMIT, permit);
			((ServletServerHttpRequest) request).getServletRequest().setAttribute(PERMIT, permit);
			return true;
		}
		catch (InvalidTokenException ex) {
			this.metrics.tokenRejected(ex.reason().tag());
			HttpStatus status = (ex.reason() == InvalidTokenException.Reason.REVOKED) ? HttpStatus.FORBIDDEN
					: HttpStatus.UNAUTHORIZED;
			return refuse(request, response, status, ex.code(), ex.getMessage());
		}
		catch (StoreUnavailableException ex) {
			return refuse(request, response, HttpStatus.SERVICE_UNAVAILABLE, ex.code(), ex.getMessage());
		}
		finally {
			this.tokenCheck.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
		// the handler gives the permit back when the socket closes; an upgrade that did not
		// happen (refused by the handshake handler, or failed) gives it back here
		HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
		int status = ((ServletServerHttpResponse) response).getServletResponse().getStatus();
		if (servletRequest.getAttribute(PERMIT) instanceof SocketCaps.Permit permit
				&& (exception != null || status != HttpStatus.SWITCHING_PROTOCOLS.value())) {
			permit.release();
		}
	}

	private boolean refuse(ServerHttpRequest request, ServerHttpResponse response, HttpStatus status, String code,
			String detail) throws IOException {
		HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
		HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
		this.problems.write(servletRequest, servletResponse, status, code, detail);
		return false;
	}

}
