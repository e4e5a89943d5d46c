package io.casecall.room.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.casecall.room.system.RedisKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import static io.casecall.room.system.RedisGuard.guarded;

/**
 * Calls by the time their status changed ({@code cc:calls:changed}, a sorted set scored in ms):
 * what a catch-up reads to find the changes whose follow-up (a webhook) a dying node may have
 * missed, however many calls were created since. The mark goes in <em>before</em> the change is
 * written where that is cheap (create, end), so that no change can land without it; after a
 * seat's first join (the other status changes), on the join's own path. A mark without a change
 * (the write failed after it) costs the reader a look at an unchanged record, nothing more.
 * A call has one entry, at its latest mark (a catch-up of it sends every event its record shows).
 * Entries older than what a reader asks for are dropped by that reader.
 */
@Component
class CallChanges {

	private static final String CHANGED = RedisKeys.CHANGED_CALLS;

	/** Ids read per round trip. */
	private static final int PAGE = 1000;

	private final StringRedisTemplate redis;

	CallChanges(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/** The status of {@code callId} changes (or is about to) at {@code at}. */
	void mark(String callId, Instant at) {
		guarded(() -> this.redis.opsForZSet().add(CHANGED, callId, at.toEpochMilli()));
	}

	/**
	 * The calls whose status changed in [from, to], oldest change first; marks older than
	 * {@code from} are dropped on the way (nobody reads further back).
	 */
	List<String> between(Instant from, Instant to) {
		guarded(() -> this.redis.opsForZSet().removeRangeByScore(CHANGED, Double.NEGATIVE_INFINITY,
				from.toEpochMilli() - 1));
		List<String> ids = new ArrayList<>();
		for (long offset = 0;; offset += PAGE) {
			long skip = offset;
			Set<String> page = guarded(() -> this.redis.opsForZSet()
				.rangeByScore(CHANGED, from.toEpochMilli(), to.toEpochMilli(), skip, PAGE));
			ids.addAll(page);
			if (page.size() < PAGE) {
				return ids;
			}
		}
	}

}
