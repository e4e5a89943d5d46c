package io.casecall.signaling.ws;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.slf4j.MDC;

import io.casecall.room.call.Admission;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The {@code /ws/v1} endpoint: one {@link ParticipantSession} (state) with its
 * {@link SessionDispatch} (what messages do) per socket, created from the admission the handshake
 * interceptor checked. Log lines carry the call and participant in MDC.
 */
class SignalingHandler extends TextWebSocketHandler {

	private static final String SESSION = "casecall.session";

	/** The parts of a text message still arriving on a socket; absent between messages. */
	private static final String PARTS = "casecall.parts";

	private final SessionContext context;

	/**
	 * Prepares media resources when a socket opens. Bounded, and never on the caller's thread:
	 * when it is saturated the socket is simply not pre-warmed (its join prepares the media
	 * itself), so the container's threads, which every other call needs, never wait for the SFU.
	 */
	private final ExecutorService prewarm = prewarmPool();

	SignalingHandler(SessionContext context) {
		this.context = context;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession socket) {
		// Text comes in parts of the container's small buffer (see whole()), so a socket keeps no
		// buffer the size of the largest message
		socket.setBinaryMessageSizeLimit(1024);
		Admission admission = (Admission) socket.getAttributes().get(TokenHandshakeInterceptor.ADMISSION);
		SocketCaps.Permit permit = (SocketCaps.Permit) socket.getAttributes().get(TokenHandshakeInterceptor.PERMIT);
		WebSocketSession safe = new ConcurrentWebSocketSessionDecorator(socket,
				(int) this.context.properties().sendTimeout().toMillis(), 512 * 1024,
				ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
		withContext(admission, () -> {
			// a page that resumes a kept session says so in the URL: nothing to prepare for it
			ParticipantSession session = new ParticipantSession(safe, admission, permit, this.context,
					resumes(socket) ? null : this.prewarm);
			socket.getAttributes().put(SESSION, new SessionDispatch(session, this.context));
			this.context.sessions().added(session);
		});
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	protected void handleTextMessage(WebSocketSession socket, TextMessage part) {
		String text = whole(socket, part);
		if (text != null) {
			SessionDispatch dispatch = dispatch(socket);
			withContext(dispatch.session().admission(),
					() -> dispatch.onText(text, text.getBytes(StandardCharsets.UTF_8).length));
		}
	}

	/**
	 * Joins a message's parts; {@code null} until the last one. Beyond the protocol limit (in
	 * characters, so surely beyond it in bytes) parts are no longer kept: the session refuses the
	 * message as too large (typed error, 1009) whatever its size.
	 */
	private String whole(WebSocketSession socket, TextMessage part) {
		StringBuilder parts = (StringBuilder) socket.getAttributes().get(PARTS);
		if (parts == null && part.isLast()) {
			return part.getPayload();
		}
		if (parts == null) {
			parts = new StringBuilder();
			socket.getAttributes().put(PARTS, parts);
		}
		if (parts.length() <= this.context.properties().maxMessageBytes()) {
			parts.append(part.getPayload());
		}
		if (!part.isLast()) {
			return null;
		}
		socket.getAttributes().remove(PARTS);
		return parts.toString();
	}

	@Override
	protected void handlePongMessage(WebSocketSession socket, PongMessage message) {
		dispatch(socket).session().touch();
	}

	@Override
	public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
		SessionDispatch dispatch = dispatch(socket);
		if (dispatch != null) {
			ParticipantSession session = dispatch.session();
			withContext(session.admission(), () -> {
				this.context.sessions().removed(session);
				session.onSocketClosed(status);
			});
		}
		if (socket.getAttributes().get(TokenHandshakeInterceptor.PERMIT) instanceof SocketCaps.Permit permit) {
			permit.release();
		}
	}

	@Override
	public void handleTransportError(WebSocketSession socket, Throwable exception) {
		SessionDispatch dispatch = dispatch(socket);
		if (dispatch != null) {
			dispatch.session().writer().transportFailed();
		}
	}

	/** Whether the page opened this socket to resume a kept session ({@code ?resume=1}; a hint only). */
	static boolean resumes(WebSocketSession socket) {
		String query = (socket.getUri() != null) ? socket.getUri().getRawQuery() : null;
		return query != null && Arrays.asList(query.split("&")).contains("resume=1");
	}

	private static ExecutorService prewarmPool() {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
				(runnable) -> {
					Thread thread = new Thread(runnable, "casecall-prewarm");
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.AbortPolicy());
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	private static SessionDispatch dispatch(WebSocketSession socket) {
		return (SessionDispatch) socket.getAttributes().get(SESSION);
	}

	private static void withContext(Admission admission, Runnable action) {
		MDC.put("callId", admission.callId());
		MDC.put("participantId", admission.participantId());
		try {
			action.run();
		}
		finally {
			MDC.remove("callId");
			MDC.remove("participantId");
		}
	}

	@PreDestroy
	void stop() {
		this.prewarm.shutdownNow();
	}

}
