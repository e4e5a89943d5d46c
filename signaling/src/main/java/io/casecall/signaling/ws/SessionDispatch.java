package io.casecall.signaling.ws;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;

import io.casecall.room.call.Admission;
import io.casecall.room.call.Call;
import io.casecall.room.call.ConnectTiming;
import io.casecall.room.call.EndReason;
import io.casecall.room.call.JoinedSeat;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.token.Role;


/**
 * What each client message does, for one socket: checks (size, rate, shape, call), then one case
 * per message type. Messages arrive one at a time, on the container's thread (its guarantee);
 * every failure becomes an {@code error} message (and a close when fatal), never an exception.
 */
final class SessionDispatch {

	private static final Logger log = LoggerFactory.getLogger(SessionDispatch.class);

	private final ParticipantSession session;

	private final SessionContext context;

	private final RateLimiter rate;

	private int protocolErrors;

	SessionDispatch(ParticipantSession session, SessionContext context) {
		this.session = session;
		this.context = context;
		SignalingProperties properties = context.properties();
		this.rate = new RateLimiter(properties.ratePerSecond(), properties.rateBurst(), session.lastSeenNanos());
	}

	ParticipantSession session() {
		return this.session;
	}

	/** Handles one text frame; never throws. */
	void onText(String text, int bytes) {
		this.session.touch();
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
			if (envelope.callId() != null && !envelope.callId().equals(admission().callId())) {
				throw new ProtocolException("wrong_call", "This socket belongs to another call", CloseCodes.WRONG_CALL);
			}
			handle(envelope.message());
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
		if (message instanceof ClientMessage.Preconnect) {
			preconnect();
			return;
		}
		if (!this.session.joined() && !validBeforeJoin(message)) {
			// (with the type it answers: a page whose early publishing offer is refused puts it in 'join')
			refuse(new ProtocolException("not_joined", "Send 'join' first"), message.type());
			return;
		}
		try {
			if (message instanceof ClientMessage.Offer offer) {
				offer(offer);
			}
			else if (message instanceof ClientMessage.Answer answer) {
				this.session.participant().answer(answer.pc(), answer.sdp());
			}
			else if (message instanceof ClientMessage.Restart restart) {
				this.session.participant().restart(restart.pc());
			}
			else if (message instanceof ClientMessage.Keyframe) {
				SfuParticipant participant = this.session.participant();
				participant.requestKeyframes();
				if (!participant.asksPublishersForKeyframes()) {
					this.context.keyframes().relay(this.session);
				}
			}
			else if (message instanceof ClientMessage.Candidate candidate) {
				this.session.participant().candidate(candidate.pc(), candidate.candidate());
			}
			else if (message instanceof ClientMessage.Media state) {
				this.context.presence().media(admission(), state.audio(), state.video());
			}
			else if (message instanceof ClientMessage.Timings timings) {
				timings(timings);
			}
			else if (message instanceof ClientMessage.End end) {
				end(end);
			}
			else if (message instanceof ClientMessage.PhotoRequest) {
				this.context.photos().request(this.session);
			}
			else if (message instanceof ClientMessage.Leave) {
				this.session.writer().disconnect(CloseStatus.NORMAL.withReason("left"));
			}
		}
		catch (RuntimeException ex) {
			refuse(Errors.toProtocol(ex), message.type());
		}
	}

	/**
	 * What a pre-connected page may send before {@code joined}: answers and candidates, and its
	 * publishing offer once the SFU holds its media (a page whose offer comes earlier, or is not
	 * held, gets {@code not_joined} and puts the offer in its {@code join}).
	 */
	private boolean validBeforeJoin(ClientMessage message) {
		if (message instanceof ClientMessage.Offer) {
			return this.session.publishesBeforeJoin();
		}
		return this.session.preconnected()
				&& (message instanceof ClientMessage.Answer || message instanceof ClientMessage.Candidate);
	}

	/**
	 * A customer's page connects its media before the click (docs/protocol.md, "Pre-connection").
	 * Refused (non-fatal) after the join, twice, and from an agent, whose page joins at once.
	 */
	private void preconnect() {
		if (this.session.joined()) {
			throw new ProtocolException("already_joined", "'preconnect' comes before 'join'");
		}
		if (admission().role() != Role.CUSTOMER) {
			throw new ProtocolException("forbidden", "Only the customer's page pre-connects");
		}
		// (switched off by casecall.signaling.preconnect: accepted, and the join connects everything)
		if (!this.session.preconnect(this.context.properties().preconnect())) {
			throw new ProtocolException("already_preconnected", "This socket pre-connected already");
		}
	}

	private void offer(ClientMessage.Offer offer) {
		this.session.clientPublishes(offer.pc());
		send(new ServerMessage.Answer(offer.pc(), this.session.participant().offer(offer.pc(), offer.sdp())));
	}

