package io.casecall.signaling.ratelimit;

import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The buckets' Redis commands, taken on first use rather than at startup, so the application
 * starts (and limits per node) while Redis is down. They go over the application's own shared
 * Lettuce connection (standalone, Sentinel or Cluster, as {@code casecall.redis.mode} built it; a
 * bucket's script touches one key, so it is routed to that key's slot), so they also fail at once
 * while disconnected and recover by themselves. A failed first connect is not retried for a
 * second: requests meanwhile fall back to node-local buckets at once.
 */
final class LazyRedis<K> implements RedisApi<K> {

	private static final long RETRY_NANOS = 1_000_000_000L;

	private final RedisConnectionFactory factory;

	private volatile RedisClusterAsyncCommands<K, byte[]> commands;

	private volatile long nextAttempt;

	LazyRedis(RedisConnectionFactory factory) {
		this.factory = factory;
	}

	@Override
	public <V> RedisFuture<V> eval(String script, ScriptOutputType scriptOutputType, K[] keys, byte[][] args) {
		return commands().eval(script, scriptOutputType, keys, args);
	}

	@Override
	public RedisFuture<byte[]> get(K key) {
		return commands().get(key);
	}

	@Override
	public RedisFuture<?> delete(K key) {
		return commands().del(key);
	}

	/** Connects now if it can (off the request path); a failure is left for the first request to meet. */
	void warmUp() {
		try {
			commands();
		}
		catch (RuntimeException ex) {
			// Redis is not there yet: requests limit per node until it is
		}
	}

	/** The shared connection belongs to the connection factory, which closes it. */
	void close() {
		this.commands = null;
	}

	/**
	 * The shared connection's asynchronous commands (keys and values as byte arrays; Bucket4j
	 * hands keys over as {@code K[]}, an {@code Object[]} at run time).
	 */
	@SuppressWarnings("unchecked")
	private RedisClusterAsyncCommands<K, byte[]> commands() {
		RedisClusterAsyncCommands<K, byte[]> open = this.commands;
		if (open != null) {
			return open;
		}
		synchronized (this) {
			if (this.commands == null) {
				if (System.nanoTime() - this.nextAttempt < 0) {
					throw new RedisConnectionException("Rate limit store not connected");
				}
				try (RedisConnection connection = this.factory.getConnection()) {
					this.commands = (RedisClusterAsyncCommands<K, byte[]>) (RedisClusterAsyncCommands<?, byte[]>) connection
						.getNativeConnection();
				}
				catch (RuntimeException ex) {
					this.nextAttempt = System.nanoTime() + RETRY_NANOS;
					throw ex;
				}
			}
			return this.commands;
		}
	}

}
