package io.casecall.room.sfu.janus;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * Where the test stack's Janus is ({@code ./dev test} exports its port and secrets) and how tests
 * build gateways for it. Without the environment (a test started from an IDE) the defaults of
 * {@code ./dev} apply and the secrets are read from {@code .casecall/secrets}.
 */
final class JanusTestEnvironment {

	static final Path ROOT = Path.of("").toAbsolutePath().getFileName().toString().equals("room-service")
			? Path.of("..").toAbsolutePath().normalize() : Path.of("").toAbsolutePath();

	private JanusTestEnvironment() {
	}

	static int wsPort() {
		return Integer.parseInt(env("CASECALL_TEST_JANUS_WS_PORT", "8288"));
	}

	static String apiSecret() {
		return secret("CASECALL_TEST_JANUS_API_SECRET", "janus-api-secret");
	}

	/** The VideoRoom {@code admin_key}: the same value as Janus's admin secret. */
	static String adminKey() {
		return secret("CASECALL_TEST_JANUS_ADMIN_SECRET", "janus-admin-secret");
	}

	static URI url(int port) {
		return URI.create("ws://127.0.0.1:" + port);
	}

	/** Settings for a test gateway: short timeouts and reconnect delays. */
	static JanusProperties properties(URI url, Duration requestTimeout) {
		return new JanusProperties(url, apiSecret(), adminKey(), requestTimeout, Duration.ofSeconds(25), 1_800_000, 4,
				Duration.ofMillis(50), Duration.ofMillis(200), "janus-test", true, List.of(), Duration.ofSeconds(1),
				Duration.ofSeconds(60));
	}

	/** A started gateway (it connects in the background). */
	static JanusGateway gateway(JanusProperties properties, MeterRegistry meters) {
		JanusGateway gateway = new JanusGateway(properties, JsonMapper.builder().build(), meters);
		gateway.afterPropertiesSet();
		return gateway;
	}

	/** A started gateway that has connected to the Janus at {@code port}. */
	static JanusGateway connectedGateway(int port, Duration requestTimeout, MeterRegistry meters) {
		JanusGateway gateway = gateway(properties(url(port), requestTimeout), meters);
		await().atMost(Duration.ofSeconds(5)).until(() -> gateway.status().get(0).up());
		return gateway;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	private static String secret(String variable, String file) {
		String value = System.getenv(variable);
		if (value != null && !value.isBlank()) {
			return value;
		}
		Path state = Path.of(env("CASECALL_TEST_STATE", ROOT.resolve(".casecall").toString()));
		try {
			return Files.readString(state.resolve("secrets").resolve(file)).trim();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No " + variable + " and no " + file + "; run the tests with ./dev test",
					ex);
		}
	}

}
