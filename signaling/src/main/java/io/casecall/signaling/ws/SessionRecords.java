package io.casecall.signaling.ws;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.call.Admission;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.system.RedisKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import static io.casecall.room.system.RedisGuard.guarded;

/**
 * The SFU sessions of joined participants in Redis ({@code cc:sfu-session:{callId}:<participantId>},
 * the call's slot), so that another node takes one over when its page resumes there: this node
 * died ({@code kill -9}) or shut down (1001). A record holds the participant's seat and device
 * (what a resume must match), the node that drives the session, and the adapter's
 * {@link SfuParticipant#snapshot()}. Written at the join and whenever the snapshot changes, its
 * TTL renewed by the heartbeat while the socket is joined: it outlives a lost socket by
 * {@code resume-grace} plus {@link #MARGIN} at least. A join of the seat consumes it
 * ({@link #take}: a resume of the same page restores the session, any other join that takes the
 * seat ends it); the node that drives the session deletes it when the session ends. Every method
 * is best effort: a store that cannot be reached makes a resume on another node impossible, never
 * a join fail.
 */
@Component
class SessionRecords {

	private static final Logger log = LoggerFactory.getLogger(SessionRecords.class);

	/** How much longer than {@code resume-grace} a record lives after its last renewal. */
	static final Duration MARGIN = Duration.ofSeconds(15);

	/** Deletes the record only while this node drives the session (another may have taken it over). */
	private static final RedisScript<Long> DELETE_OWN = RedisScript.of("""
			local current = redis.call('GET', KEYS[1])
			if current and cjson.decode(current)['node'] == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""", Long.class);

	/**
	 * A persisted session.
	 * @param participantId the seat's participant
	 * @param role the seat's role ({@code agent}, {@code customer})
	 * @param device the device whose page may resume it
	 * @param node the node that drove it
	 * @param sfu the adapter's type ({@code janus})
	 * @param snapshot the adapter's {@link SfuParticipant#snapshot()}
	 */
	record Record(String participantId, String role, String device, String node, String sfu, String snapshot) {

		/** Whether a page of {@code admission} on {@code device} resuming {@code resume} may take it over. */
		boolean resumableBy(Admission admission, String otherDevice, ClientMessage.Resume resume) {
			return resume.participantId().equals(admission.participantId())
					&& admission.participantId().equals(this.participantId)
					&& admission.role().wire().equals(this.role) && this.device.equals(otherDevice)
					&& admission.call().sfu().equals(this.sfu);
		}

	}

	/** This node, as a record names it. */
	private final String node = UUID.randomUUID().toString();

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final long ttlMillis;

	SessionRecords(StringRedisTemplate redis, JsonMapper json, SignalingProperties properties) {
		this.redis = redis;
		this.json = json;
		this.ttlMillis = properties.resumeGrace().plus(MARGIN).toMillis();
	}

	/**
	 * Writes (or rewrites) the participant's record, when its session can be taken over.
	 * @return whether there was something to write (the write itself is best effort)
	 */
	boolean save(Admission admission, String device, SfuParticipant participant) {
		String snapshot = participant.snapshot();
		if (snapshot == null) {
			return false;
		}
		Record record = new Record(admission.participantId(), admission.role().wire(), device, this.node,
				admission.call().sfu(), snapshot);
		try {
			String value = this.json.writeValueAsString(record);
			guarded(() -> {
				this.redis.opsForValue().set(key(admission), value, this.ttlMillis, TimeUnit.MILLISECONDS);
				return null;
			});
		}
		catch (RuntimeException ex) {
			log.debug("Could not persist the media session of the {}: {}", admission.role().wire(), ex.getMessage());
		}
		return true;
	}

	/** Renews the TTL of a joined participant's record (heartbeat). */
	void renew(Admission admission) {
		try {
			guarded(() -> this.redis.expire(key(admission), this.ttlMillis, TimeUnit.MILLISECONDS));
		}
		catch (RuntimeException ex) {
			log.debug("Could not renew the media session record: {}", ex.getMessage());
		}
	}

	/**
	 * Takes the seat's record away (a join of the seat consumes it: one node at most restores a
	 * session, and a page that rebuilds leaves none behind).
	 * @return the record, or {@code null}
	 */
	Record take(Admission admission) {
		return read(() -> this.redis.opsForValue().getAndDelete(key(admission)));
	}

	/** The seat's record, left in place; {@code null} when there is none (or it cannot be read). */
	Record peek(Admission admission) {
		return read(() -> this.redis.opsForValue().get(key(admission)));
	}

	private Record read(Supplier<String> command) {
		try {
			String value = guarded(command);
			return (value != null) ? this.json.readValue(value, Record.class) : null;
		}
		catch (RuntimeException ex) {
			log.debug("Could not read the media session record: {}", ex.getMessage());
			return null;
		}
	}

	/** Whether a record was written by another node (its page resumed there): not ours to end. */
	boolean ownedElsewhere(Admission admission) {
		Record record = peek(admission);
		return record != null && !ours(record);
	}

	/** The session was ended here: its record goes, unless another node has taken it over. */
	void delete(Admission admission) {
		try {
			guarded(() -> this.redis.execute(DELETE_OWN, List.of(key(admission)), this.node));
		}
		catch (RuntimeException ex) {
			log.debug("Could not delete the media session record: {}", ex.getMessage());
		}
	}

	/** Whether a record was written by this node. */
	boolean ours(Record record) {
		return this.node.equals(record.node());
	}

	private static String key(Admission admission) {
		return RedisKeys.sfuSession(admission.callId(), admission.participantId());
	}

}
