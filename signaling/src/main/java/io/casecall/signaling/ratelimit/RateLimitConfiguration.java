package io.casecall.signaling.ratelimit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.micrometer.core.instrument.MeterRegistry;

import io.casecall.signaling.security.ApiKeyFilter;
import io.casecall.signaling.system.ProblemWriter;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Bucket4j with its Lettuce backend: limits by address before the key filters (order 5), the
 * limit per API key right after them (order 12).
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean(destroyMethod = "close")
	LazyRedis<byte[]> rateLimitRedis(RedisConnectionFactory factory) {
		LazyRedis<byte[]> redis = new LazyRedis<>(factory);
		java.util.concurrent.CompletableFuture.runAsync(redis::warmUp);
		return redis;
	}

	@Bean
	Buckets rateLimitBuckets(LazyRedis<byte[]> redis, RateLimitProperties properties, MeterRegistry meters) {
		return new Buckets(new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(redis)
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(java.time.Duration.ofSeconds(5)))
			.requestTimeout(properties.redisTimeout())
			.build(), properties.keyPrefix(), properties.localBuckets(), meters);
	}

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilter(Buckets buckets, RateLimitProperties properties,
			ProblemWriter problems) {
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
				new RateLimitFilter(buckets, properties, problems));
		registration.addUrlPatterns("/api/*", RateLimitFilter.SOCKET_PATH);
		registration.setOrder(5);
		registration.setEnabled(properties.enabled());
		return registration;
	}

	@Bean
	FilterRegistrationBean<ApiKeyLimitFilter> apiKeyLimitFilter(Buckets buckets, RateLimitProperties properties,
			ProblemWriter problems) {
		FilterRegistrationBean<ApiKeyLimitFilter> registration = new FilterRegistrationBean<>(
				new ApiKeyLimitFilter(buckets, properties, problems));
		registration.addUrlPatterns(ApiKeyFilter.API_PATHS);
		registration.setOrder(12);
		registration.setEnabled(properties.enabled());
		return registration;
	}

}
