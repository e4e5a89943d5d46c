package io.casecall.signaling.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.Admission;
import io.casecall.room.call.CallEvent;
import io.casecall.room.call.CallEventBus;
import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.signaling.metrics.CallMetrics;

import org.springframework.stereotype.Component;

/**
 * The SFU participants of joined sockets that were lost without a leave (1006, 4408): kept, media
 * untouched, for {@code casecall.signaling.resume-grace}, so that the page, which keeps its peer
 * connections, resumes them on its next socket ({@code join} with {@code resume}). This node owns
 * them until then: a resume takes one over, a join of the seat without a resume, the call's end
 * or the grace running out closes it, and so does a move of the call's room off its SFU instance
 * (unless its page resumed it on another node meanwhile: see
 * {@link SessionRecords}). What the SFU says meanwhile is held by the participant's
 * {@link RelayListener}. A node that stops lets them go for another node instead of ending them.
 */
@Component
class DetachedParticipants {

	private static final Logger log = LoggerFactory.getLogger(DetachedParticipants.class);

	/** A participant with what a resume must match: the call and seat (admission) and the device. */
	record Kept(Admission admission, String device, SfuParticipant participant, RelayListener relay) {

		/** Whether a page of {@code admission} on {@code device} that holds {@code resume.pcs} may take it. */
		boolean resumableBy(Admission other, String otherDevice, ClientMessage.Resume resume) {
			return resume.participantId().equals(other.participantId())
					&& this.admission.participantId().equals(other.participantId())
					&& this.admission.callId().equals(other.callId()) && this.admission.role() == other.role()
					&& this.device.equals(otherDevice) && this.participant.alive() && !this.relay.broken()
					&& resume.pcs().stream().allMatch(this.participant::holds);
		}

	}

	private record Entry(Kept kept, ScheduledFuture<?> expiry) {
	}

	private final Map<String, Entry> byParticipant = new ConcurrentHashMap<>();

	private final SignalingProperties properties;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "casecall-detached");
		thread.setDaemon(true);
		return thread;
	});

	private final SessionRecords records;

	DetachedParticipants(SignalingProperties properties, CallEventBus events, CallMetrics metrics,
			SessionRecords records, SfuGateway gateway) {
		this.properties = properties;
		this.records = records;
		metrics.gauge("casecall.participants.detached",
				"SFU sessions of lost sockets kept on this node for a resume (resume-grace)", this.byParticipant::size);
		events.subscribe((event) -> {
			if (event instanceof CallEvent.Ended ended) {
				this.byParticipant.values()
					.stream()
					.filter((entry) -> entry.kept().admission().callId().equals(ended.callId()))
					.forEach((entry) -> close(entry, "call ended"));
			}
			else if (event instanceof CallEvent.RoomMoved moved && gateway.available(moved.to())) {
				// a resume would bring the page back into the old room: it rejoins in the new one instead
				this.byParticipant.values()
					.stream()
					.filter((entry) -> entry.kept().admission().callId().equals(moved.callId())
							&& moved.from().equals(entry.kept().participant().instance()))
					.forEach((entry) -> close(entry, "the room moved to " + moved.to()));
			}
		});
	}

	/**
	 * Keeps a lost socket's participant for the grace; what the SFU says is held from now on.
	 * @param expired run when the grace ran out and the participant was closed
	 */
	void keep(Kept kept, Runnable expired) {
		kept.relay().detach();
		String key = key(kept.admission());
		try {
			ScheduledFuture<?> expiry = this.timer.schedule(() -> {
				Entry entry = this.byParticipant.get(key);
				if (entry != null && entry.kept() == kept && close(entry, "not resumed in time")) {
					expired.run();
				}
			}, this.properties.resumeGrace().toMillis(), TimeUnit.MILLISECONDS);
			Entry previous = this.byParticipant.put(key, new Entry(kept, expiry));
			if (previous != null) {
				close(previous, "replaced");
			}
			log.info("Kept the media session of the {} of call {} for {} (socket lost)", kept.admission().role().wire(),
					kept.admission().callId(), this.properties.resumeGrace());
		}
		catch (RejectedExecutionException ex) {
			kept.participant().close(); // shutting down
		}
	}

	/**
	 * Takes over the kept participant a joining page asks to resume, when it is its own: the same
	 * call, seat and device, alive, and holding every connection the page names.
	 * @return the participant, no longer kept here; {@code null} when there is none to resume
	 */
	Kept take(Admission admission, String device, ClientMessage.Resume resume) {
		String key = key(admission);
		Entry entry = this.byParticipant.get(key);
		if (entry == null || !entry.kept().resumableBy(admission, device, resume)
				|| !this.byParticipant.remove(key, entry)) {
			return null;
		}
		entry.expiry().cancel(false);
		return entry.kept();
	}

	/** A join of the seat that does not resume: the participant kept for it is closed. */
	void discard(Admission admission) {
		Entry entry = this.byParticipant.get(key(admission));
		if (entry != null) {
			close(entry, "the seat joined again without resuming");
		}
	}

	/** Participants kept for a call on this node (each keeps the call's media room). */
	int count(String callId) {
		return (int) this.byParticipant.values()
			.stream()
			.filter((entry) -> entry.kept().admission().callId().equals(callId))
			.count();
	}

	private boolean close(Entry entry, String why) {
		if (!this.byParticipant.remove(key(entry.kept().admission()), entry)) {
			return false;
		}
		entry.expiry().cancel(false);
		Admission admission = entry.kept().admission();
		if (this.records.ownedElsewhere(admission) && entry.kept().participant().handOff()) {
			log.info("The kept media session of the {} of call {} was resumed on another node ({})",
					admission.role().wire(), admission.callId(), why);
			return true;
		}
		entry.kept().participant().close();
		this.records.delete(admission);
		log.info("Closed the kept media session of the {} of call {} ({})", admission.role().wire(),
				admission.callId(), why);
		return true;
	}

	private static String key(Admission admission) {
		return admission.callId() + "/" + admission.participantId();
	}

	/**
	 * The node stops: kept sessions are persisted and let go, not ended, so that their pages may
	 * still resume them on another node within the grace (the SFU ends them otherwise).
	 */
	@PreDestroy
	void stop() {
		this.timer.shutdownNow();
		for (Entry entry : this.byParticipant.values()) {
			Kept kept = entry.kept();
			this.records.save(kept.admission(), kept.device(), kept.participant());
			if (this.byParticipant.remove(key(kept.admission()), entry) && !kept.participant().handOff()) {
				kept.participant().close();
			}
		}
	}

}
