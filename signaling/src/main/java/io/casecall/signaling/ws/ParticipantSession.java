package io.casecall.signaling.ws;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.Admission;
import io.casecall.room.call.Call;
import io.casecall.room.call.CallStatus;
import io.casecall.room.call.ConnectTiming;
import io.casecall.room.call.EndReason;
import io.casecall.room.call.Role;
import io.casecall.room.call.Seat;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuParticipant;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One participant's signaling socket: its state (connected, joined, closed) and what each
 * client message does. Messages arrive one at a time (the container's guarantee); SFU and call
 * events arrive on other threads and only send. Media resources are prepared as soon as the
 * socket opens (pre-warm), so a join only has to take the seat and start negotiating.
 */
final class ParticipantSession {

	private static final Logger log = LoggerFactory.getLogger(ParticipantSession.class);

	private final String id = UUID.randomUUID().toString();

	private final WebSocketSession socket;

	private final Admission admission;

	private final SessionContext context;

	private final RateLimiter rate;

	private final SessionMediaListener media;

	private final PreparedMedia prepared;

	/** What the server saw of this socket's join, for its connect-time report. */
	private final JoinWitness witness = new JoinWitness();

	private final long openedNanos = System.nanoTime();

	private volatile long lastSeenNanos = this.openedNanos;

	private volatile boolean joined;

	private int joinNumber;

	private volatile long joinStartedNanos;

	/** Peer connections that carry this participant's own media. */
	private final Set<String> publishing = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	private int protocolErrors;

	/** Expiry of the newest room token this participant holds (the handshake's, or a refreshed one). */
	private volatile Instant tokenExpiresAt;

	/** This socket's place among its seat's and call's live sockets (given back on close). */
	private final SocketCaps.Permit permit;

	ParticipantSession(WebSocketSession socket, Admission admission, SocketCaps.Permit permit, SessionContext context,
			Executor prewarm) {
		this.socket = socket;
		this.permit = permit;
		this.admission = admission;
		this.context = context;
		SignalingProperties properties = context.properties();
		this.rate = new RateLimiter(properties.ratePerSecond(), properties.rateBurst(), this.lastSeenNanos);
		this.media = new SessionMediaListener(this, context.codec(), context.metrics(), admission.call().sfu());
		this.prepared = new PreparedMedia(admission, context, this.media, prewarm);
		this.tokenExpiresAt = admission.token().expiresAt();
	}

	String id() {
		return this.id;
	}

	Admission admission() {
		return this.admission;
	}

	/** {@link System#nanoTime()} when the join began, or 0 before it. */
	long joinStartedNanos() {
		return this.joinStartedNanos;
	}

	/** Whether {@code pcId} carries this participant's own media. */
	boolean publishes(String pcId) {
		return this.publishing.contains(pcId);
	}

	/** The SFU reported media up on one of this participant's connections (after the join). */
	void mediaUp(long nanos) {
		this.witness.mediaUp(nanos);
	}

	/** Remembers that {@code pcId} carries this participant's own media. */
	void publishing(String pcId) {
		this.publishing.add(pcId);
	}

	boolean joined() {
		return this.joined;
	}

	Instant tokenExpiresAt() {
		return this.tokenExpiresAt;
	}

	/** Hands the participant a fresh room token for its reconnects and reloads. */
	void tokenRefreshed(String token, Instant expiresAt) {
		this.tokenExpiresAt = expiresAt;
		send(new ServerMessage.Token(token, expiresAt.toString()));
	}

	long lastSeenNanos() {
		return this.lastSeenNanos;
	}

	void touch() {
		this.lastSeenNanos = System.nanoTime();
	}

	/** Handles one text frame; never throws. */
	void onText(String text, int bytes) {
		touch();
		try {
			if (bytes > this.context.properties().maxMessageBytes()) {
				throw new ProtocolException("message_too_large",
						"Messages are limited to " + this.context.properties().maxMessageBytes() + " bytes",
						CloseCodes.TOO_BIG);
			}
			if (!this.rate.tryAcquire(System.nanoTime())) {
				throw new ProtocolException("rate_limited", "Too many messages", CloseCodes.RATE_LIMITED);
			}
			MessageCodec.Envelope envelope = this.context.codec().decode(text);
			if (envelope.callId() != null && !envelope.callId().equals(this.admission.callId())) {
				throw new ProtocolException("wrong_call", "This socket belongs to another call", CloseCodes.WRONG_CALL);
			}
			handle(envelope.message());
		}
		catch (ProtocolException ex) {
			refuse(ex, null);
		}
		catch (RuntimeException ex) {
			refuse(Errors.toProtocol(ex), null);
		}
	}

	private void handle(ClientMessage message) {
		if (message instanceof ClientMessage.Ping ping) {
			send(new ServerMessage.Pong(ping.ts()));
			return;
		}
		if (message instanceof ClientMessage.Join join) {
			join(join);
			return;
		}
		if (!this.joined) {
			throw new ProtocolException("not_joined", "Send 'join' first");
		}
		SfuParticipant participant = this.prepared.joined();
		try {
			if (message instanceof ClientMessage.Offer offer) {
				this.publishing.add(offer.pc());
				send(new ServerMessage.Answer(offer.pc(), participant.offer(offer.pc(), offer.sdp())));
			}
			else if (message instanceof ClientMessage.Answer answer) {
				participant.answer(answer.pc(), answer.sdp());
			}
			else if (message instanceof ClientMessage.Candidate candidate) {
				participant.candidate(candidate.pc(), candidate.candidate());
			}
			else if (message instanceof ClientMessage.Media state) {
				this.context.presence().media(this.admission, state.audio(), state.video());
			}
			else if (message instanceof ClientMessage.Timings timings) {
				boolean claimsConnected = "connected".equals(timings.outcome()) || (timings.outcome() == null
						&& timings.marks().containsKey(ConnectTiming.endMark(this.admission.role())));
				this.context.timings()
					.reportWhen(this.witness.evidence(claimsConnected, participant.reportsMediaUp(),
							this.context.properties().mediaUpWait()), this.admission, this.joinNumber, timings.join(),
							timings.outcome(), timings.reconnect(), timings.marks());
			}
			else if (message instanceof ClientMessage.End end) {
				end(end);
			}
			else if (message instanceof ClientMessage.PhotoRequest) {
				this.context.photos().request(this);
			}
			else if (message instanceof ClientMessage.Leave) {
				close(CloseStatus.NORMAL.withReason("left"));
			}
		}
		catch (ProtocolException ex) {
			refuse(ex, message.type());
		}
		catch (RuntimeException ex) {
			refuse(Errors.toProtocol(ex), message.type());
		}
	}

	private void join(ClientMessage.Join join) {
		if (this.joined) {
			throw new ProtocolException("already_joined", "This socket has joined already");
		}
		long started = System.nanoTime();
		try {
			doJoin(join, started);
		}
		catch (RuntimeException ex) {
			ProtocolException failure = Errors.toProtocol(ex);
			this.context.metrics().joinFailed(failure.code());
			if (!failure.fatal() && ex instanceof SfuException) {
				// a socket whose join the media server refused cannot go on: the client retries
				throw new ProtocolException(failure.code(), failure.getMessage(), CloseCodes.UNAVAILABLE);
			}
			throw failure;
		}
		this.context.metrics().serverPhase("join").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
	}

	private void doJoin(ClientMessage.Join join, long started) {
		synchronized (this.prepared) {
			this.joinStartedNanos = started;
		}
		this.witness.joined(started);
		SfuParticipant participant = this.prepared.forJoin();
		CallStatus status = this.context.presence().join(this.admission, this.id, join.device());
		this.joined = true;
		Call call = this.context.calls().get(this.admission.callId());
		this.joinNumber = call.seat(this.admission.role()).joins();
		Seat other = call.seat(this.admission.role().other());
		List<ServerMessage.Peer> peers = List.of(new ServerMessage.Peer(other.participantId(), other.role().wire(),
				call.displayName(other.role()), other.present(), other.audio(), other.video()));
		send(new ServerMessage.Joined(call.id(), this.admission.participantId(), this.admission.role().wire(),
				status.wire(), this.joinNumber, participant.clientOffersMedia(), peers,
				this.context.properties().heartbeatInterval().toMillis()));
		this.media.release();
		this.prepared.startOnce(participant);
		if (join.offer() != null && participant.clientOffersMedia()) {
			// (an offer prepared for an SFU that offers itself is ignored: 'joined' told the client)
			this.publishing.add(join.offer().pc());
			send(new ServerMessage.Answer(join.offer().pc(), participant.offer(join.offer().pc(), join.offer().sdp())));
		}
	}

	private void end(ClientMessage.End end) {
		if (this.admission.role() != Role.AGENT) {
			throw new ProtocolException("forbidden", "Only the agent can end the call");
		}
		this.context.calls().end(this.admission.callId(), EndReason.AGENT_ENDED,
				end.outcome(), end.note());
	}

	/** Sends an error; closes the socket when the error is fatal or too many errors piled up. */
	void refuse(ProtocolException ex, String ref) {
		if (!ex.fatal() && ++this.protocolErrors >= this.context.properties().maxProtocolErrors()) {
			ex = new ProtocolException(ex.code(), "Too many protocol errors", CloseCodes.PROTOCOL);
		}
		log.debug("Refused a message ({}): {}", ex.code(), ex.getMessage());
		send(new ServerMessage.Error(ex.code(), ex.getMessage(), ex.fatal(), ref));
		if (ex.fatal()) {
			close(new CloseStatus(ex.closeCode(), ex.code()));
		}
	}

	void send(ServerMessage message) {
		if (this.closed || !this.socket.isOpen()) {
			return;
		}
		try {
			this.socket.sendMessage(new TextMessage(this.context.codec().encode(message)));
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Could not send to a participant of call {}: {}", this.admission.callId(), ex.getMessage());
			close(CloseStatus.SESSION_NOT_RELIABLE);
		}
	}

	/** A WebSocket ping frame; the browser answers with a pong frame by itself. */
	void ping() {
		try {
			if (!this.closed && this.socket.isOpen()) {
				this.socket.sendMessage(new PingMessage());
			}
		}
		catch (IOException | RuntimeException ex) {
			close(CloseStatus.SESSION_NOT_RELIABLE);
		}
	}

	void close(CloseStatus status) {
		try {
			if (this.socket.isOpen()) {
				this.socket.close(status);
			}
		}
		catch (IOException ex) {
			log.debug("Closing a socket failed: {}", ex.getMessage());
		}
		finally {
			// closed by the server: its place is free now, not when the client's close echo arrives
			this.permit.release();
		}
	}

	/**
	 * Gives back what the pre-warm prepared when the socket has sat unjoined for {@code hold}
	 * (a page left open on its preview); its join, if it ever comes, prepares them again.
	 * @return whether something was given back
	 */
	boolean releaseIdlePrewarm(long nowNanos, long holdNanos) {
		synchronized (this.prepared) {
			if (this.joinStartedNanos != 0 || nowNanos - this.openedNanos < holdNanos || !this.prepared.holding()) {
				return false;
			}
			this.prepared.release();
			return true;
		}
	}

	/** The socket is gone: free the seat (retried until it lands) and the media resources. Idempotent. */
	void closed() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.permit.release();
		this.prepared.release();
		String callId = this.admission.callId();
		if (this.joined) {
			this.context.leaves().leave(this.admission, this.id, () -> this.context.rooms().seatFreed(callId));
		}
		else {
			this.context.rooms().seatFreed(callId);
		}
	}

}
