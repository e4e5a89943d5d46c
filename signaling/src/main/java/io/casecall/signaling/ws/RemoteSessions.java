package io.casecall.signaling.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.Admission;
import io.casecall.room.sfu.SfuParticipant;

/**
 * A join's resume of a session another node left (it died or shut down): the half of
 * {@link SessionDispatch}'s resume that reads {@link SessionRecords} and takes the session over
 * through the room lifecycle (docs/protocol.md, "Resume on another node").
 */
final class RemoteSessions {

	private static final Logger log = LoggerFactory.getLogger(RemoteSessions.class);

	private RemoteSessions() {
	}

	/**
	 * Takes over the session another node left for this page, from its record: only for the same
	 * call, seat and device as the socket's token and join, and only when the restored session
	 * holds every connection the page names.
	 * @return whether {@code session} now holds it; otherwise the join goes on as any other
	 */
	static boolean restore(ParticipantSession session, SessionContext context, ClientMessage.Join join,
			long started) {
		Admission admission = session.admission();
		SessionRecords.Record record = context.records().peek(admission);
		if (record == null || context.records().ours(record)) {
			return false;
		}
		if (!record.resumableBy(admission, join.device(), join.resume())) {
			// left alone: another device is refused the seat, and a join that takes it ends the session
			log.info("Not resumed on this node: the {}'s session record is not this page's", admission.role().wire());
			return false;
		}
		if (!record.equals(context.records().take(admission))) {
			return false; // taken by another socket meanwhile
		}
		SfuParticipant participant;
		try {
			participant = session.restore(started, join.resume().pcs(), (listener) -> context.rooms()
				.restore(admission.call(), admission.participantId(), record.snapshot(), listener));
		}
		catch (RuntimeException ex) {
			log.info("Could not take the {}'s media session over from another node: {}", admission.role().wire(),
					ex.getMessage());
			discard(context, admission, record);
			return false;
		}
		if (participant == null) {
			log.info("Not resumed: the {}'s page names connections its session never had", admission.role().wire());
			return false;
		}
		// recorded as this node's before the seat write: a node still holding the page's old socket
		// learns of the takeover only after it, and then lets the session go instead of ending it
		context.records().save(admission, join.device(), participant);
		log.info("The {} resumed its media session, left by another node, on this node", admission.role().wire());
		return true;
	}

	/** Ends a session another node left for this seat (the page joins anew). */
	static void discard(SessionContext context, Admission admission, SessionRecords.Record record) {
		if (record != null && !context.records().ours(record)) {
			context.rooms().discard(admission.call(), record.snapshot());
		}
	}

}
