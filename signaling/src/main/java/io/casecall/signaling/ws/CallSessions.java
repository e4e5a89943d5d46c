package io.casecall.signaling.ws;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.Call;
import io.casecall.room.call.CallEvent;
import io.casecall.room.call.CallEventBus;
import io.casecall.room.call.CallPresence;
import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.system.StoreUnavailableException;
import io.casecall.room.token.Role;
import io.casecall.signaling.metrics.CallMetrics;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * The sockets this node holds, by call (joined or still on the pre-join page). Turns call events
 * (which reach every node) into messages for the local sockets of that call, and keeps sockets
 * honest: every heartbeat interval each gets a ping frame, silent ones are closed, joined ones
 * renew their seat's lease and get a fresh room token when theirs is past half its lifetime. A
 * call's room moved to another SFU instance ({@link CallEvent.RoomMoved}, or found on the lease
 * renewal when the event was missed): the sockets whose media is still on the old one rejoin.
 */
@Component
class CallSessions {

	private static final Logger log = LoggerFactory.getLogger(CallSessions.class);

	private final Map<String, Set<ParticipantSession>> byCall = new ConcurrentHashMap<>();

	private final CallPresence presence;

	private final SignalingProperties properties;

	private final TokenRefresher tokens;

	private final SfuGateway gateway;

	CallSessions(CallEventBus events, CallPresence presence, SignalingProperties properties, CallMetrics metrics,
			TokenRefresher tokens, SfuGateway gateway) {
		this.gateway = gateway;
		this.presence = presence;
		this.properties = properties;
		this.tokens = tokens;
		events.subscribe(this::onEvent);
		metrics.gauge("casecall.participants.connected", "Joined participant sockets on this node",
				() -> this.byCall.values().stream().flatMap(Set::stream).filter(ParticipantSession::joined).count());
		metrics.gauge("casecall.sockets.open", "Open signaling sockets on this node (joined or on the pre-join page)",
				this::size);
	}

	void added(ParticipantSession session) {
		this.byCall.computeIfAbsent(session.admission().callId(), (id) -> ConcurrentHashMap.newKeySet()).add(session);
	}

	void removed(ParticipantSession session) {
		this.byCall.computeIfPresent(session.admission().callId(), (id, sessions) -> {
			sessions.remove(session);
			return sessions.isEmpty() ? null : sessions;
		});
	}

	/** This node's sockets of a call. */
	Set<ParticipantSession> forCall(String callId) {
		return this.byCall.getOrDefault(callId, Set.of());
	}

	/** Closes every socket on this node (shutting down); returns how many. */
	int closeAll(CloseStatus status) {
		int count = 0;
		for (Set<ParticipantSession> sessions : this.byCall.values()) {
			for (ParticipantSession session : sessions) {
				session.writer().disconnect(status);
				count++;
			}
		}
		return count;
	}

	/**
	 * A node shutting down lets go of the SFU sessions of its joined sockets (persisted, not ended),
	 * so that their pages resume them on another node (see {@link ParticipantSession#letGo()}).
	 * @return how many were handed off
	 */
	int handOffAll() {
		int count = 0;
		for (Set<ParticipantSession> sessions : this.byCall.values()) {
			for (ParticipantSession session : sessions) {
				if (session.letGo()) {
					count++;
				}
			}
		}
		return count;
	}

	/** Number of sockets on this node. */
	int size() {
		return this.byCall.values().stream().mapToInt(Set::size).sum();
	}

	private void onEvent(CallEvent event) {
		Set<ParticipantSession> sessions = this.byCall.get(event.callId());
		if (sessions == null || (event instanceof CallEvent.RoomMoved moved && !reachable(moved))) {
			return;
		}
		for (ParticipantSession session : sessions) {
			deliver(session, event);
		}
	}

