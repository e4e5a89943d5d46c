package io.casecall.room.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisHashAsyncCommands;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;

/**
 * Reads that fetch many keys at once. Spring's pipelining is not available on a Redis Cluster
 * connection, so the commands go out together on Lettuce's own asynchronous API (one connection
 * per node in a cluster, each key's command routed to its slot) and are awaited together.
 */
public final class RedisReads {

	private static final long TIMEOUT_SECONDS = 5;

	private RedisReads() {
	}

	/** Every field of each hash, in the order of {@code keys}; an empty map for a missing hash. */
	@SuppressWarnings("unchecked")
	public static List<Map<Object, Object>> hashes(RedisConnection connection, List<String> keys) {
		RedisHashAsyncCommands<byte[], byte[]> async = (RedisHashAsyncCommands<byte[], byte[]>) connection
			.getNativeConnection();
		List<RedisFuture<Map<byte[], byte[]>>> futures = new ArrayList<>(keys.size());
		for (String key : keys) {
			futures.add(async.hgetall(key.getBytes(StandardCharsets.UTF_8)));
		}
		List<Map<Object, Object>> rows = new ArrayList<>(keys.size());
		for (RedisFuture<Map<byte[], byte[]>> future : futures) {
			Map<byte[], byte[]> fields = await(future);
			Map<Object, Object> row = new LinkedHashMap<>();
			if (fields != null) {
				fields.forEach((name, value) -> row.put(new String(name, StandardCharsets.UTF_8),
						new String(value, StandardCharsets.UTF_8)));
			}
			rows.add(row);
		}
		return rows;
	}

	private static <T> T await(RedisFuture<T> future) {
		try {
			return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new QueryTimeoutException("Interrupted while reading from Redis", ex);
		}
		catch (TimeoutException ex) {
			throw new QueryTimeoutException("Redis did not answer", ex);
		}
		catch (ExecutionException ex) {
			throw new RedisSystemException("Redis read failed", ex.getCause());
		}
	}

}
