package io.casecall.signaling.ws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.casecall.room.call.Admission;
import io.casecall.room.call.Call;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;
import io.casecall.room.sfu.SfuUnavailableException;

/**
 * One socket's media resources, prepared while the page still shows its preview (pre-warm): the
 * room, the participant's SFU session and, where joining is invisible to the others (Janus) and
 * {@code casecall.signaling.prewarm-start} allows it, the join itself with its subscriptions. The
 * join only has to wait for what is not ready yet.
 */
final class PreparedMedia {

	private final Admission admission;

	private final SessionContext context;

	private final SessionMediaListener listener;

	private volatile CompletableFuture<SfuParticipant> prepared;

	/** Whether the SFU participant was started (during pre-warm or at the join). */
	private volatile boolean started;

	PreparedMedia(Admission admission, SessionContext context, SessionMediaListener listener, Executor prewarm) {
		this.admission = admission;
		this.context = context;
		this.listener = listener;
		this.prepared = CompletableFuture.supplyAsync(this::connect, prewarm);
	}

	/**
	 * The participant for a join: waits for the pre-warm (at most {@code prewarm-timeout}), or
	 * tries once more when the SFU was unreachable when the socket opened.
	 * @throws SfuUnavailableException when the media server does not answer in time
	 */
	SfuParticipant forJoin() {
		if (this.prepared.isCompletedExceptionally()) {
			// the SFU was not reachable when the socket opened: one more try now
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

	/** Releases the SFU resources, now or once the pre-warm finishes. */
	void close() {
		this.prepared.thenAccept(SfuParticipant::close);
	}

	private SfuParticipant connect() {
		Call call = this.admission.call();
		SfuRoom room = this.context.rooms().ensure(call);
		SfuParticipant participant = this.context.rooms()
			.gateway()
			.connect(room, this.admission.participantId(), call.displayName(this.admission.role()), this.listener);
		if (this.context.properties().prewarmStart() && participant.startsBeforeJoin()) {
			participant.start();
			this.started = true;
		}
		return participant;
	}

}
