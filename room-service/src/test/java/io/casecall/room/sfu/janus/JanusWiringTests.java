package io.casecall.room.sfu.janus;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.test.JanusProcess;

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
			assertThat(properties.reconnectDelayMax()).isEqualTo(Duration.ofMillis(500));
			assertThat(properties.instances()).isEmpty();
			assertThat(properties.lostAfter()).isEqualTo(Duration.ofSeconds(1));
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
	void severalInstancesBindAndTheSingleUrlStaysOneInstance() {
		new ApplicationContextRunner().withUserConfiguration(Infrastructure.class)
			.withPropertyValues("casecall.sfu.janus.instances[0].id=janus-a",
					"casecall.sfu.janus.instances[0].url=ws://127.0.0.1:8188",
					"casecall.sfu.janus.instances[1].id=janus-b",
					"casecall.sfu.janus.instances[1].url=wss://janus-b.internal:8989")
			.run((context) -> assertThat(context.getBean(JanusProperties.class).effectiveInstances())
				.extracting(JanusProperties.Instance::id, (instance) -> instance.url().toString())
				.containsExactly(org.assertj.core.groups.Tuple.tuple("janus-a", "ws://127.0.0.1:8188"),
						org.assertj.core.groups.Tuple.tuple("janus-b", "wss://janus-b.internal:8989")));
		new ApplicationContextRunner().withUserConfiguration(Infrastructure.class)
			.withPropertyValues("casecall.sfu.janus.url=ws://127.0.0.1:9188", "casecall.sfu.janus.instance-name=solo")
			.run((context) -> assertThat(context.getBean(JanusProperties.class).effectiveInstances())
				.containsExactly(new JanusProperties.Instance("solo", URI.create("ws://127.0.0.1:9188"))));
	}

	@Test
	void instancesWithADuplicateIdOrABadUrlStopTheStartWithAClearMessage() {
		new ApplicationContextRunner().withUserConfiguration(Infrastructure.class)
			.withPropertyValues("casecall.sfu.janus.instances[0].id=janus-a",
					"casecall.sfu.janus.instances[0].url=ws://127.0.0.1:8188",
					"casecall.sfu.janus.instances[1].id=janus-a",
					"casecall.sfu.janus.instances[1].url=ws://127.0.0.1:8288")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("casecall.sfu.janus.instances: every instance needs an id of its own"));
		new ApplicationContextRunner().withUserConfiguration(Infrastructure.class)
			.withPropertyValues("casecall.sfu.janus.instances[0].id=janus-a",
					"casecall.sfu.janus.instances[0].url=http://127.0.0.1:8088/janus")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("instances[0].urlWebSocket")
				.hasMessageContaining("must be a ws:// or wss:// URL with a host"));
		new ApplicationContextRunner().withUserConfiguration(Infrastructure.class)
			.withPropertyValues("casecall.sfu.janus.instances[0].id=janus a",
					"casecall.sfu.janus.instances[0].url=ws://127.0.0.1:8188")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("instances[0].id"));
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
