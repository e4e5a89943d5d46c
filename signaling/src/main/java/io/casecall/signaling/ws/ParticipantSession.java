package io.casecall.signaling.ws;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Function;

import io.casecall.room.call.Admission;
import io.casecall.room.call.JoinedSeat;
import io.casecall.room.call.PresenceCause;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuUnavailableException;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * One participant's socket as state: who it is, whether it has joined, its prepared media, its
 * token's expiry and when it was last heard from. What client messages do is
 * {@link SessionDispatch}'s; what goes out goes through its {@link SocketWriter}; what the SFU says
 * goes through its {@link SessionMediaListener}, which calls nothing here.
 */
final class ParticipantSession {

	private final String id = UUID.randomUUID().toString();

	private final Admission admission;

	private final SessionContext context;

	private final SocketWriter writer;

	private final SessionMediaListener media;

	private final PreparedMedia prepared;

	/** What the server saw of this socket's join (its start, media up), for its connect-time report. */
	private final JoinWitness witness = new JoinWitness();

	private final long openedNanos = System.nanoTime();

	private volatile long lastSeenNanos = this.openedNanos;

	private volatile boolean joined;

	/** Whether the client sent {@code preconnect}. */
	private volatile boolean preconnected;

	private volatile int joinNumber;

	/** Whether the socket is gone ({@link #onSocketClosed()} ran). */
	private volatile boolean gone;

	/** The device the join came from (a resume must come from the same). */
	private volatile String device;

	/** Whether a newer socket resumed this one's participant: its close then frees nothing. */
	private volatile boolean handedOver;

	/** Whether the participant was let go for another node (this node shuts down): its close ends nothing. */
	private volatile boolean letGo;

	/** When the session's record was last written or renewed ({@link SessionRecords}). */
	private volatile long recordRenewedNanos;

	/** Expiry of the newest room token this participant holds (the handshake's, or a refreshed one). */
	private volatile Instant tokenExpiresAt;

	/** @param prewarm where media is prepared at connect time; {@code null}: not (the page resumes) */
	ParticipantSession(WebSocketSession socket, Admission admission, SocketCaps.Permit permit, SessionContext context,
			Executor prewarm) {
		this.admission = admission;
		this.context = context;
		this.writer = new SocketWriter(socket, context.codec(), permit);
		this.media = new SessionMediaListener(this.writer, this.witness, context.codec(), context.metrics(),
				admission.call().sfu());
		this.prepared = new PreparedMedia(admission, context, this.media, prewarm);
		this.tokenExpiresAt = admission.token().expiresAt();
	}

	String id() {
		return this.id;
	}

	Admission admission() {
		return this.admission;
	}

	SocketWriter writer() {
		return this.writer;
	}

	JoinWitness witness() {
		return this.witness;
	}

	boolean joined() {
		return this.joined;
	}

	int joinNumber() {
		return this.joinNumber;
	}

	Instant tokenExpiresAt() {
		return this.tokenExpiresAt;
	}

	/** Hands the participant a fresh room token for its reconnects and reloads. */
	void tokenRefreshed(String token, Instant expiresAt) {
		this.tokenExpiresAt = expiresAt;
		this.writer.send(new ServerMessage.Token(token, expiresAt.toString()));
	}

	long lastSeenNanos() {
		return this.lastSeenNanos;
	}

	void touch() {
		this.lastSeenNanos = System.nanoTime();
	}

	/**
	 * The client asked to connect its media before the join (see {@link PreparedMedia#preconnect()}).
	 * @param enabled whether this node pre-connects at all ({@code casecall.signaling.preconnect})
	 * @return {@code false} when it asked already
	 */
	boolean preconnect(boolean enabled) {
		if (this.preconnected) {
			return false;
		}
		this.preconnected = true;
		return !enabled || this.prepared.preconnect();
	}

	/**
	 * Whether the client may publish before the join: it pre-connected, the SFU holds its media and
	 * takes the client's offers (Janus; its publishing connection connects with no track attached,
	 * the tracks go at the click).
	 */
	boolean publishesBeforeJoin() {
		return this.preconnected && this.prepared.held() && this.prepared.joined().clientOffersMedia();
	}

	/** Whether the client sent {@code preconnect}: its answers and candidates may come before the join. */
	boolean preconnected() {
		return this.preconnected;
	}

