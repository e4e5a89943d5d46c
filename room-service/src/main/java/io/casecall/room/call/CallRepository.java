package io.casecall.room.call;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.casecall.room.system.RedisKeys;
import io.casecall.room.system.RedisReads;
import io.casecall.room.token.Role;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisZSetCommands.ZAddArgs;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

import static io.casecall.room.system.RedisGuard.guarded;

/**
 * Call records in Redis. One hash per call ({@code cc:call:{<id>}}) holds the whole record, so a
 * record expires as one piece; every change to it that must be atomic is a Lua script on that
 * one key. Indexes: the case's history ({@code cc:case:{<caseId>}}, by creation time), calls with
 * a pending deadline ({@code cc:calls:due}) and the most recent calls ({@code cc:calls:recent}).
 * Key names: {@link RedisKeys}.
 * <p>
 * Redis Cluster ready: no script touches two slots. An index is written after the record with a
 * command of its own, so an interruption in between leaves at worst an index one step behind
 * (the sweeper and readers skip ids whose records are gone or ended), never a record an index
 * promised that does not exist.
 */
@Repository
class CallRepository {

	private static final int RECENT_CAP = 1000;

	/** Entries kept in a call's presence history (the oldest go first). */
	static final int PRESENCE_CAP = 500;

	private static final String PRESENCE_CAP_ARG = String.valueOf(PRESENCE_CAP);

	private static final String DUE = RedisKeys.DUE_CALLS;

	private static final String RECENT = RedisKeys.RECENT_CALLS;

	/** Orders calls created in the same millisecond (on this node). */
	private static final AtomicInteger sequence = new AtomicInteger();

	private final StringRedisTemplate redis;

	private final RedisScript<Long> createScript = RedisScript.of(new ClassPathResource("redis/create-call.lua"),
			Long.class);

	private final RedisScript<String> idempotencyScript = RedisScript
		.of(new ClassPathResource("redis/claim-idempotency.lua"), String.class);

	private final RedisScript<Long> indexScript = RedisScript.of(new ClassPathResource("redis/index-call.lua"),
			Long.class);

	private final RedisScript<List> claimDueScript = script("claim-due");

	private final RedisScript<List> joinScript = withHistory("join-seat", List.class);

	private final RedisScript<Long> leaveScript = withHistory("leave-seat", Long.class);

	private final RedisScript<List> renewScript = script("renew-seat");

	private final RedisScript<String> expireScript = withHistory("expire-seat", String.class);

	private final RedisScript<List> endScript = withHistory("end-call", List.class);

	private final RedisScript<List> moveInstanceScript = withHistory("move-sfu-instance", List.class);

	private final RedisScript<Long> timingScript = RedisScript.of(new ClassPathResource("redis/record-timing.lua"),
			Long.class);

	private static final RedisScript<String> CLAIM_INSTANCE = RedisScript.of("""
			redis.call('HSETNX', KEYS[1], 'sfuInstance', ARGV[1])
			return redis.call('HGET', KEYS[1], 'sfuInstance')
			""", String.class);

