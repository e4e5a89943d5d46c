package io.casecall.room.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.casecall.room.token.Role;

/**
 * Seats taken and left by live connections. One connection per seat: a reload on the same
 * device takes the seat over, another device is refused while the holder is alive. A holder
 * stays alive by renewing its lease ({@code casecall.call.presence-lease}) while its connection
 * is open, so a crashed node cannot lock a seat for longer than one lease.
 */
@Service
public class CallPresence {

	private static final Logger log = LoggerFactory.getLogger(CallPresence.class);

	private final CallRepository repository;

	private final CallProperties properties;

	private final CallEventBus events;

	private final Clock clock;

	private final ApplicationEventPublisher transitions;

	private final CallChanges changes;

	CallPresence(CallRepository repository, CallProperties properties, CallEventBus events, Clock clock,
			ApplicationEventPublisher transitions, CallChanges changes) {
		this.changes = changes;
		this.repository = repository;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
		this.transitions = transitions;
	}

	/**
	 * Takes the admitted seat for a connection, in one Redis round trip: the seat write publishes
	 * the join's events itself and returns what the joiner is told.
	 * @param session unique id of the connection
	 * @param device id the client keeps across reloads (the same device may take over its seat)
	 * @return the call status after the join, the seat's joins and the other seat
	 * @throws SeatTakenException when another device holds the seat
	 * @throws CallEndedException when the call ended meanwhile
	 */
	public JoinedSeat join(Admission admission, String session, String device) {
		return join(admission, session, device, false);
	}

	/**
	 * {@link #join(Admission, String, String)}, for a socket that resumes ({@code resumed}) the media
	 * session the server kept when its earlier socket was lost: the presence history says
	 * {@code resumed}, and the lost socket it replaces is no takeover.
	 */
	public JoinedSeat join(Admission admission, String session, String device, boolean resumed) {
		Instant now = this.clock.instant();
		String callId = admission.callId();
		Role role = admission.role();
		Duration lease = this.properties.presenceLease();
		CallRepository.JoinEvents events = new CallRepository.JoinEvents(CallEventBus.CHANNEL,
				this.events.encode(new CallEvent.SeatReplaced(callId, role, "")),
				this.events.encode(new CallEvent.SeatJoined(callId, role, admission.participantId(), session,
						CallStatus.CREATED)));
		// the sweeper looks again when this lease could have gone stale (see expireStale)
		CallRepository.Joined joined = this.repository.join(callId, role, session, device, now, now.plus(lease),
				now.plus(lease.multipliedBy(2)), events, resumed);
		switch (joined.outcome()) {
			case "joined" -> {
			}
			case "busy" -> throw new SeatTakenException(role);
			case "not_found" -> throw new CallNotFoundException(callId);
			default -> throw new CallEndedException(callId);
		}
		log.info("{} {} call {} (status {})", role.wire(), resumed ? "resumed" : "joined", callId,
				joined.seat().status().wire());
		if (joined.seat().joins() == 1) {
			// a seat's first join is what moves a call to waiting or connected
			this.changes.mark(callId, now);
		}
		this.transitions.publishEvent(new CallStatusChanged(callId, joined.seat().status()));
		return joined.seat();
	}

	/**
	 * Keeps the seat held by a live connection.
	 * @return whether the connection still holds the seat (not replaced, call not ended), and the
	 * SFU instance the record names for the call's room, read in the same round trip
	 */
	public SeatLease renew(Admission admission, String session) {
		return this.repository.renew(admission.callId(), admission.role(), session,
				this.clock.instant().plus(this.properties.presenceLease()));
	}

	/**
	 * What {@link #renew} found.
	 * @param held whether the connection still holds the seat
	 * @param sfuInstance the instance holding the call's room now ({@code null}: none, or not held)
	 * @param callEnded whether it is not held because the call ended (not another connection's seat)
	 */
	public record SeatLease(boolean held, String sfuInstance, boolean callEnded) {
	}

