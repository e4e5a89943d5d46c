package io.casecall.signaling.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link FaultDrill} does to the dev stack: signals to the processes {@code ./dev} started
 * (found by their PID files), the firewall rule that cuts the customer's browser off, and
 * {@code ./dev up} to put everything back.
 */
final class Faults {

	private static final String JOINED = "casecall_participants_connected";

	private final Path run;

	private final Path dev;

	/** Node name -> management port. */
	private final Map<String, Integer> nodes;

	Faults(Path run, Path dev, Map<String, Integer> nodes) {
		this.run = run;
		this.dev = dev;
		this.nodes = nodes;
	}

	void kill(String name) throws IOException, InterruptedException {
		signal(name, "KILL");
	}

	void killNode(String node, boolean graceful) throws IOException, InterruptedException {
		signal(node, graceful ? "TERM" : "KILL");
	}

	void signal(String name, String signal) throws IOException, InterruptedException {
		String pid = Files.readString(this.run.resolve(name + ".pid")).trim();
		command("kill", "-" + signal, pid);
	}

	/**
	 * The customer's network to the call is cut both ways, or no longer: what the user {@code nobody}
	 * (the customer's browser) sends over UDP or to the balancer and coturn, and what comes back on
	 * those flows (chains {@code casecall-drill} and {@code casecall-drill-in}, set up by ./dev drill).
	 */
	void firewall(boolean cut) throws IOException, InterruptedException {
		for (String tool : new String[] { "iptables", "ip6tables" }) {
			command(tool, cut ? "-I" : "-D", "OUTPUT", "-m", "owner", "--uid-owner", "65534", "-j", "casecall-drill");
			command(tool, cut ? "-I" : "-D", "INPUT", "-j", "casecall-drill-in");
		}
	}

	/** {@code ./dev up --nodes N}: starts whatever is not running (a killed node, Janus, Redis). */
	void restartStack() throws IOException, InterruptedException {
		command(this.dev.toString(), "up", "--nodes", Integer.toString(this.nodes.size()));
	}

	/** Joined participants per node, from each node's Prometheus page. */
	Map<String, Double> joinedPerNode() {
		Map<String, Double> joined = new LinkedHashMap<>();
		this.nodes.forEach((node, port) -> joined.put(node, joined(port)));
		return joined;
	}

	/** The node whose joined count went up since {@code before}. */
	String nodeThatGained(Map<String, Double> before) {
		Map<String, Double> now = joinedPerNode();
		return now.entrySet()
			.stream()
			.filter((node) -> node.getValue() > before.getOrDefault(node.getKey(), 0.0))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no node gained the customer: " + before + " -> " + now));
	}

	private static double joined(int managementPort) {
		try {
			String page = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
			return page.lines()
				.filter((line) -> line.startsWith(JOINED + " ") || line.startsWith(JOINED + "{"))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	private static void command(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
		}
	}

}
