package io.casecall.room.call;

import java.nio.file.Files;
import java.nio.file.Path;

import io.casecall.room.system.RoomServiceConfiguration;
import io.casecall.room.test.MutableClock;
import io.casecall.room.test.TestStack;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The room service alone, against the test stack's real Redis, with a clock tests move. The
 * configuration is nested in a test class so that no application's component scan picks it up.
 */
@SpringBootTest(classes = CallIntegrationSupport.App.class)
public abstract class CallIntegrationSupport {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		Path keys = Files.createTempDirectory("casecall-keys");
		registry.add("spring.data.redis.port", TestStack::redisPort);
		registry.add("casecall.token.keys-dir", keys::toString);
		registry.add("casecall.sfu.type", () -> "none");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(RoomServiceConfiguration.class)
	static class App {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock();
		}

	}

}