	/**
	 * The join begins at {@code startedNanos}: the pre-warm is no longer given back for idleness,
	 * and media held for a pre-connection flows at once (the click is the consent; the SFU asks for
	 * a keyframe while the seat is taken).
	 * @return the participant to join with (pre-warmed, or prepared now)
	 */
	SfuParticipant beginJoin(long startedNanos) {
		synchronized (this.prepared) {
			this.witness.joined(startedNanos);
			this.prepared.joinBegins();
		}
		SfuParticipant participant = this.prepared.forJoin();
		if (this.prepared.held()) {
			participant.resume();
		}
		return participant;
	}

	/** The seat is taken (the caller sends {@code joined} next, then calls {@link #afterJoined}). */
	void seatTaken(JoinedSeat seat, String device) {
		this.joinNumber = seat.joins();
		this.device = device;
		this.joined = true;
	}

	/**
	 * The join resumes {@code kept} (its socket was lost, or is about to be found so): this socket
	 * holds that participant from now on, instead of what it prepared.
	 * @return {@code false} when it cannot (the SFU said too much meanwhile): join as usual
	 */
	boolean resume(DetachedParticipants.Kept kept, long startedNanos, List<String> pcs) {
		synchronized (this.prepared) {
			this.witness.joined(startedNanos);
		}
		this.media.connectedBefore(pcs);
		return this.prepared.adopt(kept.participant(), kept.relay());
	}

	/**
	 * The join resumes a session another node left: {@code restore} takes it over (see
	 * {@link PreparedMedia#restore}); this socket holds it from now on, instead of what it prepared.
	 * @return the participant, or {@code null} when it does not hold every connection in {@code pcs}
	 * @throws io.casecall.room.sfu.SfuException when it cannot be taken over (nothing changed)
	 */
	SfuParticipant restore(long startedNanos, List<String> pcs, Function<SfuListener, SfuParticipant> restore) {
		SfuParticipant participant = this.prepared.restore(restore, pcs);
		if (participant == null) {
			return null;
		}
		synchronized (this.prepared) {
			this.witness.joined(startedNanos);
		}
		this.media.connectedBefore(pcs);
		return participant;
	}

	/**
	 * A newer socket of the same page resumes this joined socket's participant before this one was
	 * seen to close (a cut link is found dead only after the idle timeout): it is handed over, and
	 * this socket's close frees nothing (the newer one's join takes the seat over).
	 * @return the participant, or {@code null} when this socket has none to hand over
	 */
	synchronized DetachedParticipants.Kept handOver() {
		DetachedParticipants.Kept kept = kept();
		if (kept != null) {
			this.handedOver = true;
			kept.relay().detach();
		}
		return kept;
	}

	/** This joined socket's participant as a resume would take it over, or {@code null}. */
	DetachedParticipants.Kept kept() {
		if (this.gone || this.handedOver || !this.joined) {
			return null;
		}
		return new DetachedParticipants.Kept(this.admission, this.device, participant(), this.prepared.relay());
	}

	/** The device this socket joined from, or {@code null} before the join. */
	String device() {
		return this.device;
	}

	/**
	 * {@code joined} went out: held SFU messages follow it, and the participant starts unless the
	 * pre-warm started it.
	 */
	void afterJoined(SfuParticipant participant) {
		this.media.release();
		this.prepared.startOnce(participant);
	}

	/**
	 * From now on the participant's session record ({@link SessionRecords}) is written again
	 * whenever what another node needs changes (its snapshot: a subscription, the publish).
	 */
	void persist(SfuParticipant participant) {
		this.prepared.relay().persistWith(() -> {
			if (this.context.records().save(this.admission, this.device, participant)) {
				this.recordRenewedNanos = System.nanoTime();
			}
		});
	}

	/** Writes the session record now (the join: this node drives the session). */
	void saveRecord() {
		this.prepared.relay().onSnapshotChanged();
	}

	/** Renews the session record's TTL at most every {@link SessionRecords#MARGIN} / 2 (heartbeat). */
	void renewRecord(long nowNanos) {
		long renewed = this.recordRenewedNanos;
		if (renewed != 0 && nowNanos - renewed >= SessionRecords.MARGIN.toNanos() / 2) {
			this.recordRenewedNanos = nowNanos;
			this.context.records().renew(this.admission);
		}
	}