	private void join(ClientMessage.Join join) {
		if (this.session.joined()) {
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

	/**
	 * The join: the prepared participant (or, for a {@code resume}, the one kept since the page's
	 * socket was lost), the seat (one Redis round trip), {@code joined}, held media.
	 */
	private void doJoin(ClientMessage.Join join, long started) {
		Admission admission = admission();
		boolean resumed = join.resume() != null && resume(join, started);
		if (!resumed) {
			this.context.detached().discard(admission); // the page rebuilds: what was kept for it goes
		}
		SfuParticipant participant = resumed ? this.session.participant() : this.session.beginJoin(started);
		JoinedSeat seat = this.context.presence().join(admission, this.session.id(), join.device(), resumed);
		if (!resumed) {
			// the seat is this page's now: what another node left for it goes
			RemoteSessions.discard(this.context, admission, this.context.records().take(admission));
		}
		this.session.seatTaken(seat, join.device());
		send(joined(admission, seat, participant, resumed));
		this.session.persist(participant);
		this.session.afterJoined(participant);
		if (resumed) {
			this.context.metrics().resumed(true);
			this.session.saveRecord(); // this node drives the session from now on
			return; // the page kept its connections: no offer rides along
		}
		if (join.resume() != null) {
			this.context.metrics().resumed(false);
		}
		if (join.offer() != null && participant.clientOffersMedia()) {
			// (an offer prepared for an SFU that offers itself is ignored: 'joined' told the client)
			offer(join.offer());
		}
		this.session.saveRecord(); // after everything the client waits for
	}

	/**
	 * Takes over the participant the page asks to resume: the one a socket of the same page still
	 * holds on this node (not yet seen to be lost), or the one kept since it was lost.
	 * @return whether this socket now holds it; otherwise the join goes on as any other
	 */
	private boolean resume(ClientMessage.Join join, long started) {
		Admission admission = admission();
		DetachedParticipants.Kept kept = null;
		for (ParticipantSession other : this.context.sessions().forCall(admission.callId())) {
			DetachedParticipants.Kept held = (other != this.session) ? other.kept() : null;
			if (held != null && held.resumableBy(admission, join.device(), join.resume())) {
				kept = other.handOver();
				break;
			}
		}
		if (kept == null) {
			kept = this.context.detached().take(admission, join.device(), join.resume());
		}
		if (kept == null) {
			return RemoteSessions.restore(this.session, this.context, join, started);
		}
		if (!this.session.resume(kept, started, join.resume().pcs())) {
			kept.participant().close();
			return false;
		}
		log.info("The {} resumed its media session on a new socket", admission.role().wire());
		return true;
	}

	private ServerMessage.Joined joined(Admission admission, JoinedSeat seat, SfuParticipant participant,
			boolean resumed) {
		Call call = admission.call(); // what a seat write cannot change: ids, roles, display names
		Role other = admission.role().other();
		List<ServerMessage.Peer> peers = List.of(new ServerMessage.Peer(call.seat(other).participantId(), other.wire(),
				call.displayName(other), seat.otherPresent(), seat.otherAudio(), seat.otherVideo()));
		return new ServerMessage.Joined(call.id(), admission.participantId(), admission.role().wire(),
				seat.status().wire(), seat.joins(), participant.clientOffersMedia(), peers,
				this.context.properties().heartbeatInterval().toMillis(), resumed);
	}

	private void timings(ClientMessage.Timings timings) {
		Admission admission = admission();
		boolean claimsConnected = "connected".equals(timings.outcome())
				|| (timings.outcome() == null && timings.marks().containsKey(ConnectTiming.endMark(admission.role())));
		this.context.timings()
			.reportWhen(this.session.witness().evidence(claimsConnected, this.session.participant().reportsMediaUp(),
					this.context.properties().mediaUpWait()), admission, this.session.joinNumber(), timings.join(),
					timings.outcome(), timings.reconnect(), timings.preconnected(), timings.marks());
	}

	private void end(ClientMessage.End end) {
		if (admission().role() != Role.AGENT) {
			throw new ProtocolException("forbidden", "Only the agent can end the call");
		}
		Call ended = this.context.calls().end(admission().callId(), EndReason.AGENT_ENDED, end.outcome(), end.note());
		// the agent's own page learns it here and now; the call's event tells every other socket
		// (sending it twice is harmless: the socket is closed after the first)
		if (ended.endReason() != null) {
			this.session.writer()
				.sendAndClose(new ServerMessage.CallEnded(ended.endReason().wire(),
						(ended.outcome() != null) ? ended.outcome().wire() : null),
						new CloseStatus(CloseCodes.CALL_ENDED, "call_ended"));
		}
	}

	/** Sends an error; closes the socket when the error is fatal or too many errors piled up. */
	private void refuse(ProtocolException ex, String ref) {
		if (!ex.fatal() && ++this.protocolErrors >= this.context.properties().maxProtocolErrors()) {
			ex = new ProtocolException(ex.code(), "Too many protocol errors", CloseCodes.PROTOCOL);
		}
		log.debug("Refused a message ({}): {}", ex.code(), ex.getMessage());
		this.session.writer().error(ex, ref);
	}

	private void send(ServerMessage message) {
		this.session.writer().send(message);
	}

	private Admission admission() {
		return this.session.admission();
	}

}
