package io.casecall.room.sfu.jvb;

import java.net.http.HttpClient;
import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.casecall.room.sfu.SfuGateway;

/** The Jitsi Videobridge adapter, active with {@code casecall.sfu.type=jvb}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "casecall.sfu.type", havingValue = "jvb")
@EnableConfigurationProperties(JvbProperties.class)
class JvbConfiguration {

	@Bean
	BridgeStates jvbBridgeStates(JvbProperties properties) {
		return new BridgeStates(properties);
	}

	@Bean
	ColibriClient colibriClient(JvbProperties properties, JsonMapper json, MeterRegistry meters,
			BridgeStates states) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.connectTimeout())
			.build();
		return new ColibriClient(http, json, meters, properties.requestTimeout(), states);
	}

	@Bean
	BridgeHealthChecker jvbBridgeHealthChecker(JvbProperties properties, ColibriClient colibri,
			BridgeStates states) {
		return new BridgeHealthChecker(properties, colibri, states);
	}

	@Bean
	JvbRoomStore jvbRoomStore(StringRedisTemplate redis, JsonMapper json, JvbProperties properties) {
		return new JvbRoomStore(redis, json, properties.stateTtl());
	}

	@Bean
	JvbRoomEvents jvbRoomEvents(StringRedisTemplate redis, JsonMapper json, RedisMessageListenerContainer container) {
		return new JvbRoomEvents(redis, json, container);
	}

	@Bean
	SfuGateway jvbSfuGateway(JvbProperties properties, ColibriClient colibri, BridgeStates states,
			JvbRoomStore store, JvbRoomEvents events, ObjectProvider<Clock> clock) {
		return new JvbSfuGateway(properties, colibri, states, store, events, clock.getIfAvailable(Clock::systemUTC));
	}

}
