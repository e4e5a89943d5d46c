package io.casecall.room.test;

/**
 * Where the real services of the test stack run. {@code ./dev test} starts them and exports the
 * ports; the defaults match its defaults.
 */
public final class TestStack {

	private TestStack() {
	}

	public static int redisPort() {
		return Integer.parseInt(env("CASECALL_TEST_REDIS_PORT", "6381"));
	}

	public static int janusWsPort() {
		return Integer.parseInt(env("CASECALL_TEST_JANUS_WS_PORT", "8288"));
	}

	public static int janusAdminPort() {
		return Integer.parseInt(env("CASECALL_TEST_JANUS_ADMIN_PORT", "7288"));
	}

	public static String janusApiSecret() {
		return env("CASECALL_TEST_JANUS_API_SECRET", "");
	}

	public static String janusAdminSecret() {
		return env("CASECALL_TEST_JANUS_ADMIN_SECRET", "");
	}

	/** Spring properties pointing an application context at the test stack. */
	public static String[] properties() {
		return new String[] { "spring.data.redis.port=" + redisPort(),
				"casecall.sfu.janus.url=ws://127.0.0.1:" + janusWsPort(),
				"casecall.sfu.janus.api-secret=" + janusApiSecret(),
				"casecall.sfu.janus.admin-key=" + janusAdminSecret() };
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
