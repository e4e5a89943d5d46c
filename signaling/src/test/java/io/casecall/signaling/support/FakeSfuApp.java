package io.casecall.signaling.support;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the socket tests of the whole application share: the test stack's properties
 * ({@link TestApp#properties}), the random port and the in-memory SFU. Subclasses carry their own
 * {@code @SpringBootTest} (with their properties) and {@code @Import(TestApp.WithFakeSfu.class)}.
 */
public abstract class FakeSfuApp {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

	@LocalServerPort
	protected int port;

	@Autowired
	protected FakeSfuGateway sfu;

}
