package io.casecall.room.call;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisZSetCommands.ZAddArgs;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;
import io.casecall.room.token.Role;

import static io.casecall.room.system.RedisGuard.guarded;

/**
 * Call records in Redis. One hash per call ({@code cc:call:<id>}) holds the whole record, so a
 * record expires as one piece; every change that must be atomic is a Lua script. Indexes: the
 * case's history ({@code cc:case:<caseId>}, by creation time), calls with a pending deadline
 * ({@code cc:calls:due}) and the most recent calls ({@code cc:calls:recent}).
 * <p>
 * Not Redis Cluster ready: scripts touch several keys of different slots.
 */
@Repository
class CallRepository {

	private static final int RECENT_CAP = 1000;

	private static final String DUE = "cc:calls:due";

	private static final String RECENT = "cc:calls:recent";

	private final StringRedisTemplate redis;

	private final RedisScript<List> createScript = script("create-call");

	private final RedisScript<List> joinScript = script("join-seat");

	private final RedisScript<Long> leaveScript = RedisScript.of(new ClassPathResource("redis/leave-seat.lua"), Long.class);

	private final RedisScript<Long> renewScript = RedisScript.of(new ClassPathResource("redis/renew-seat.lua"), Long.class);

	private final RedisScript<String> expireScript = RedisScript.of(new ClassPathResource("redis/expire-seat.lua"),
			String.class);

	private final RedisScript<List> endScript = script("end-call");

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

	Created create(Call call, String idempotencyKey, String requestHash, Duration idempotencyTtl, Duration callTtl,
			Instant dueAt) {
		List<String> keys = List.of(idempotencyKey == null ? "" : idempotencyKey, callKey(call.id()),
				caseKey(call.spec().caseId()), DUE, RECENT);
		List<String> args = new ArrayList<>(List.of(requestHash == null ? "" : requestHash, call.id(),
				seconds(idempotencyTtl), seconds(callTtl), millis(call.createdAt()), millis(dueAt), seconds(callTtl),
				String.valueOf(RECENT_CAP)));
		CallCodec.encode(call).forEach((field, value) -> {
			args.add(field);
			args.add(value);
		});
		List<?> result = guarded(() -> this.redis.execute(this.createScript, keys, args.toArray()));
		return new Created((String) result.get(0), (String) result.get(1));
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
	 * Takes a seat and publishes the join's events, in one round trip; the call's next sweep is
	 * moved to {@code staleAt} at the latest (when the lease could have gone stale).
	 */
	Joined join(String callId, Role role, String session, String device, Instant now, Instant leaseUntil,
			Instant staleAt, JoinEvents events) {
		List<?> result = guarded(() -> this.redis.execute(this.joinScript, List.of(callKey(callId), DUE), role.wire(),
				session, device, millis(now), millis(leaseUntil), callId, millis(staleAt), events.channel(),
				events.replaced(), events.joined()));
		String outcome = (String) result.get(0);
		if (!"joined".equals(outcome)) {
			return new Joined(outcome, null, null);
		}
		String replaced = (String) result.get(2);
		JoinedSeat seat = new JoinedSeat(CallStatus.fromWire((String) result.get(1)),
				Integer.parseInt((String) result.get(3)), "1".equals(result.get(4)), "1".equals(result.get(5)),
				"1".equals(result.get(6)));
		return new Joined(outcome, seat, replaced.isEmpty() ? null : replaced);
	}

	boolean leave(String callId, Role role, String session, Instant now) {
		Long left = guarded(
				() -> this.redis.execute(this.leaveScript, List.of(callKey(callId)), role.wire(), session, millis(now)));
		return left != null && left == 1L;
	}

	boolean renew(String callId, Role role, String session, Instant leaseUntil) {
		Long held = guarded(() -> this.redis.execute(this.renewScript, List.of(callKey(callId)), role.wire(), session,
				millis(leaseUntil)));
		return held != null && held == 1L;
	}

	/**
	 * Lets a seat go whose lease ran out before {@code staleBefore} (its connection's node stopped
	 * renewing it); it counts as left when the lease ran out.
	 * @return the session that held the seat, or {@code null} when it was renewed or left meanwhile
	 */
	String expireSeat(String callId, Role role, Instant staleBefore) {
		return guarded(() -> this.redis.execute(this.expireScript, List.of(callKey(callId)), role.wire(),
				millis(staleBefore)));
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

	/** Ends a call; {@code outcome} is ended, already or not_found. */
	String end(String callId, Instant now, EndReason reason, Outcome outcome, String note, Duration retention) {
		List<?> result = guarded(() -> this.redis.execute(this.endScript, List.of(callKey(callId), DUE), callId,
				millis(now), reason.wire(), outcome == null ? "" : outcome.wire(), note == null ? "" : note,
				seconds(retention)));
		return (String) result.get(0);
	}

	/** Stores a join's timing report once; {@code false} for a duplicate or a call that is gone. */
	boolean recordTiming(String callId, Role role, int join, String json, Instant reportedAt, String member,
			Instant trimBefore) {
		Long stored = guarded(() -> this.redis.execute(this.timingScript,
				List.of(callKey(callId), timingIndex(role)), "timing." + role.wire() + "." + join, json,
				millis(reportedAt), member, millis(trimBefore)));
		return stored != null && stored == 1L;
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
		return "cc:connect:" + role.wire();
	}

	/** Ids of calls whose next deadline is at or before {@code now}. */
	List<String> due(Instant now, int limit) {
		Collection<String> ids = guarded(
				() -> this.redis.opsForZSet().rangeByScore(DUE, Double.NEGATIVE_INFINITY, now.toEpochMilli(), 0, limit));
		return List.copyOf(ids);
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

	private List<Call> findAll(Collection<String> ids) {
		if (ids == null || ids.isEmpty()) {
			return List.of();
		}
		List<Object> rows = guarded(() -> this.redis.executePipelined((RedisCallback<Object>) (
				connection) -> {
			ids.forEach((id) -> connection.hashCommands().hGetAll(callKey(id).getBytes()));
			return null;
		}));
		List<Call> calls = new ArrayList<>(rows.size());
		for (Object row : rows) {
			if (row instanceof Map<?, ?> fields && !fields.isEmpty()) {
				Map<Object, Object> copy = new LinkedHashMap<>(fields);
				calls.add(CallCodec.decode(copy));
			}
		}
		return calls;
	}

	static String callKey(String callId) {
		return "cc:call:" + callId;
	}

	private static String caseKey(String caseId) {
		return "cc:case:" + caseId;
	}

	private static String seconds(Duration duration) {
		return String.valueOf(Math.max(1, duration.toSeconds()));
	}

	private static String millis(Instant instant) {
		return String.valueOf(instant.toEpochMilli());
	}

	@SuppressWarnings("rawtypes")
	private static RedisScript<List> script(String name) {
		return RedisScript.of(new ClassPathResource("redis/" + name + ".lua"), List.class);
	}

}
