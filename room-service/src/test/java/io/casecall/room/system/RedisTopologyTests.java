package io.casecall.room.system;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code casecall.redis.mode}: each mode gets its connection configuration, and a mode without
 * what it needs (or an unknown one) stops the start with the setting to fix.
 */
class RedisTopologyTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(RedisConfiguration.class, Settings.class);

	@Test
	void clusterModeConnectsThroughTheSeedNodes() {
		this.runner.withPropertyValues("casecall.redis.mode=cluster",
				"casecall.redis.nodes=127.0.0.1:7000,127.0.0.1:7001", "spring.data.redis.password=secret")
			.run((context) -> {
				RedisClusterConfiguration cluster = context.getBean(RedisClusterConfiguration.class);
				assertThat(cluster.getClusterNodes()).hasSize(2);
				assertThat(cluster.getPassword().get()).containsExactly("secret".toCharArray());
				assertThat(context).doesNotHaveBean(RedisSentinelConfiguration.class);
			});
	}

	@Test
	void sentinelModeFollowsTheNamedMaster() {
		this.runner.withPropertyValues("casecall.redis.mode=SENTINEL", "casecall.redis.master=casecall",
				"casecall.redis.nodes=127.0.0.1:26379").run((context) -> {
					RedisSentinelConfiguration sentinel = context.getBean(RedisSentinelConfiguration.class);
					assertThat(sentinel.getMaster().getName()).isEqualTo("casecall");
					assertThat(sentinel.getSentinels()).hasSize(1);
					assertThat(context).doesNotHaveBean(RedisClusterConfiguration.class);
				});
	}

	@Test
	void standaloneModeLeavesTheSingleServerSettings() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(RedisClusterConfiguration.class);
			assertThat(context).doesNotHaveBean(RedisSentinelConfiguration.class);
		});
	}

	@Test
	void aModeWithoutWhatItNeedsStopsTheStartNamingTheSetting() {
		this.runner.withPropertyValues("casecall.redis.mode=cluster")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("casecall.redis.nodes"));
		this.runner.withPropertyValues("casecall.redis.mode=sentinel", "casecall.redis.nodes=127.0.0.1:26379")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("casecall.redis.master"));
		this.runner.withPropertyValues("casecall.redis.mode=ring")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("casecall.redis.mode"));
	}

	@EnableConfigurationProperties({ DataRedisProperties.class, RedisTopologyProperties.class })
	static class Settings {

		/** Never connected: the beans under test only need one to exist. */
		@Bean
		RedisConnectionFactory redisConnectionFactory() {
			return new LettuceConnectionFactory("127.0.0.1", 1);
		}

	}

}
