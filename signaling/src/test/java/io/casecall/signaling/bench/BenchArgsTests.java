package io.casecall.signaling.bench;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The benchmark's options: a bad one is a usage error naming it; keys come from the environment. */
class BenchArgsTests {

	private static final Map<String, String> KEYS = Map.of("CASECALL_BENCH_API_KEY", "k",
			"CASECALL_BENCH_JANUS_SECRET", "s", "CASECALL_BENCH_JANUS_ADMIN_KEY", "a");

	@Test
	void keysComeFromTheEnvironmentAndDefaultsFillTheRest() throws Exception {
		Map<String, String> args = BenchArgs.parse(
				new String[] { "--base", "http://localhost:8080", "--janus", "ws://127.0.0.1:8188", "--calls", "3" },
				KEYS);

		assertThat(args).containsEntry("api-key", "k").containsEntry("janus-secret", "s")
			.containsEntry("janus-admin-key", "a").containsEntry("calls", "3").containsEntry("concurrent", "5");
	}

	@Test
	void aZeroOrNonNumericCountIsAUsageError() {
		assertThatExceptionOfType(BenchArgs.UsageException.class).isThrownBy(() -> parse("--concurrent", "0"))
			.withMessageContaining("--concurrent").withMessageContaining("'0'");
		assertThatExceptionOfType(BenchArgs.UsageException.class).isThrownBy(() -> parse("--calls", "many"))
			.withMessageContaining("--calls");
	}

	@Test
	void anUnknownOrValuelessOptionIsAUsageError() {
		assertThatExceptionOfType(BenchArgs.UsageException.class).isThrownBy(() -> parse("--colour", "blue"))
			.withMessageContaining("unknown option '--colour'");
		assertThatExceptionOfType(BenchArgs.UsageException.class).isThrownBy(() -> parse("--calls"))
			.withMessageContaining("--calls needs a value");
	}

	@Test
	void aMissingKeyIsAUsageErrorNamingItsVariable() {
		assertThatExceptionOfType(BenchArgs.UsageException.class)
			.isThrownBy(() -> BenchArgs.parse(new String[] { "--base", "http://x:1", "--janus", "ws://y:2" }, Map.of()))
			.withMessageContaining("CASECALL_BENCH_API_KEY");
	}

	private static Map<String, String> parse(String... extra) throws BenchArgs.UsageException {
		String[] argv = new String[extra.length + 4];
		argv[0] = "--base";
		argv[1] = "http://localhost:8080";
		argv[2] = "--janus";
		argv[3] = "ws://127.0.0.1:8188";
		System.arraycopy(extra, 0, argv, 4, extra.length);
		return BenchArgs.parse(argv, KEYS);
	}

}
