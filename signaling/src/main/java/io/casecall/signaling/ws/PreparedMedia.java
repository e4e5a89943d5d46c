package io.casecall.signaling.ws;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.Admission;
import io.casecall.room.call.Call;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuUnavailableException;

/**
 * One socket's media resources, prepared while the page still shows its preview (pre-warm): the
 * room (through room-service's {@code MediaRooms}), the participant's SFU session and, where joining is invisible to the others (Janus) and
 * {@code casecall.signaling.prewarm-start} allows it, the join itself with its subscriptions. The
 * join only has to wait for what is not ready yet. What a socket prepared is given back when it
 * closes, or when it has sat unjoined for {@code prewarm-hold} ({@link #release()}); a join after
 * that prepares everything itself. With {@code preconnect} ({@link #preconnect()}) the
 * participant's connections are also offered before the join, held by the SFU until it.
 */
final class PreparedMedia {

	private static final Logger log = LoggerFactory.getLogger(PreparedMedia.class);

	private final Admission admission;

	private final SessionContext context;

	private final SessionMediaListener listener;

	private volatile CompletableFuture<SfuParticipant> prepared;

	/** Whether the SFU participant was started (during pre-warm or at the join). */
	private volatile boolean started;

	/** Which participant is the socket's current one: events of earlier ones are not passed on. */
	private final AtomicInteger generation = new AtomicInteger();

	/** Whether the socket closed or gave its pre-warm back: a pre-warm still queued does nothing. */
	private volatile boolean released;

	/**
	 * What the SFU says about the participant passes here on its way to the socket; it outlives the
	 * socket when the participant is kept for a resume ({@link DetachedParticipants}).
	 */
	private volatile RelayListener relay;
	/** The client sent {@code preconnect} (once per socket). Guarded by this. */
	private boolean preconnectAsked;

	/** The participant's media is held by the SFU and was offered before the join. Guarded by this. */
	private boolean held;

	/** The join began: from now on nothing is held any more. Guarded by this. */
	private boolean joinBegun;

	/**
	 * @param prewarm where the pre-warm runs; {@code null} for a socket whose page resumes a kept
	 * session ({@code ?resume=1}): it would be a throwaway, and on Jitsi Videobridge a new endpoint
	 * of the same participant takes the room's record from the endpoint the page resumes
	 */
	PreparedMedia(Admission admission, SessionContext context, SessionMediaListener listener, Executor prewarm) {
		this.admission = admission;
		this.context = context;
		this.listener = listener;
		this.relay = new RelayListener(listener);
		CompletableFuture<SfuParticipant> prepared;
		try {
			prepared = (prewarm != null) ? CompletableFuture.supplyAsync(this::prewarm, prewarm)
					: CompletableFuture.failedFuture(new SfuUnavailableException("Not pre-warmed: the page resumes"));
		}
		catch (RejectedExecutionException ex) {
			// the node is busy preparing for other sockets: this one's join prepares for itself
			prepared = CompletableFuture.failedFuture(new SfuUnavailableException("Not pre-warmed: node busy"));
		}
		this.prepared = prepared;
	}