	/**
	 * This node shuts down: the joined participant's session is persisted and let go, not ended,
	 * for the page to resume it on another node; the socket's close then records the leave only.
	 * @return whether it was let go (an SFU that cannot hand sessions over ends them as before)
	 */
	synchronized boolean letGo() {
		if (this.gone || this.handedOver || !this.joined || this.letGo) {
			return false;
		}
		SfuParticipant participant = participant();
		this.context.records().save(this.admission, this.device, participant);
		if (!participant.handOff()) {
			return false;
		}
		this.prepared.relay().detach();
		this.letGo = true;
		return true;
	}

	/**
	 * Whether this socket's media is on SFU instance {@code instance} (its participant's session is
	 * there) and the socket still open: {@code false} when not known.
	 */
	boolean mediaOn(String instance) {
		return !this.gone && this.writer.closedWith() == null && instance.equals(this.prepared.instance());
	}

	/**
	 * Whether this socket's media is on another SFU instance than {@code recorded}, the one the call
	 * record names for its room now: another node moved the room, and this node missed the move.
	 */
	boolean mediaElsewhere(String recorded) {
		String own = this.prepared.instance();
		return recorded != null && own != null && !own.equals(recorded) && mediaOn(own);
	}

	/**
	 * The call's room moved to another SFU instance while this socket's media is still in the old
	 * room: the page is told its media is gone, as when the SFU loses its session ({@code sfu_unavailable},
	 * 4503), and rejoins; the join allocates on the instance the record names.
	 */
	void mediaMoved(String to) {
		this.media.onLost(new SfuUnavailableException("The call's media room moved to SFU instance " + to));
	}

	/** The client offers its own media on {@code pcId}. */
	void clientPublishes(String pcId) {
		this.media.clientPublishes(pcId);
	}

	/** The participant of a joined socket (ready since the join). */
	SfuParticipant participant() {
		return this.prepared.joined();
	}

	/**
	 * Whether the socket's media is pre-connected and held for its join (not joined, not given back):
	 * it is kept for {@code preconnect-hold}, and its token is refreshed as a joined socket's.
	 */
	boolean preconnectHeld() {
		return this.preconnected && !this.joined && this.prepared.held();
	}

	/**
	 * Gives back what the pre-warm prepared when the socket has sat unjoined for {@code prewarmHold},
	 * or {@code preconnectHold} when its media is pre-connected (a page left open on its preview);
	 * its join, if it ever comes, prepares them again.
	 * @return whether something was given back
	 */
	boolean releaseIdlePrewarm(long nowNanos, long prewarmHoldNanos, long preconnectHoldNanos) {
		synchronized (this.prepared) {
			long holdNanos = this.prepared.held() ? preconnectHoldNanos : prewarmHoldNanos;
			if (this.witness.joinNanos() != 0 || nowNanos - this.openedNanos < holdNanos || !this.prepared.holding()) {
				return false;
			}
			this.prepared.release();
			return true;
		}
	}

	/**
	 * The socket is gone ({@code status}: the close as the container saw it): free the seat, with
	 * the cause of the leave (retried until it lands), and the media resources, unless the socket
	 * was lost without a leave: then the SFU participant is kept for a resume
	 * ({@link DetachedParticipants}). Idempotent.
	 */
	void onSocketClosed(CloseStatus status) {
		synchronized (this) {
			if (this.gone) {
				return;
			}
			this.gone = true;
		}
		this.writer.stop();
		if (this.handedOver) {
			return; // a newer socket resumed the participant and took the seat over
		}
		String callId = this.admission.callId();
		if (this.letGo) {
			// handed off for another node: nothing to end here
		}
		else if (this.joined && this.context.records().ownedElsewhere(this.admission)) {
			// the page resumed the session on another node, which drives it now
			if (!participant().handOff()) {
				this.prepared.release();
			}
		}
		else if (this.joined && LeaveCauses.resumable(this.writer.closedWith(), status) && participant().alive()) {
			// lost without a leave: the participant is kept (media untouched) for the page to resume
			this.context.detached()
				.keep(new DetachedParticipants.Kept(this.admission, this.device, participant(), this.prepared.relay()),
						() -> this.context.rooms().seatFreed(callId));
		}
		else {
			this.prepared.release();
			if (this.joined) {
				this.context.records().delete(this.admission);
			}
		}
		if (this.joined) {
			PresenceCause cause = LeaveCauses.of(this.writer.closedWith(), status);
			this.context.leaves().leave(this.admission, this.id, cause, () -> this.context.rooms().seatFreed(callId));
		}
		else {
			this.context.rooms().seatFreed(callId);
		}
	}

}