	CallRepository(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/** Result of {@link #create}: what happened and to which call id. */
	record Created(String outcome, String callId) {
	}

	/**
	 * Stores a new call: the record first, then the idempotency key (a retry that finds the key
	 * taken drops the record it just wrote and answers with the remembered call), then the
	 * indexes. {@code idempotencyKey} is the key's name (see {@link RedisKeys#idempotency}) or
	 * {@code null}.
	 */
	Created create(Call call, String idempotencyKey, String requestHash, Duration idempotencyTtl, Duration callTtl,
			Instant dueAt) {
		String key = callKey(call.id());
		List<String> args = new ArrayList<>(List.of(seconds(callTtl)));
		CallCodec.encode(call).forEach((field, value) -> {
			args.add(field);
			args.add(value);
		});
		guarded(() -> this.redis.execute(this.createScript, List.of(key), args.toArray()));
		if (idempotencyKey != null) {
			String remembered = guarded(() -> this.redis.execute(this.idempotencyScript, List.of(idempotencyKey),
					requestHash + "|" + call.id(), seconds(idempotencyTtl)));
			if (remembered != null) {
				guarded(() -> this.redis.delete(key));
				int sep = remembered.indexOf('|');
				String id = remembered.substring(sep + 1);
				return new Created(remembered.substring(0, sep).equals(requestHash) ? "existing" : "conflict", id);
			}
		}
		String order = String.valueOf(call.createdAt().toEpochMilli() * 1000 + sequence.getAndIncrement() % 1000);
		guarded(() -> this.redis.opsForZSet().add(DUE, call.id(), dueAt.toEpochMilli()));
		guarded(() -> this.redis.execute(this.indexScript, List.of(caseKey(call.spec().caseId())), order, call.id(),
				seconds(callTtl), ""));
		guarded(() -> this.redis.execute(this.indexScript, List.of(RECENT), order, call.id(), "",
				String.valueOf(RECENT_CAP)));
		return new Created("created", call.id());
	}

	Call find(String callId) {
		Map<Object, Object> fields = guarded(() -> this.redis.opsForHash().entries(callKey(callId)));
		return fields.isEmpty() ? null : CallCodec.decode(fields);
	}

	/** Calls of a case, newest first; ids whose records have expired are skipped. */
	List<Call> findByCase(String caseId, int limit) {
		Collection<String> ids = guarded(() -> this.redis.opsForZSet().reverseRange(caseKey(caseId), 0, limit - 1));
		return findAll(ids);
	}

	/** The most recently created calls, newest first. */
	List<Call> findRecent(int limit) {
		return findAll(guarded(() -> this.redis.opsForZSet().reverseRange(RECENT, 0, limit - 1)));
	}

	/**
	 * Result of {@link #join}: {@code outcome} is joined, busy, ended or not_found; the seat is set
	 * when joined.
	 */
	record Joined(String outcome, JoinedSeat seat, String replacedSession) {
	}

	/**
	 * The events {@link #join} publishes itself, on {@code channel}: {@code replaced} (its old
	 * session is filled in) when it takes the seat over, then {@code joined} (its status is filled in).
	 */
	record JoinEvents(String channel, String replaced, String joined) {
	}

	/**
	 * Takes a seat and publishes the join's events in one script (one round trip, one slot); then
	 * the call's next sweep is moved to {@code staleAt} at the latest (when the lease could have
	 * gone stale) in the due index, which lives in another cluster slot: a second round trip.
	 * @param resumed the join resumes a media session the server kept (history cause {@code resumed})
	 */
	Joined join(String callId, Role role, String session, String device, Instant now, Instant leaseUntil,
			Instant staleAt, JoinEvents events, boolean resumed) {
		List<?> result = guarded(() -> this.redis.execute(this.joinScript, seatKeys(callId), role.wire(), session,
				device, millis(now), millis(leaseUntil), events.channel(), events.replaced(), events.joined(),
				PRESENCE_CAP_ARG, resumed ? "1" : "0"));
		String outcome = (String) result.get(0);
		if (!"joined".equals(outcome)) {
			return new Joined(outcome, null, null);
		}
		schedule(callId, staleAt, true);
		String replaced = (String) result.get(2);
		JoinedSeat seat = new JoinedSeat(CallStatus.fromWire((String) result.get(1)),
				Integer.parseInt((String) result.get(3)), "1".equals(result.get(4)), "1".equals(result.get(5)),
				"1".equals(result.get(6)));
		return new Joined(outcome, seat, replaced.isEmpty() ? null : replaced);
	}

	/** Lets a seat go and appends the leave, with its cause, to the presence history (one script). */
	boolean leave(String callId, Role role, String session, Instant now, PresenceCause cause) {
		Long left = guarded(() -> this.redis.execute(this.leaveScript, seatKeys(callId), role.wire(), session,
				millis(now), cause.wire(), PRESENCE_CAP_ARG));
		return left != null && left == 1L;
	}

	/** Extends a seat's lease; also returns the room's instance (one round trip, for the heartbeat's check). */
	CallPresence.SeatLease renew(String callId, Role role, String session, Instant leaseUntil) {
		List<?> result = guarded(() -> this.redis.execute(this.renewScript, List.of(callKey(callId)), role.wire(),
				session, millis(leaseUntil)));
		String instance = (result.size() > 1) ? (String) result.get(1) : "";
		return new CallPresence.SeatLease("1".equals(result.get(0)), instance.isEmpty() ? null : instance,
				result.size() > 2 && "ended".equals(result.get(2)));
	}

	/**
	 * Lets a seat go whose lease ran out before {@code staleBefore} (its connection's node stopped
	 * renewing it); it counts as left when the lease ran out.
	 * @return the session that held the seat, or {@code null} when it was renewed or left meanwhile
	 */
	String expireSeat(String callId, Role role, Instant staleBefore) {
		return guarded(() -> this.redis.execute(this.expireScript, seatKeys(callId), role.wire(),
				millis(staleBefore), PRESENCE_CAP_ARG));
	}

	/** Records a seat's microphone/camera state. */
	void media(String callId, Role role, boolean audio, boolean video) {
		String p = role.wire() + ".";
		guarded(() -> {
			this.redis.opsForHash()
				.putAll(callKey(callId), Map.of(p + "audio", audio ? "1" : "0", p + "video", video ? "1" : "0"));
			return null;
		});
	}

	/** Agent tokens issued before {@code from}, and in its second all but {@code linkId}, no longer admit. */
	void revokeAgentTokens(String callId, Instant from, String linkId) {
		guarded(() -> {
			this.redis.opsForHash()
				.putAll(callKey(callId), Map.of("agentTokensFrom", millis(from), "agentLinkId", linkId));
			return null;
		});
	}

	/**
	 * Records the SFU instance of a call's room unless one is recorded (one round trip); returns
	 * the recorded one.
	 */
	String claimSfuInstance(String callId, String instance) {
		return guarded(() -> this.redis.execute(CLAIM_INSTANCE, List.of(callKey(callId)), instance));
	}

	/**
	 * Moves the call's room from instance {@code from} to {@code to} if the record still names
	 * {@code from}, appending {@code sfu_moved} to the history of each seat that joined (one round
	 * trip); returns the instance recorded afterwards ({@code null}: no record or no instance) and
	 * whether this call moved it.
	 */
	CallPresence.SfuMove moveSfuInstance(String callId, String from, String to, Instant now) {
		List<?> result = guarded(() -> this.redis.execute(this.moveInstanceScript, seatKeys(callId), from, to,
				millis(now), PRESENCE_CAP_ARG));
		String instance = (String) result.get(0);
		return new CallPresence.SfuMove(instance.isEmpty() ? null : instance, "1".equals(result.get(1)));
	}

	/** Ends a call; {@code outcome} is ended, already or not_found. */
	String end(String callId, Instant now, EndReason reason, Outcome outcome, String note, Duration retention) {
		List<?> result = guarded(() -> this.redis.execute(this.endScript, seatKeys(callId), callId, millis(now),
				reason.wire(), outcome == null ? "" : outcome.wire(), note == null ? "" : note, seconds(retention),
				PRESENCE_CAP_ARG));
		String ended = (String) result.get(0);
		if ("ended".equals(ended)) {
			unschedule(callId);
		}
		return ended;
	}

	/** Stores a join's timing report once; {@code false} for a duplicate or a call that is gone. */
	boolean recordTiming(String callId, Role role, int join, String json, Instant reportedAt, String member,
			Instant trimBefore) {
		Long stored = guarded(() -> this.redis.execute(this.timingScript, List.of(callKey(callId)),
				"timing." + role.wire() + "." + join, json));
		if (stored == null || stored != 1L) {
			return false;
		}
		if (!member.isEmpty()) {
			guarded(() -> {
				this.redis.opsForZSet().add(timingIndex(role), member, reportedAt.toEpochMilli());
				return this.redis.opsForZSet()
					.removeRangeByScore(timingIndex(role), Double.NEGATIVE_INFINITY, trimBefore.toEpochMilli() - 1);
			});
		}
		return true;
	}

	/** Window index members of a role, with their report time (ms) as score, oldest first. */
	Map<String, Double> timingWindow(Role role, Instant from, Instant to) {
		Set<ZSetOperations.TypedTuple<String>> tuples = guarded(() -> this.redis.opsForZSet()
			.rangeByScoreWithScores(timingIndex(role), from.toEpochMilli(), to.toEpochMilli()));
		Map<String, Double> members = new LinkedHashMap<>();
		if (tuples != null) {
			tuples.forEach((tuple) -> members.put(tuple.getValue(), tuple.getScore()));
		}
		return members;
	}

	private static String timingIndex(Role role) {
		return RedisKeys.connectWindow(role.wire());
	}

	/**
	 * Up to {@code limit} ids of calls whose next deadline is at or before {@code now}, claimed for
	 * this sweeper until {@code claimedUntil} (their deadline moves there; the sweeper sets the real
	 * next one, or ends the call, when it is done with each).
	 */
	@SuppressWarnings("unchecked")
	List<String> claimDue(Instant now, int limit, Instant claimedUntil) {
		List<String> ids = guarded(() -> this.redis.execute(this.claimDueScript, List.of(DUE), millis(now),
				String.valueOf(limit), millis(claimedUntil)));
		return (ids != null) ? List.copyOf(ids) : List.of();
	}

	/** Sets the next deadline of a call; {@code earlierOnly} keeps an earlier one in place. */
	void schedule(String callId, Instant at, boolean earlierOnly) {
		guarded(() -> earlierOnly ? this.redis.execute((RedisCallback<Object>) (
				connection) -> connection.zSetCommands()
					.zAdd(DUE.getBytes(), at.toEpochMilli(), callId.getBytes(),
							ZAddArgs.empty().lt()))
				: this.redis.opsForZSet().add(DUE, callId, at.toEpochMilli()));
	}

	/** Calls not ended: every open call has a deadline in the due set. */
	long openCount() {
		Long count = guarded(() -> this.redis.opsForZSet().zCard(DUE));
		return (count != null) ? count : 0;
	}

	void unschedule(String callId) {
		guarded(() -> this.redis.opsForZSet().remove(DUE, callId));
	}

	/** The records of {@code ids} in that order; ids whose records have expired are skipped. */
	List<Call> findAll(Collection<String> ids) {
		if (ids == null || ids.isEmpty()) {
			return List.of();
		}
		return findEach(List.copyOf(ids)).stream().filter(java.util.Objects::nonNull).toList();
	}

	/** The records of {@code ids}, read together, in their order; {@code null} for one that is gone. */
	List<Call> findEach(List<String> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		List<Map<Object, Object>> rows = guarded(() -> this.redis.execute(
				(RedisCallback<List<Map<Object, Object>>>) (connection) -> RedisReads.hashes(connection,
						ids.stream().map(CallRepository::callKey).toList())));
		List<Call> calls = new ArrayList<>(rows.size());
		for (Map<Object, Object> fields : rows) {
			calls.add(fields.isEmpty() ? null : CallCodec.decode(fields));
		}
		return calls;
	}

	/** A call's presence history, oldest first (by time: a retried leave may have landed late). */
	List<PresenceEntry> presence(String callId) {
		List<String> stored = guarded(() -> this.redis.opsForList().range(RedisKeys.presence(callId), 0, -1));
		if (stored == null) {
			return List.of();
		}
		return stored.stream()
			.map(PresenceEntry::decode)
			.sorted(Comparator.comparing(PresenceEntry::at))
			.toList();
	}

	/** The keys a seat script touches: the call's record and its presence history (one slot). */
	private static List<String> seatKeys(String callId) {
		return List.of(callKey(callId), RedisKeys.presence(callId));
	}

	static String callKey(String callId) {
		return RedisKeys.call(callId);
	}

	private static String caseKey(String caseId) {
		return RedisKeys.caseCalls(caseId);
	}

	private static String seconds(Duration duration) {
		return String.valueOf(Math.max(1, duration.toSeconds()));
	}

	private static String millis(Instant instant) {
		return String.valueOf(instant.toEpochMilli());
	}

	/** A seat script that appends to the presence history: {@code presence-history.lua} goes first. */
	private static <T> RedisScript<T> withHistory(String name, Class<T> type) {
		try {
			String history = new ClassPathResource("redis/presence-history.lua").getContentAsString(StandardCharsets.UTF_8);
			String script = new ClassPathResource("redis/" + name + ".lua").getContentAsString(StandardCharsets.UTF_8);
			return RedisScript.of(history + script, type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("rawtypes")
	private static RedisScript<List> script(String name) {
		return RedisScript.of(new ClassPathResource("redis/" + name + ".lua"), List.class);
	}

}
