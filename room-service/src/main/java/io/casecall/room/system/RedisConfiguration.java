package io.casecall.room.system;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The one place Redis connections are set up: Spring Boot's Lettuce connection factory, pointed
 * at one server, a Redis Cluster or the primary behind Sentinels by {@code casecall.redis.mode}
 * (a {@link RedisClusterConfiguration} or {@link RedisSentinelConfiguration} bean switches the
 * factory to a {@code RedisClusterClient} or to a Sentinel {@code RedisURI}). Every template,
 * script, pub/sub listener and the rate limits' Bucket4j go through that factory.
 * <p>
 * Client behaviour: fail fast while Redis is unreachable (commands are rejected at once instead
 * of queueing, so API threads never pile up) and reconnect by itself when it returns (in Sentinel
 * mode to whichever server is the primary then; in a cluster the topology is refreshed when a
 * node moves slots or fails over). Command and connect timeouts come from
 * {@code spring.data.redis.timeout} and {@code spring.data.redis.connect-timeout}.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

	@Bean
	@ConditionalOnProperty(name = "casecall.redis.mode", havingValue = "cluster")
	RedisClusterConfiguration redisClusterConfiguration(RedisTopologyProperties topology,
			DataRedisProperties redis) {
		if (topology.nodes().isEmpty()) {
			throw new IllegalStateException("casecall.redis.mode cluster needs casecall.redis.nodes (host:port, ...)");
		}
		RedisClusterConfiguration cluster = new RedisClusterConfiguration(topology.nodes());
		cluster.setUsername(redis.getUsername());
		cluster.setPassword(RedisPassword.of(redis.getPassword()));
		return cluster;
	}

	@Bean
	@ConditionalOnProperty(name = "casecall.redis.mode", havingValue = "sentinel")
	RedisSentinelConfiguration redisSentinelConfiguration(RedisTopologyProperties topology,
			DataRedisProperties redis) {
		if (topology.nodes().isEmpty() || topology.master().isBlank()) {
			throw new IllegalStateException(
					"casecall.redis.mode sentinel needs casecall.redis.master and casecall.redis.nodes (the Sentinels)");
		}
		RedisSentinelConfiguration sentinel = new RedisSentinelConfiguration(topology.master(),
				new java.util.LinkedHashSet<>(topology.nodes()));
		sentinel.setUsername(redis.getUsername());
		sentinel.setPassword(RedisPassword.of(redis.getPassword()));
		if (!topology.sentinelPassword().isEmpty()) {
			sentinel.setSentinelPassword(topology.sentinelPassword());
		}
		return sentinel;
	}

	/** Reconnect attempts back off from 100 ms to at most 2 s, so recovery follows Redis closely. */
	@Bean
	ClientResourcesBuilderCustomizer quickReconnect() {
		return (builder) -> builder.reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
				TimeUnit.MILLISECONDS));
	}

	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
		return (builder) -> builder.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	/**
	 * Pub/sub for call events. Not started with the context: {@link ListenerStarter} starts it in
	 * the background, so the application starts (and answers 503) while Redis is down. Once
	 * subscribed, the container recovers lost subscriptions by itself.
	 */
	@Bean
	RedisMessageListenerContainer redisMessageListenerContainer(RedisConnectionFactory connectionFactory) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		container.setTaskExecutor(callEventDispatcher());
		container.setAutoStartup(false);
		container.setRecoveryInterval(1000);
		return container;
	}

	/**
	 * Call events reach the subscribers one at a time, in the order Redis delivered them. The
	 * container's default executor starts a thread per message, so two events for the same
	 * socket (a seat replaced, then the new seat joined) could be delivered at once and out of
	 * order, and a message sent just before a close could be lost.
	 */
	private static ThreadPoolTaskExecutor callEventDispatcher() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setDaemon(true);
		executor.setAllowCoreThreadTimeOut(true);
		executor.setKeepAliveSeconds(60);
		executor.setThreadNamePrefix("casecall-call-events-");
		executor.initialize();
		return executor;
	}

	@Bean
	ListenerStarter redisListenerStarter(RedisMessageListenerContainer container) {
		return new ListenerStarter(container);
	}

}
