package io.casecall.signaling.ratelimit;

import java.time.Duration;

import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The buckets' Redis connection, opened on first use rather than at startup, so the application
 * starts (and limits per node) while Redis is down. It shares the application's Lettuce client,
 * so it also rejects commands at once while disconnected and reconnects by itself. A failed
 * connect is not retried for a second: requests meanwhile fall back to node-local buckets at once.
 */
final class LazyRedis<K> implements RedisApi<K> {

	private static final long RETRY_NANOS = 1_000_000_000L;

	private final LettuceConnectionFactory factory;

	private volatile StatefulRedisConnection<K, byte[]> connection;

	private volatile long nextAttempt;

	LazyRedis(LettuceConnectionFactory factory) {
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

	void close() {
		StatefulRedisConnection<K, byte[]> open = this.connection;
		if (open != null) {
			open.close();
		}
	}

	/** Keys are byte arrays (Bucket4j hands them over as {@code K[]}, an {@code Object[]} at run time). */
	@SuppressWarnings("unchecked")
	private static <K> StatefulRedisConnection<K, byte[]> connect(RedisClient client, RedisURI uri) {
		return (StatefulRedisConnection<K, byte[]>) (StatefulRedisConnection<?, byte[]>) client
			.connect(ByteArrayCodec.INSTANCE, uri);
	}

	/** Where the application's own connections go (host, port, database, TLS, credentials, timeout). */
	private static RedisURI uri(LettuceConnectionFactory factory) {
		RedisStandaloneConfiguration standalone = factory.getStandaloneConfiguration();
		RedisURI.Builder uri = RedisURI.builder()
			.withHost(standalone.getHostName())
			.withPort(standalone.getPort())
			.withDatabase(standalone.getDatabase())
			.withSsl(factory.isUseSsl())
			.withTimeout(Duration.ofMillis(factory.getTimeout()));
		standalone.getPassword().toOptional().ifPresent((password) -> {
			if (standalone.getUsername() != null) {
				uri.withAuthentication(standalone.getUsername(), password);
			}
			else {
				uri.withPassword(password);
			}
		});
		return uri.build();
	}

	private RedisAsyncCommands<K, byte[]> commands() {
		StatefulRedisConnection<K, byte[]> open = this.connection;
		if (open != null) {
			return open.async();
		}
		synchronized (this) {
			if (this.connection == null) {
				if (System.nanoTime() - this.nextAttempt < 0) {
					throw new RedisConnectionException("Rate limit store not connected");
				}
				try {
					if (!(this.factory.getNativeClient() instanceof RedisClient client)) {
						throw new IllegalStateException("Rate limits need a standalone Redis client");
					}
					this.connection = connect(client, uri(this.factory));
				}
				catch (RuntimeException ex) {
					this.nextAttempt = System.nanoTime() + RETRY_NANOS;
					throw ex;
				}
			}
			return this.connection.async();
		}
	}

}
