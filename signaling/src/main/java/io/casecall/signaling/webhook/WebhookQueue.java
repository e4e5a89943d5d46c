package io.casecall.signaling.webhook;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The delivery queue in Redis: one stream per endpoint read by one consumer group (every node a
 * consumer), a hash per delivery (its state, kept for the retention), a sorted set of retries by
 * due time, a recent list and a dead-letter set. Every state change is one script, so a node that
 * dies between two steps leaves a pending entry that another node claims, never a lost one.
 */
@Component
class WebhookQueue {

	static final String GROUP = "casecall";

	private final StringRedisTemplate redis;

	private final WebhookProperties properties;

	private final Clock clock;

	private final RedisScript<Long> enqueueScript = script("enqueue", Long.class);

	private final RedisScript<Long> settleScript = script("settle", Long.class);

	private final RedisScript<Long> promoteScript = script("promote", Long.class);

	private final RedisScript<String> replayScript = script("replay", String.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> claimScript = script("claim", List.class);

	WebhookQueue(StringRedisTemplate redis, WebhookProperties properties, Clock clock) {
		this.redis = redis;
		this.properties = properties;
		this.clock = clock;
	}

	/** One endpoint's share of an event. */
	record Target(String endpoint, String deliveryId) {
	}

	/** An entry read from an endpoint's stream. */
	record Entry(String entryId, String deliveryId) {
	}

	/** Enqueues an event for its endpoints once; {@code false} when this event id was enqueued before. */
	boolean enqueue(String eventId, String type, String callId, String body, List<Target> targets) {
		List<String> keys = new ArrayList<>(List.of(key("seen:" + eventId), key("recent")));
		List<String> args = new ArrayList<>(List.of(seconds(), now(), String.valueOf(this.properties.streamMaxLength()),
				String.valueOf(this.properties.recentSize()), eventId, type, callId, body));
		for (Target target : targets) {
			keys.add(stream(target.endpoint()));
			keys.add(delivery(target.deliveryId()));
			args.add(target.deliveryId());
			args.add(target.endpoint());
		}
		return Long.valueOf(1).equals(this.redis.execute(this.enqueueScript, keys, args.toArray()));
	}

	/** Creates the group when missing and claims entries a dead consumer left unsettled. */
	List<Entry> claim(String endpoint, String consumer, int count) {
		List<?> flat = this.redis.execute(this.claimScript, List.of(stream(endpoint)), GROUP, consumer,
				String.valueOf(this.properties.claimIdle().toMillis()), String.valueOf(count));
		List<Entry> entries = new ArrayList<>();
		for (int i = 0; flat != null && i + 1 < flat.size(); i += 2) {
			entries.add(new Entry((String) flat.get(i), (String) flat.get(i + 1)));
		}
		return entries;
	}

	/** Up to {@code count} new entries of an endpoint's stream for this consumer (no waiting). */
	List<Entry> read(String endpoint, String consumer, int count) {
		List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
			.read(Consumer.from(GROUP, consumer), StreamReadOptions.empty().count(count),
					StreamOffset.create(stream(endpoint), ReadOffset.lastConsumed()));
		if (records == null) {
			return List.of();
		}
		return records.stream().map((r) -> new Entry(r.getId().getValue(), (String) r.getValue().get("delivery"))).toList();
	}

	/** A delivery's fields, empty when it is gone. */
	Map<Object, Object> find(String deliveryId) {
		return this.redis.opsForHash().entries(delivery(deliveryId));
	}

	/** Records an attempt's outcome and acknowledges the entry. */
	void settle(String endpoint, Entry entry, String outcome, long nextAttemptMs, int attempts, Integer status,
			String error) {
		this.redis.execute(this.settleScript,
				List.of(delivery(entry.deliveryId()), stream(endpoint), key("recent"), key("retry"), key("dead")), GROUP,
				entry.entryId(), outcome, now(), String.valueOf(nextAttemptMs), String.valueOf(attempts),
				(status != null) ? String.valueOf(status) : "", (error != null) ? error : "", seconds(),
				String.valueOf(this.properties.recentSize()), endpoint + ":" + entry.deliveryId());
	}

	/** Acknowledges and drops an entry whose delivery is settled or gone. */
	void ack(String endpoint, Entry entry) {
		this.redis.opsForStream().acknowledge(stream(endpoint), GROUP, entry.entryId());
		this.redis.opsForStream().delete(stream(endpoint), entry.entryId());
	}

	/** Moves due retries back to their streams; returns how many. */
	long promote(int batch) {
		Long moved = this.redis.execute(this.promoteScript, List.of(key("retry")), now(), String.valueOf(batch),
				this.properties.keyPrefix(), String.valueOf(this.properties.streamMaxLength()));
		return (moved != null) ? moved : 0;
	}

	/** Queues a settled delivery again: {@code queued}, {@code not_found} or {@code in_flight}. */
	String replay(String deliveryId, String endpoint) {
		return this.redis.execute(this.replayScript,
				List.of(delivery(deliveryId), stream(endpoint), key("dead"), key("recent")), now(),
				String.valueOf(this.properties.streamMaxLength()), seconds(),
				String.valueOf(this.properties.recentSize()));
	}

	/** Delivery ids, newest first: {@code recent} or {@code dead}. */
	List<String> ids(String list, int limit) {
		Collection<String> ids = this.redis.opsForZSet().reverseRange(key(list), 0, limit - 1L);
		return (ids != null) ? List.copyOf(ids) : List.of();
	}

	long size(String list) {
		Long size = this.redis.opsForZSet().zCard(key(list));
		return (size != null) ? size : 0;
	}

	/** Milliseconds since the oldest unsettled entry of an endpoint's stream was added (0: none). */
	long lagMillis(String endpoint) {
		List<MapRecord<String, Object, Object>> oldest = this.redis.opsForStream()
			.range(stream(endpoint), Range.unbounded(), Limit.limit().count(1));
		if (oldest == null || oldest.isEmpty()) {
			return 0;
		}
		return Math.max(0, this.clock.millis() - oldest.get(0).getId().getTimestamp());
	}

	private String key(String suffix) {
		return this.properties.keyPrefix() + suffix;
	}

	private String stream(String endpoint) {
		return key("s:" + endpoint);
	}

	private String delivery(String id) {
		return key("d:" + id);
	}

	private String now() {
		return String.valueOf(this.clock.millis());
	}

	private String seconds() {
		return String.valueOf(Math.max(1, this.properties.retention().toSeconds()));
	}

	private static <T> RedisScript<T> script(String name, Class<T> type) {
		return RedisScript.of(new ClassPathResource("webhook/" + name + ".lua"), type);
	}

}
