package io.casecall.signaling.ws;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * Everything one participant's socket is sent: messages, ping frames, errors and the close. Safe
 * from any thread (the socket is a {@code ConcurrentWebSocketSessionDecorator}, which bounds a
 * slow reader by time and buffer); a write that fails closes the socket. Knows nothing of the
 * participant: the session, its dispatch and its media listener all write through it.
 */
final class SocketWriter {

	private static final Logger log = LoggerFactory.getLogger(SocketWriter.class);

	/**
	 * How long a last message (a fatal error, call-ended) waits for another thread's write before the
	 * close (see {@link #drain}).
	 */
	private static final Duration DRAIN_LIMIT = Duration.ofMillis(500);

	private static final Duration DRAIN_STEP = Duration.ofMillis(2);

	private final WebSocketSession socket;

	private final MessageCodec codec;

	/** This socket's place among its seat's and call's live sockets (given back on close). */
	private final SocketCaps.Permit permit;

	private volatile boolean stopped;

	/** The server's own close of this socket (the first one), for the cause of the seat's leave. */
	private volatile CloseStatus closedWith;

	SocketWriter(WebSocketSession socket, MessageCodec codec, SocketCaps.Permit permit) {
		this.socket = socket;
		this.codec = codec;
		this.permit = permit;
	}

	void send(ServerMessage message) {
		if (this.stopped || !this.socket.isOpen()) {
			return;
		}
		try {
			this.socket.sendMessage(new TextMessage(this.codec.encode(message)));
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Could not send to a participant: {}", ex.getMessage());
			disconnect(CloseStatus.SESSION_NOT_RELIABLE);
		}
	}

	/** A WebSocket ping frame; the browser answers with a pong frame by itself. */
	void ping() {
		try {
			if (!this.stopped && this.socket.isOpen()) {
				this.socket.sendMessage(new PingMessage());
			}
		}
		catch (IOException | RuntimeException ex) {
			disconnect(CloseStatus.SESSION_NOT_RELIABLE);
		}
	}

	/**
	 * Sends the {@code error} message; a fatal error then closes the socket with its code, once the
	 * error has gone out.
	 */
	void error(ProtocolException ex, String ref) {
		ServerMessage.Error error = new ServerMessage.Error(ex.code(), ex.getMessage(), ex.fatal(), ref);
		if (ex.fatal()) {
			sendAndClose(error, new CloseStatus(ex.closeCode(), ex.code()));
		}
		else {
			send(error);
		}
	}

	/**
	 * Sends the last message (a fatal {@code error}, {@code call-ended}) and closes the socket once it
	 * has gone out: a close right after a send that waits behind another thread's write would drop it.
	 */
	void sendAndClose(ServerMessage message, CloseStatus status) {
		send(message);
		drain();
		disconnect(status);
	}

	/**
	 * Waits, briefly, until nothing is left to write. A message sent while another thread is
	 * writing waits in the decorator's buffer for that thread, and a close right after it would
	 * drop it (the client would see the close without the error that explains it). A ping frame
	 * (harmless: the browser answers it by itself) makes the buffer flush when nobody else does.
	 */
	private void drain() {
		if (!(this.socket instanceof ConcurrentWebSocketSessionDecorator buffered)) {
			return;
		}
		long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
		while (buffered.getBufferSize() > 0 && buffered.isOpen() && System.nanoTime() < deadline) {
			LockSupport.parkNanos(DRAIN_STEP.toNanos());
			ping();
		}
	}

	/** The server closes the socket; its place is free now, not when the client's close echo arrives. */
	void disconnect(CloseStatus status) {
		if (this.closedWith == null) {
			this.closedWith = status;
		}
		close(status);
	}

	/**
	 * The transport failed under the socket (the connection broke): it is closed, but not as a
	 * close of the server's choosing, so it counts as lost ({@link LeaveCauses}), as a 1006 would.
	 */
	void transportFailed() {
		close(CloseStatus.SERVER_ERROR);
	}

	private void close(CloseStatus status) {
		try {
			if (this.socket.isOpen()) {
				this.socket.close(status);
			}
		}
		catch (IOException ex) {
			log.debug("Closing a socket failed: {}", ex.getMessage());
		}
		finally {
			this.permit.release();
		}
	}

	/** How the server closed the socket, or {@code null} when it did not (the client closed, or it was lost). */
	CloseStatus closedWith() {
		return this.closedWith;
	}

	/** The socket is gone: nothing more is written, and its place is free. */
	void stop() {
		this.stopped = true;
		this.permit.release();
	}

}
