package io.casecall.signaling.ops;

import io.casecall.signaling.support.TestApp;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application the ops integration tests run against: real Redis from the test stack, the
 * in-memory SFU, real HTTP and WebSocket on a random port. One Spring context shared by all of
 * them (same configuration, same property source), so the suite starts it once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "casecall.sfu.type=fake")
@Import(TestApp.WithFakeSfu.class)
abstract class OpsAppTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

}
