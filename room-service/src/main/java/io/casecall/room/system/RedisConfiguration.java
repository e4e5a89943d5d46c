package io.casecall.room.system;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Redis client behaviour: fail fast while Redis is unreachable (commands are rejected at once
 * instead of queueing, so API threads never pile up) and reconnect by itself when it returns.
 * Command and connect timeouts come from {@code spring.data.redis.timeout} and
 * {@code spring.data.redis.connect-timeout}.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

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
