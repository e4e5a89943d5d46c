package io.casecall.signaling.ops;

import io.casecall.signaling.support.FakeSfuGateway;
import io.casecall.signaling.support.TestApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application the ops integration tests run against: real Redis from the test stack, the
 * in-memory SFU, real HTTP and WebSocket on a random port. One Spring context shared by all of
 * them (same configuration, same property source), so the suite starts it once. The timing
 * tolerance is wide: the reports these tests send carry made-up marks, and on a loaded machine the
 * server's own join can take longer than a made-up connect time (ConnectTimeEvidenceTests checks
 * the tolerance itself).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.sfu.type=fake", "casecall.signaling.timing-tolerance=1s" })
@Import(TestApp.WithFakeSfu.class)
abstract class OpsAppSupport {

	/** The in-memory SFU: tests play its media events (a connected report needs its media-up). */
	@Autowired
	FakeSfuGateway sfu;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

}