	/**
	 * The participant for a join: waits for the pre-warm (at most {@code prewarm-timeout}), or
	 * tries once more when the SFU was unreachable when the socket opened.
	 * @throws SfuUnavailableException when the media server does not answer in time
	 */
	SfuParticipant forJoin() {
		if (this.prepared.isCompletedExceptionally() || this.released) {
			// not pre-warmed (SFU unreachable, node busy, held too long unjoined): prepare now
			this.released = false;
			this.started = false;
			this.prepared = CompletableFuture.completedFuture(connect());
		}
		try {
			return this.prepared.get(this.context.properties().prewarmTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : new IllegalStateException(ex);
		}
		catch (TimeoutException ex) {
			throw new SfuUnavailableException("The media server did not answer in time");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The client asked to connect its media before the join ({@code preconnect}): as soon as the
	 * pre-warmed participant has started, and if its SFU can hold media, its media is held and what
	 * the SFU said so far goes to the client now (the rest follows at once). Otherwise nothing
	 * changes: the offers wait for {@code joined} as without {@code preconnect}, and the join never
	 * depends on this having happened.
	 * @return {@code false} when the socket asked already
	 */
	synchronized boolean preconnect() {
		if (this.preconnectAsked) {
			return false;
		}
		this.preconnectAsked = true;
		CompletableFuture<SfuParticipant> prepared = this.prepared;
		prepared.thenAccept((participant) -> hold(prepared, participant));
		return true;
	}

	private synchronized void hold(CompletableFuture<SfuParticipant> prepared, SfuParticipant participant) {
		if (this.released || this.joinBegun || prepared != this.prepared || !this.started
				|| !participant.holdsMedia()) {
			return; // given back, joined meanwhile, not started at the pre-warm, or an SFU that cannot hold
		}
		try {
			participant.hold();
		}
		catch (RuntimeException ex) {
			log.debug("Not pre-connected (the SFU did not hold): {}", ex.getMessage());
			return;
		}
		this.held = true;
		this.listener.release();
	}

	/** The join begins: nothing is held from now on (a pre-connection still on its way is not made). */
	synchronized void joinBegins() {
		this.joinBegun = true;
	}

	/** Whether the participant's media was held for a pre-connection (then the join resumes it). */
	synchronized boolean held() {
		return this.held;
	}

	/** Starts the participant unless the pre-warm did (after {@code joined} went out). */
	void startOnce(SfuParticipant participant) {
		if (!this.started) {
			participant.start();
			this.started = true;
		}
	}

	/** The participant of a joined socket (ready since the join). */
	SfuParticipant joined() {
		return this.prepared.join();
	}

	/**
	 * Gives the SFU resources back, now or once the pre-warm finishes (a pre-warm that has not
	 * started yet does not start). A join afterwards prepares them again.
	 */
	synchronized void release() {
		this.released = true;
		this.generation.incrementAndGet(); // what it still says is not passed on
		if (this.held && !this.joinBegun) {
			// a pre-connected page closes its connections to the participant given back
			this.held = false;
			this.listener.holdAgain();
		}
		else {
			this.listener.discardHeld();
		}
		this.prepared.thenAccept(SfuParticipant::close);
	}

	/** The relay of the joined participant (a lost socket hands it over with the participant). */
	RelayListener relay() {
		return this.relay;
	}

	/**
	 * The socket resumes a participant kept after its earlier socket was lost: what this socket
	 * prepared is given back, and the kept participant (started long ago) is this socket's from now
	 * on, what the SFU said meanwhile first.
	 * @return {@code false} (nothing adopted) when the SFU said more meanwhile than was held
	 */
	boolean adopt(SfuParticipant participant, RelayListener kept) {
		release();
		if (!kept.attach(this.listener)) {
			return false;
		}
		this.relay = kept;
		this.prepared = CompletableFuture.completedFuture(participant);
		this.started = true;
		this.released = false;
		return true;
	}

	/**
	 * The socket resumes a participant whose session another node left (it died or shut down):
	 * {@code restore} takes it over with this socket's new relay as listener; only then is what this
	 * socket prepared given back.
	 * @return the participant, or {@code null} (it was ended again, nothing changed) when it does not
	 * hold every connection in {@code pcs}
	 * @throws io.casecall.room.sfu.SfuException when it cannot be taken over (nothing changed)
	 */
	SfuParticipant restore(Function<SfuListener, SfuParticipant> restore, List<String> pcs) {
		RelayListener relay = new RelayListener(this.listener);
		SfuParticipant participant = restore.apply(relay);
		if (!pcs.stream().allMatch(participant::holds)) {
			participant.close();
			return null;
		}
		release();
		this.relay = relay;
		this.prepared = CompletableFuture.completedFuture(participant);
		this.started = true;
		this.released = false;
		return participant;
	}

	/**
	 * The SFU instance of the socket's current participant ({@link SfuParticipant#instance()}), or
	 * {@code null}: none ready, given back, or an adapter that does not tell.
	 */
	String instance() {
		CompletableFuture<SfuParticipant> prepared = this.prepared;
		if (this.released || !prepared.isDone() || prepared.isCompletedExceptionally()) {
			return null;
		}
		return prepared.join().instance();
	}

	/** Whether resources are held for a socket that has not joined (pre-warm done and not given back). */
	boolean holding() {
		return !this.released && this.prepared.isDone() && !this.prepared.isCompletedExceptionally();
	}

	private SfuParticipant prewarm() {
		if (this.released) {
			throw new SfuUnavailableException("Not pre-warmed: the socket is gone");
		}
		return connect();
	}

	private SfuParticipant connect() {
		Call call = this.admission.call();
		int generation = this.generation.incrementAndGet();
		SfuListener listener = new CurrentListener(this.relay, () -> this.generation.get() == generation);
		SfuParticipant participant = this.context.rooms()
			.connect(call, this.admission.participantId(), call.displayName(this.admission.role()), listener);
		if (this.context.properties().prewarmStart() && participant.startsBeforeJoin()) {
			try {
				participant.start();
			}
			catch (RuntimeException ex) {
				// a participant that could not join its room is given back, not left to keep its
				// SFU session alive with nobody holding it
				participant.close();
				throw ex;
			}
			this.started = true;
		}
		return participant;
	}

}
