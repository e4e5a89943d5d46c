package io.casecall.signaling.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@link ConnectBench}, checked before anything starts: a bad one is a usage error
 * (exit 2) naming it, not an exception from the middle of a run. Keys and secrets come from the
 * environment ({@code CASECALL_BENCH_API_KEY}, {@code CASECALL_BENCH_JANUS_SECRET},
 * {@code CASECALL_BENCH_JANUS_ADMIN_KEY}) so that they are not on the command line; an option
 * of the same name still wins.
 */
final class BenchArgs {

	static final String USAGE = """
			usage: ConnectBench --base URL --janus WS [--calls N] [--concurrent N] [--out DIR] [--verbose true]
			  [--jvb-base URL --jvb-bridge URL [--jvb-ws WS [--jvb-ws-name NAME]]] [--remote-driver URL --remote-host HOST --network TEXT]
			  [--turn-driver URL (with CASECALL_BENCH_TURN_URLS, CASECALL_BENCH_TURN_SECRET)]
			  keys from CASECALL_BENCH_API_KEY, CASECALL_BENCH_JANUS_SECRET, CASECALL_BENCH_JANUS_ADMIN_KEY""";

	private static final Set<String> OPTIONS = Set.of("base", "janus", "calls", "concurrent", "out", "verbose",
			"jvb-base", "jvb-bridge", "jvb-ws", "jvb-ws-name", "remote-driver", "remote-host", "turn-driver", "network", "api-key", "janus-secret",
			"janus-admin-key");

	private static final Map<String, String> FROM_ENVIRONMENT = Map.of("api-key", "CASECALL_BENCH_API_KEY",
			"janus-secret", "CASECALL_BENCH_JANUS_SECRET", "janus-admin-key", "CASECALL_BENCH_JANUS_ADMIN_KEY");

	private BenchArgs() {
	}

	/** A command line that cannot be run. */
	static final class UsageException extends Exception {

		UsageException(String message) {
			super(message);
		}

	}

	static Map<String, String> parse(String[] argv, Map<String, String> environment) throws UsageException {
		Map<String, String> args = new LinkedHashMap<>(Map.of("calls", "30", "concurrent", "5", "out", "target/bench"));
		for (int i = 0; i < argv.length; i += 2) {
			String option = argv[i].replaceFirst("^--", "");
			if (!argv[i].startsWith("--") || !OPTIONS.contains(option)) {
				throw new UsageException("unknown option '" + argv[i] + "'");
			}
			if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
				throw new UsageException(argv[i] + " needs a value");
			}
			args.put(option, argv[i + 1]);
		}
		FROM_ENVIRONMENT.forEach((option, variable) -> {
			if (!args.containsKey(option) && environment.get(variable) != null) {
				args.put(option, environment.get(variable));
			}
		});
		for (String required : new String[] { "base", "janus", "api-key", "janus-secret", "janus-admin-key" }) {
			if (args.get(required) == null || args.get(required).isBlank()) {
				throw new UsageException("--" + required + " is required"
						+ (FROM_ENVIRONMENT.containsKey(required) ? " (or " + FROM_ENVIRONMENT.get(required) + ")" : ""));
			}
		}
		positive(args, "calls");
		positive(args, "concurrent");
		if (args.containsKey("turn-driver") && (environment.get("CASECALL_BENCH_TURN_URLS") == null
				|| environment.get("CASECALL_BENCH_TURN_SECRET") == null)) {
			throw new UsageException("--turn-driver needs CASECALL_BENCH_TURN_URLS and CASECALL_BENCH_TURN_SECRET");
		}
		if (args.containsKey("turn-driver") && args.containsKey("remote-driver")) {
			throw new UsageException("--turn-driver and --remote-driver do not go together");
		}
		if (args.containsKey("jvb-base") != args.containsKey("jvb-bridge")) {
			throw new UsageException("--jvb-base and --jvb-bridge go together");
		}
		return args;
	}

	private static void positive(Map<String, String> args, String option) throws UsageException {
		String value = args.get(option);
		if (!value.matches("[1-9][0-9]{0,3}")) {
			throw new UsageException("--" + option + " is a whole number from 1 to 9999, not '" + value + "'");
		}
	}

}