	private static void deliver(ParticipantSession session, CallEvent event) {
		Role own = session.admission().role();
		if (event instanceof CallEvent.SeatJoined joined) {
			if (joined.session().equals(session.id())) {
				return; // the joiner learns the status from 'joined'
			}
			if (joined.role() != own) {
				session.writer().send(new ServerMessage.ParticipantJoined(joined.participantId(), joined.role().wire(),
						session.admission().call().displayName(joined.role())));
			}
			session.writer().send(new ServerMessage.CallStatus(joined.status().wire()));
		}
		else if (event instanceof CallEvent.SeatLeft left && left.role() != own) {
			session.writer().send(new ServerMessage.ParticipantLeft(left.participantId(), left.role().wire()));
		}
		else if (event instanceof CallEvent.SeatReplaced replaced && replaced.oldSession().equals(session.id())) {
			session.writer().error(new ProtocolException("replaced", "This call was opened again on this device",
					CloseCodes.SEAT), null);
		}
		else if (event instanceof CallEvent.AgentTokensRevoked revoked && own == Role.AGENT
				&& Call.revokedBy(session.admission().token().issuedAt(), session.admission().token().tokenId(),
						revoked.from(), revoked.linkId())) {
			// a newer agent link replaced the one this socket was opened with
			session.writer().error(new ProtocolException("replaced", "A newer agent link replaced this one", CloseCodes.SEAT),
					null);
		}
		else if (event instanceof CallEvent.MediaChanged media && media.role() != own) {
			session.writer().send(new ServerMessage.ParticipantMedia(media.participantId(), media.role().wire(), media.audio(),
					media.video()));
		}
		else if (event instanceof CallEvent.RoomMoved moved && session.mediaOn(moved.from())) {
			log.info("The media room of call {} moved from SFU instance {} to {}: the {} rejoins there",
					moved.callId(), moved.from(), moved.to(), own.wire());
			session.mediaMoved(moved.to());
		}
		else if (event instanceof CallEvent.Ended ended) {
			session.writer()
				.sendAndClose(new ServerMessage.CallEnded(ended.reason().wire(),
						(ended.outcome() != null) ? ended.outcome().wire() : null),
						new CloseStatus(CloseCodes.CALL_ENDED, "call_ended"));
		}
	}

	/**
	 * Whether this node reaches the instance a room moved to. When it does not, its participants stay
	 * where they are: a rejoin here would move the room back, and nodes that each reach only one
	 * instance would take turns moving it.
	 */
	private boolean reachable(CallEvent.RoomMoved moved) {
		if (this.gateway.available(moved.to())) {
			return true;
		}
		log.warn("The media room of call {} moved to SFU instance {}, which this node does not reach: "
				+ "its participants here stay on {}", moved.callId(), moved.to(), moved.from());
		return false;
	}

	/** Pings every socket, closes silent ones, renews the seats and tokens of joined ones. */
	@Scheduled(fixedRateString = "${casecall.signaling.heartbeat-interval:5s}")
	void heartbeat() {
		long idleNanos = this.properties.idleTimeout().toNanos();
		long prewarmHoldNanos = this.properties.prewarmHold().toNanos();
		long preconnectHoldNanos = this.properties.preconnectHold().toNanos();
		long now = System.nanoTime();
		for (Set<ParticipantSession> sessions : this.byCall.values()) {
			for (ParticipantSession session : sessions) {
				if (now - session.lastSeenNanos() > idleNanos) {
					log.info("Closing a silent {} socket of call {}", session.admission().role().wire(),
							session.admission().callId());
					session.writer().disconnect(new CloseStatus(CloseCodes.IDLE, "idle"));
					continue;
				}
				session.writer().ping();
				boolean preconnected = session.preconnectHeld();
				if (session.releaseIdlePrewarm(now, prewarmHoldNanos, preconnectHoldNanos)) {
					log.info("A {} socket of call {} sat unjoined for {}: its prepared media was given back",
							session.admission().role().wire(), session.admission().callId(),
							preconnected ? this.properties.preconnectHold() : this.properties.prewarmHold());
				}
				if (session.joined()) {
					renew(session);
					this.tokens.refreshIfDue(session);
					session.renewRecord(now);
				}
				else if (session.preconnectHeld()) {
					// a long preview: its next socket (a reload, a network change) must not find the link's token expired
					this.tokens.refreshIfDue(session);
				}
			}
		}
	}

	/**
	 * Renews the seat's lease; the same round trip says where the call's room is now: a socket whose
	 * media is still on another instance missed the move (pub/sub is at most once) and moves now.
	 */
	private void renew(ParticipantSession session) {
		try {
			CallPresence.SeatLease lease = this.presence.renew(session.admission(), session.id());
			if (!lease.held()) {
				// an ended call's socket closes as the Ended event closes it (that event may be
				// under way, or was missed): the page ends; it did not lose its seat to another
				session.writer()
					.disconnect(lease.callEnded() ? new CloseStatus(CloseCodes.CALL_ENDED, "call_ended")
							: new CloseStatus(CloseCodes.SEAT, "seat lost"));
			}
			else if (session.mediaElsewhere(lease.sfuInstance()) && this.gateway.available(lease.sfuInstance())) {
				log.warn("The media room of call {} is on SFU instance {}, the {}'s media elsewhere: it rejoins there",
						session.admission().callId(), lease.sfuInstance(), session.admission().role().wire());
				session.mediaMoved(lease.sfuInstance());
			}
		}
		catch (StoreUnavailableException ex) {
			log.debug("Seat lease not renewed: call store unavailable");
		}
	}

}
