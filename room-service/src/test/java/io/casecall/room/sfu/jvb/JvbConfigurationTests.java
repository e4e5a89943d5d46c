package io.casecall.room.sfu.jvb;

import java.net.URI;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.casecall.room.sfu.SfuGateway;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adapter is configuration: on with {@code casecall.sfu.type=jvb} (validated settings with
 * defaults), and with any other type not even its settings are bound, as the room service's
 * package scan would otherwise do.
 */
@ExtendWith(OutputCaptureExtension.class)
class JvbConfigurationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(Infrastructure.class, SfuPackages.class);

	@Test
	void jvbTypeRunsTheAdapterWithDefaultsForEverythingButTheBridges() {
		this.contexts
			.withPropertyValues("casecall.sfu.type=jvb", "casecall.sfu.jvb.bridges[0].name=jvb1",
					"casecall.sfu.jvb.bridges[0].rest-url=http://jvb:8080",
					"casecall.sfu.jvb.bridges[0].public-ws-base=wss://media.example.com")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SfuGateway.class)).isInstanceOf(JvbSfuGateway.class);
				assertThat(context.getBean(SfuGateway.class).type()).isEqualTo("jvb");
				JvbProperties properties = context.getBean(JvbProperties.class);
				assertThat(properties.selection()).isEqualTo("single");
				assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
				assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.healthCheckInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.bridges().get(0).publicWsBase()).isEqualTo(URI.create("wss://media.example.com"));
				assertThat(context).hasSingleBean(BridgeHealthChecker.class);
			});
	}

	@Test
	void pagesMayReachTheBridgesPublicWebSocketOriginsAndNoOther(CapturedOutput output) {
		this.contexts
			.withPropertyValues("casecall.sfu.type=jvb", "casecall.sfu.jvb.bridges[0].name=jvb1",
					"casecall.sfu.jvb.bridges[0].rest-url=http://jvb1:8080",
					"casecall.sfu.jvb.bridges[0].public-ws-base=wss://media.example.com/colibri-ws/",
					"casecall.sfu.jvb.bridges[1].name=jvb2", "casecall.sfu.jvb.bridges[1].rest-url=http://jvb2:8080",
					"casecall.sfu.jvb.bridges[1].public-ws-base=ws://127.0.0.1:19090",
					"casecall.sfu.jvb.bridges[2].name=jvb3", "casecall.sfu.jvb.bridges[2].rest-url=http://jvb3:8080")
			.run((context) -> {
				assertThat(context.getBean(SfuGateway.class).browserOrigins())
					.containsExactly("wss://media.example.com", "ws://127.0.0.1:19090");
				// jvb3's pages would be refused its channel unless its origin is listed: said at startup
				assertThat(output).contains("Bridge jvb3 has no public-ws-base")
					.doesNotContain("Bridge jvb1 has no public-ws-base")
					.doesNotContain("Bridge jvb2 has no public-ws-base");
			});
	}

	@Test
	void anotherTypeLeavesTheAdapterAndItsSettingsAlone() {
		this.contexts.withPropertyValues("casecall.sfu.type=janus").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(JvbSfuGateway.class);
			assertThat(context).doesNotHaveBean(BridgeHealthChecker.class);
			assertThat(context).doesNotHaveBean(JvbProperties.class);
			assertThat(context.getBean(SfuGateway.class).type()).isEqualTo("janus");
		});
	}

	@Test
	void refusesToStartWithoutBridgesWithDuplicateNamesOrAnUnknownStrategy() {
		this.contexts.withPropertyValues("casecall.sfu.type=jvb")
			.run((context) -> assertThat(context).hasFailed());
		this.contexts
			.withPropertyValues("casecall.sfu.type=jvb", "casecall.sfu.jvb.bridges[0].name=jvb1",
					"casecall.sfu.jvb.bridges[0].rest-url=http://a:8080", "casecall.sfu.jvb.bridges[1].name=jvb1",
					"casecall.sfu.jvb.bridges[1].rest-url=http://b:8080")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("bridge names must be unique"));
		this.contexts
			.withPropertyValues("casecall.sfu.type=jvb", "casecall.sfu.jvb.bridges[0].name=jvb1",
					"casecall.sfu.jvb.bridges[0].rest-url=http://a:8080", "casecall.sfu.jvb.selection=round-robin")
			.run((context) -> assertThat(context).hasFailed());
	}

	/** What the application provides to the room service. */
	@Configuration(proxyBeanMethods = false)
	static class Infrastructure {

		@Bean
		LettuceConnectionFactory redisConnectionFactory() {
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", JvbTestRig.REDIS_PORT));
		}

		@Bean
		StringRedisTemplate stringRedisTemplate(LettuceConnectionFactory connections) {
			return new StringRedisTemplate(connections);
		}

		@Bean
		RedisMessageListenerContainer redisMessageListenerContainer(LettuceConnectionFactory connections) {
			RedisMessageListenerContainer container = new RedisMessageListenerContainer();
			container.setConnectionFactory(connections);
			return container;
		}

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().build();
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	/** The SFU part of the room service's scan ({@code RoomServiceConfiguration}). */
	@Configuration(proxyBeanMethods = false)
	@ComponentScan(basePackages = "io.casecall.room.sfu",
			excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*Tests\\$.*"))
	@ConfigurationPropertiesScan("io.casecall.room.sfu")
	static class SfuPackages {

	}

}