	/** The participant (un)muted; recorded and told to the other side. */
	public void media(Admission admission, boolean audio, boolean video) {
		this.repository.media(admission.callId(), admission.role(), audio, video);
		this.events.publish(new CallEvent.MediaChanged(admission.callId(), admission.role(),
				admission.participantId(), audio, video));
	}

	/**
	 * Records which SFU instance holds the call's room, unless a participant on another node
	 * recorded one first.
	 * @return the instance all participants must use
	 */
	public String claimSfuInstance(String callId, String instance) {
		return this.repository.claimSfuInstance(callId, instance);
	}

	/**
	 * Moves the call's room from SFU instance {@code from} to {@code to}, unless another node moved
	 * it already (a compare-and-set on the record); a move is written to the presence history
	 * ({@code sfu_moved} with the new instance) of each seat that joined, and told to every node
	 * ({@link CallEvent.RoomMoved}, this one included).
	 * @return the instance all participants must use now ({@code null} when the call is gone)
	 */
	public SfuMove moveSfuInstance(String callId, String from, String to) {
		SfuMove move = this.repository.moveSfuInstance(callId, from, to, this.clock.instant());
		if (move.moved()) {
			this.events.publish(new CallEvent.RoomMoved(callId, from, to));
		}
		return move;
	}

	/**
	 * What {@link #moveSfuInstance} found.
	 * @param instance the instance the record names now ({@code null}: the call is gone)
	 * @param moved whether this move changed it (otherwise another node had moved the room already)
	 */
	public record SfuMove(String instance, boolean moved) {
	}

	/**
	 * Lets go the seats of {@code call} whose connections stopped renewing their lease at least one
	 * lease length ago (their node crashed or lost the network): the other side is told, and a
	 * customer's seat starts the wait for a reconnect ({@code reconnect-grace}), as for a lost connection.
	 * @return whether a seat was let go
	 */
	boolean expireStale(Call call, Instant now) {
		Instant staleBefore = now.minus(this.properties.presenceLease());
		boolean expired = false;
		for (Role role : Role.values()) {
			Seat seat = call.seat(role);
			if (!seat.present() || seat.leaseUntil() == null || !seat.leaseUntil().isBefore(staleBefore)) {
				continue;
			}
			String session = this.repository.expireSeat(call.id(), role, staleBefore);
			if (session == null) {
				continue;
			}
			log.warn("The {} connection of call {} stopped renewing its seat at {}: counted as left", role.wire(),
					call.id(), seat.leaseUntil());
			if (role == Role.CUSTOMER) {
				this.repository.schedule(call.id(), seat.leaseUntil().plus(this.properties.customerGone(PresenceCause.LEASE_EXPIRED)),
						true);
			}
			this.events.publish(new CallEvent.SeatLeft(call.id(), role, seat.participantId(), session));
			expired = true;
		}
		return expired;
	}

	/** The connection lets its seat go now (the participant left); a replaced connection changes nothing. */
	public void leave(Admission admission, String session) {
		leave(admission, session, this.clock.instant(), PresenceCause.LEFT);
	}

	/**
	 * The connection let its seat go at {@code now} for {@code cause} (a retried write keeps the time
	 * it happened); the leave and its presence-history entry are one write. A replaced connection,
	 * or a seat the sweeper already let go, changes nothing.
	 * @throws io.casecall.room.system.StoreUnavailableException when the write did not land
	 */
	public void leave(Admission admission, String session, Instant now, PresenceCause cause) {
		if (admission.role() == Role.CUSTOMER) {
			// before the leave itself, so a retried write cannot lose it: the leave of a first try that
			// landed before the store failed changes nothing the second time. Harmless when the leave
			// turns out a no-op: the sweeper decides from the record and only reschedules.
			this.repository.schedule(admission.callId(), now.plus(this.properties.customerGone(cause)), true);
		}
		if (!this.repository.leave(admission.callId(), admission.role(), session, now, cause)) {
			return;
		}
		log.info("{} left call {} ({})", admission.role().wire(), admission.callId(), cause.wire());
		this.events.publish(new CallEvent.SeatLeft(admission.callId(), admission.role(), admission.participantId(),
				session));
	}

}
