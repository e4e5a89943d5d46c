package io.casecall.room.sfu.janus;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.sfu.SfuGateway;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Which adapter runs, and how its settings bind and validate. */
class JanusWiringTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(Infrastructure.class, JanusGateway.class);

	@Test
	void janusIsTheSfuWhenNoTypeIsConfigured() throws IOException {
		this.contexts.withPropertyValues("casecall.sfu.janus.url=ws://127.0.0.1:" + JanusProcess.freePort())
			.run((context) -> assertThat(context).hasSingleBean(SfuGateway.class)
				.getBean(SfuGateway.class)
				.isInstanceOf(JanusGateway.class));
	}

	@Test
	void anotherSfuTypeLeavesJanusOut() {
		this.contexts.withPropertyValues("casecall.sfu.type=jvb")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JanusGateway.class));
	}

	@Test
	void settingsDefaultToALocalJanusAndRoomsFitFor720p() {
		new ApplicationContextRunner().withUserConfiguration(Infrastructure.class).run((context) -> {
			JanusProperties properties = context.getBean(JanusProperties.class);
			assertThat(properties.url()).isEqualTo(URI.create("ws://127.0.0.1:8188"));
			assertThat(properties.apiSecret()).isEmpty();
			assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.keepaliveInterval()).isEqualTo(Duration.ofSeconds(25));
			assertThat(properties.roomBitrate()).isEqualTo(1_800_000);
			assertThat(properties.roomPublishers()).isEqualTo(4);
			assertThat(properties.reconnectDelayMin()).isEqualTo(Duration.ofMillis(250));
			assertThat(properties.reconnectDelayMax()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.instanceName()).isEqualTo("janus");
		});
	}

	@Test
	void aKeepaliveSlowerThanJanusSessionTimeoutIsRefused() {
		new ApplicationContextRunner().withUserConfiguration(Infrastructure.class)
			.withPropertyValues("casecall.sfu.janus.keepalive-interval=60s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("keepaliveInterval"));
	}

	@Test
	void secretsStayOutOfTheSettingsDescription() {
		new ApplicationContextRunner().withUserConfiguration(Infrastructure.class)
			.withPropertyValues("casecall.sfu.janus.api-secret=api-s3cret", "casecall.sfu.janus.admin-key=adm1n-key")
			.run((context) -> {
				JanusProperties properties = context.getBean(JanusProperties.class);
				assertThat(properties.apiSecret()).isEqualTo("api-s3cret");
				assertThat(properties.toString()).doesNotContain("api-s3cret").doesNotContain("adm1n-key");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(JanusProperties.class)
	static class Infrastructure {

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().build();
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
