package io.casecall.room.sfu.jvb;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.casecall.room.system.RedisKeys;

import static io.casecall.room.system.RedisGuard.guarded;

/**
 * A room's Jitsi Videobridge state in Redis, one hash per room ({@code cc:jvb:{<roomId>}}), so any
 * signaling node can re-offer any participant: {@code conference} (the conference exists on the
 * bridge, with its feedback sources) and {@code p:<participantId>} (each participant's
 * {@link EndpointRecord}). Deleted when the room is
 * released; {@code casecall.sfu.jvb.state-ttl} bounds it otherwise.
 */
class JvbRoomStore {

	private static final String CONFERENCE = "conference";

	private static final String PARTICIPANT = "p:";

	private static final RedisScript<Long> PUT = RedisScript.of("""
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			return 1
			""", Long.class);

	/** Replaces a participant's record only while it is still that endpoint's (the room may be gone). */
	private static final RedisScript<Long> UPDATE = RedisScript.of("""
			local current = redis.call('HGET', KEYS[1], ARGV[1])
			if not current or cjson.decode(current)['endpoint'] ~= ARGV[3] then return 0 end
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			return 1
			""", Long.class);

	/**
	 * Removes a participant if the record is still the given endpoint's (a newer session of the
	 * same participant may have replaced it). Returns the participants left, or -1 when the room
	 * is gone (released). With nobody left the bridge expires the conference by itself, so the
	 * {@code conference} field goes too.
	 */
	private static final RedisScript<Long> REMOVE = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
			local field = 'p:' .. ARGV[1]
			local current = redis.call('HGET', KEYS[1], field)
			if current and cjson.decode(current)['endpoint'] == ARGV[2] then
			  redis.call('HDEL', KEYS[1], field)
			end
			local left = 0
			for _, name in ipairs(redis.call('HKEYS', KEYS[1])) do
			  if string.sub(name, 1, 2) == 'p:' then left = left + 1 end
			end
			if left == 0 then redis.call('HDEL', KEYS[1], 'conference') end
			return left
			""", Long.class);

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final Duration ttl;

	JvbRoomStore(StringRedisTemplate redis, JsonMapper json, Duration ttl) {
		this.redis = redis;
		this.json = json;
		this.ttl = ttl;
	}

	Room load(String roomId) {
		Map<Object, Object> fields = guarded(() -> this.redis.opsForHash().entries(key(roomId)));
		ConferenceRecord conference = null;
		Map<String, EndpointRecord> participants = new LinkedHashMap<>();
		for (Map.Entry<Object, Object> field : fields.entrySet()) {
			String name = (String) field.getKey();
			String value = (String) field.getValue();
			if (name.equals(CONFERENCE)) {
				conference = this.json.readValue(value, ConferenceRecord.class);
			}
			else if (name.startsWith(PARTICIPANT)) {
				participants.put(name.substring(PARTICIPANT.length()), this.json.readValue(value, EndpointRecord.class));
			}
		}
		return new Room(conference, participants);
	}

	void saveConference(String roomId, ConferenceRecord conference) {
		put(roomId, CONFERENCE, this.json.writeValueAsString(conference));
	}

	void forgetConference(String roomId) {
		guarded(() -> this.redis.opsForHash().delete(key(roomId), CONFERENCE));
	}

	/** Records a participant that just joined (replacing an earlier session's record). */
	void saveParticipant(String roomId, EndpointRecord record) {
		put(roomId, PARTICIPANT + record.participantId(), this.json.writeValueAsString(record));
	}

	/**
	 * Updates a participant's record; {@code false} when it is no longer there (the room was
	 * released or lost, or a newer session of the participant replaced it).
	 */
	boolean updateParticipant(String roomId, EndpointRecord record) {
		Long updated = guarded(() -> this.redis.execute(UPDATE, List.of(key(roomId)),
				PARTICIPANT + record.participantId(), this.json.writeValueAsString(record), record.endpoint(),
				millis()));
		return updated != null && updated == 1L;
	}

	/** See {@link #REMOVE}: participants left in the room, or -1 when the room is gone. */
	long removeParticipant(String roomId, String participantId, String endpoint) {
		Long left = guarded(() -> this.redis.execute(REMOVE, List.of(key(roomId)), participantId, endpoint));
		return (left != null) ? left : -1;
	}

	void delete(String roomId) {
		guarded(() -> this.redis.delete(key(roomId)));
	}

	static String key(String roomId) {
		return RedisKeys.jvbRoom(roomId);
	}

	private void put(String roomId, String field, String value) {
		guarded(() -> this.redis.execute(PUT, List.of(key(roomId)), field, value, millis()));
	}

	private String millis() {
		return String.valueOf(this.ttl.toMillis());
	}

	/** The conference exists on the bridge; {@code feedback} are its feedback sources. */
	record ConferenceRecord(String bridge, FeedbackSources feedback) {
	}

	/** A room as loaded: the conference (or {@code null}) and its participants by id. */
	record Room(ConferenceRecord conference, Map<String, EndpointRecord> participants) {

		boolean hasOthers(String participantId) {
			return this.participants.keySet().stream().anyMatch((id) -> !id.equals(participantId));
		}

		/** Other participants that send media, in a stable order (by participant id). */
		List<Slot> sendingExcept(String participantId) {
			return this.participants.values()
				.stream()
				.filter((record) -> !record.participantId().equals(participantId))
				.map(EndpointRecord::asSlot)
				.filter(Objects::nonNull)
				.sorted(Comparator.comparing(Slot::participantId))
				.toList();
		}

	}

}
