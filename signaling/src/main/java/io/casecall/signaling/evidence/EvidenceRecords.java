package io.casecall.signaling.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.system.RedisKeys;
import io.casecall.room.system.StoreUnavailableException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Evidence metadata on the call record ({@code cc:call:{<id>}}, the hash the call feature keeps):
 * one field {@code evidence.<evidenceId>} (JSON) per item, a counter, and the pending photo
 * request. Living in the call's hash, it expires with the call record. The calls that have stored
 * bytes are listed in {@code cc:evidence:calls} (scored by when to look at them next) so the
 * {@link EvidenceSweeper} deletes the bytes once the record is gone.
 */
@Component
class EvidenceRecords {

	/** The call record's key, named where every key is ({@link RedisKeys}). */
	static String callKey(String callId) {
		return RedisKeys.call(callId);
	}

	static final String CALLS = "cc:evidence:calls";

	private static final String FIELD = "evidence.";

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final RedisScript<String> addScript = RedisScript.of(new ClassPathResource("redis/evidence-add.lua"),
			String.class);

	private final RedisScript<String> requestScript = RedisScript
		.of(new ClassPathResource("redis/evidence-request.lua"), String.class);

	EvidenceRecords(StringRedisTemplate redis, JsonMapper json) {
		this.redis = redis;
		this.json = json;
	}

	/** The call's status field, or {@code null} when there is no record. */
	String status(String callId) {
		return (String) guarded(() -> this.redis.opsForHash().get(callKey(callId), "status"));
	}

	/** How many items the call keeps. */
	int count(String callId) {
		Object count = guarded(() -> this.redis.opsForHash().get(callKey(callId), "evidence.count"));
		return (count != null) ? Integer.parseInt(count.toString()) : 0;
	}

	/** Lists the call for the sweeper before bytes are written, so no stored byte is ever unlisted. */
	void willStore(String callId, Instant checkAt) {
		guarded(() -> this.redis.opsForZSet().addIfAbsent(CALLS, callId, checkAt.toEpochMilli()));
	}

	/** Records a stored item; the answer is the script's outcome (see evidence-add.lua). */
	String add(String callId, Evidence evidence, int maxItems, Instant now, Duration requestTtl) {
		return guarded(() -> this.redis.execute(this.addScript, List.of(callKey(callId)), FIELD + evidence.id(),
				this.json.writeValueAsString(evidence), String.valueOf(maxItems),
				(evidence.requestId() != null) ? evidence.requestId() : "", String.valueOf(now.toEpochMilli()),
				String.valueOf(requestTtl.toMillis())));
	}

	/** Records an agent's photo request; the answer is the script's outcome (see evidence-request.lua). */
	String request(String callId, String requestId, Instant now, Duration interval) {
		return guarded(() -> this.redis.execute(this.requestScript, List.of(callKey(callId)), requestId,
				String.valueOf(now.toEpochMilli()), String.valueOf(interval.toMillis())));
	}

	/** The call's items, oldest first; empty when the call has none (or no record). */
	List<Evidence> list(String callId) {
		Map<Object, Object> fields = guarded(() -> this.redis.opsForHash().entries(callKey(callId)));
		List<Evidence> items = new ArrayList<>();
		fields.forEach((name, value) -> {
			String field = name.toString();
			if (field.startsWith(FIELD) && !field.equals("evidence.count") && !field.equals("evidence.request")
					&& !field.equals("evidence.lastRequestAt")) {
				items.add(this.json.readValue(value.toString(), Evidence.class));
			}
		});
		items.sort(Comparator.comparing(Evidence::at).thenComparing(Evidence::id));
		return items;
	}

	/** One item, or {@code null}. */
	Evidence find(String callId, String evidenceId) {
		Object value = guarded(() -> this.redis.opsForHash().get(callKey(callId), FIELD + evidenceId));
		return (value != null) ? this.json.readValue(value.toString(), Evidence.class) : null;
	}

	/** Calls listed for a look at or before {@code now}. */
	List<String> due(Instant now, int limit) {
		return List.copyOf(guarded(() -> this.redis.opsForZSet()
			.rangeByScore(CALLS, Double.NEGATIVE_INFINITY, now.toEpochMilli(), 0, limit)));
	}

	/** Milliseconds the call record has left: -1 kept without expiry (open), -2 gone. */
	long recordTtlMillis(String callId) {
		Long ttl = guarded(() -> this.redis.getExpire(callKey(callId), java.util.concurrent.TimeUnit.MILLISECONDS));
		return (ttl != null) ? ttl : -2;
	}

	void recheck(String callId, Instant at) {
		guarded(() -> this.redis.opsForZSet().add(CALLS, callId, at.toEpochMilli()));
	}

	void forget(String callId) {
		guarded(() -> this.redis.opsForZSet().remove(CALLS, callId));
	}

	private static <T> T guarded(Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (DataAccessResourceFailureException | QueryTimeoutException | RedisSystemException ex) {
			throw new StoreUnavailableException(ex);
		}
	}

}
