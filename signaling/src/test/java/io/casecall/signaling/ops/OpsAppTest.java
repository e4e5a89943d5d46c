package io.casecall.signaling.ops;

import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;

import io.casecall.room.test.MutableClock;
import io.casecall.signaling.support.TestApp;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
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

	/**
	 * The room service's test application (room-service test jar) is picked up by the component
	 * scan and brings a stopped {@link MutableClock}. Each test starts at the real time, so the
	 * calls it makes are the newest and the windows are where a person would expect them.
	 */
	@Autowired
	ObjectProvider<MutableClock> testClock;

	@BeforeEach
	void clockAtNow() {
		this.testClock.ifAvailable((clock) -> clock.set(Instant.now()));
	}

}
