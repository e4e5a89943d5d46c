package io.casecall.room.sfu.jvb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules for {@code infra/docker-compose.yml}, the production-like stack: every image pinned, no
 * control port reachable from outside the host, every variable documented in
 * {@code infra/.env.example}, and the pieces wired to each other (bridge config, metrics,
 * dashboards). Variables are resolved as compose would with {@code .env.example} as the env file.
 */
class DockerComposeTests {

	static final Path INFRA = Path.of("..", "infra");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)((:?[-?])([^}]*))?}");

	private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*#?\\s*([A-Z_][A-Z0-9_]*)=(.*)$");

	private final String text = read(INFRA.resolve("docker-compose.yml"));

	private final Map<String, String> envExample = envExample();

	private final Map<String, Object> services = map(map(new Yaml().load(this.text)).get("services"));

	@Test
	void everyImageIsPinnedToAVersion() {
		List<String> images = new ArrayList<>();
		this.services.forEach((name, service) -> {
			Object image = map(service).get("image");
			assertThat(image).as("service %s names its image (built ones too, with a tag)", name).isNotNull();
			images.add(resolve((String) image));
		});
		for (String line : read(INFRA.resolve("Dockerfile")).lines().toList()) {
			if (line.startsWith("FROM ")) {
				images.add(line.split("\\s+")[1]);
			}
		}
		assertThat(images).hasSizeGreaterThanOrEqualTo(7).allSatisfy((image) -> {
			String tag = tag(image);
			assertThat(tag).as("%s has a tag or digest", image).isNotNull();
			assertThat(tag).as("%s is pinned", image).isNotEqualTo("latest").matches(".*\\d.*");
		});
	}

	@Test
	void noControlPortIsPublishedOnAPublicInterface() {
		Map<String, Set<Integer>> control = controlPorts();
		assertThat(control).as("services with control ports").containsKeys("casecall", "jvb", "redis", "prometheus");
		control.forEach((service, ports) -> {
			for (Published published : published(service)) {
				if (ports.contains(published.container())) {
					assertThat(published.loopback())
						.as("%s publishes control port %s on %s", service, published.container(), published.hostIp())
						.isTrue();
				}
			}
		});
		Map<String, Object> app = map(this.services.get("casecall"));
		assertThat(env(app).get("MANAGEMENT_SERVER_PORT")).as("actuator is not on the application's port")
			.isNotEqualTo(env(app).get("SERVER_PORT"));
		assertThat(list(map(this.services.get("redis")).get("networks"))).containsExactly("private");
		assertThat(map(map(map(new Yaml().load(this.text)).get("networks")).get("private")).get("internal"))
			.isEqualTo(true);
	}

	@Test
	void everyVariableIsDocumentedInTheEnvExampleAndEveryDocumentedOneIsUsed() {
		Set<String> used = new LinkedHashSet<>();
		Matcher matcher = VARIABLE.matcher(this.text.replace("$$", ""));
		while (matcher.find()) {
			used.add(matcher.group(1));
		}
		assertThat(used).isNotEmpty();
		assertThat(this.envExample.keySet()).containsAll(used);
		assertThat(used).containsAll(this.envExample.keySet());
	}

	@Test
	void theBridgeIsReachableForMediaAndControlledOnlyFromTheApplication() {
		Map<String, Object> jvb = map(this.services.get("jvb"));
		assertThat(published("jvb")).anySatisfy((published) -> {
			assertThat(published.container()).isEqualTo(10000);
			assertThat(published.host()).as("JVB advertises its own port").isEqualTo(10000);
			assertThat(published.protocol()).isEqualTo("udp");
			assertThat(published.loopback()).isFalse();
		});
		Map<String, String> env = env(jvb);
		assertThat(env).containsEntry("JVB_DISABLE_XMPP", "1").containsEntry("COLIBRI_REST_ENABLED", "true");
		assertThat(env.get("JVB_ADVERTISE_IPS")).contains("${JVB_ADVERTISE_IPS");
		assertThat(list(jvb.get("volumes"))).contains("./jvb/custom-jvb.conf:/config/custom-jvb.conf:ro");
		assertThat(read(INFRA.resolve("jvb/custom-jvb.conf"))).contains("websockets {", "enabled = true", "port = 9090");
		assertThat(env(map(this.services.get("casecall")))).containsEntry("CASECALL_SFU_TYPE", "jvb")
			.containsEntry("CASECALL_SFU_JVB_BRIDGES_0_RESTURL", "http://jvb:8080");
	}

	@Test
	void prometheusScrapesTheApplicationAndTheBridgeAndGrafanaLoadsTheDashboardsFolder() {
		String prometheus = read(INFRA.resolve("prometheus/prometheus.yml"));
		String management = env(map(this.services.get("casecall"))).get("MANAGEMENT_SERVER_PORT");
		assertThat(prometheus).contains("casecall:" + management, "/actuator/prometheus", "jvb:8080");

		List<Object> grafanaVolumes = list(map(this.services.get("grafana")).get("volumes"));
		assertThat(grafanaVolumes).contains("./grafana/provisioning:/etc/grafana/provisioning:ro");
		String dashboardsMount = grafanaVolumes.stream()
			.map(String.class::cast)
			.filter((volume) -> volume.startsWith("./grafana/dashboards:"))
			.findFirst()
			.orElseThrow()
			.split(":")[1];
		Map<String, Object> provider = map(list(map(new Yaml()
			.load(read(INFRA.resolve("grafana/provisioning/dashboards/casecall.yml")))).get("providers")).get(0));
		assertThat(map(provider.get("options")).get("path")).isEqualTo(dashboardsMount);
		assertThat(read(INFRA.resolve("grafana/provisioning/datasources/prometheus.yml")))
			.contains("url: http://prometheus:9090");
	}

	/** Container ports that control something and must never be reachable from outside the host. */
	private Map<String, Set<Integer>> controlPorts() {
		Map<String, Set<Integer>> control = new LinkedHashMap<>();
		this.services.forEach((name, definition) -> {
			Map<String, Object> service = map(definition);
			String image = resolve((String) service.get("image"));
			Set<Integer> ports = new LinkedHashSet<>();
			if (image.contains("jitsi/jvb")) {
				ports.add(8080);
			}
			if (image.startsWith("redis:")) {
				ports.add(6379);
			}
			if (image.contains("janus")) {
				ports.add(7088);
			}
			if (image.startsWith("prom/prometheus")) {
				ports.add(9090);
			}
			String management = env(service).get("MANAGEMENT_SERVER_PORT");
			if (management != null) {
				ports.add(Integer.parseInt(resolve(management)));
			}
			if (!ports.isEmpty()) {
				control.put(name, ports);
			}
		});
		return control;
	}

	private record Published(String hostIp, Integer host, int container, String protocol) {

		boolean loopback() {
			return "127.0.0.1".equals(this.hostIp) || "::1".equals(this.hostIp) || "[::1]".equals(this.hostIp);
		}

	}

	private List<Published> published(String serviceName) {
		List<Published> result = new ArrayList<>();
		for (Object entry : list(map(this.services.get(serviceName)).get("ports"))) {
			if (entry instanceof Map<?, ?> long_) {
				Object hostIp = long_.get("host_ip");
				Object published = long_.get("published");
				Object protocol = long_.get("protocol");
				result.add(new Published((hostIp != null) ? resolve(hostIp.toString()) : null,
						(published != null) ? Integer.valueOf(resolve(published.toString())) : null,
						Integer.parseInt(long_.get("target").toString()),
						(protocol != null) ? protocol.toString() : "tcp"));
				continue;
			}
			String spec = resolve(entry.toString());
			String protocol = "tcp";
			int slash = spec.lastIndexOf('/');
			if (slash > 0) {
				protocol = spec.substring(slash + 1);
				spec = spec.substring(0, slash);
			}
			String hostIp = null;
			if (spec.startsWith("[")) {
				hostIp = spec.substring(0, spec.indexOf(']') + 1);
				spec = spec.substring(hostIp.length() + 1);
			}
			String[] parts = spec.split(":");
			if (parts.length == 3) {
				hostIp = parts[0];
			}
			Integer host = (parts.length >= 2) ? Integer.valueOf(parts[parts.length - 2]) : null;
			result.add(new Published(hostIp, host, Integer.parseInt(parts[parts.length - 1]), protocol));
		}
		return result;
	}

	/** Interpolates {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:?error}} as compose does. */
	private String resolve(String value) {
		Matcher matcher = VARIABLE.matcher(value);
		StringBuilder resolved = new StringBuilder();
		while (matcher.find()) {
			String set = this.envExample.get(matcher.group(1));
			boolean usable = set != null && !(set.isEmpty() && matcher.group(3) != null && matcher.group(3).startsWith(":"));
			String replacement = usable ? set
					: (matcher.group(3) != null && matcher.group(3).endsWith("-")) ? matcher.group(4) : "";
			matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(resolved);
		return resolved.toString();
	}

	private static String tag(String image) {
		if (image.contains("@sha256:")) {
			return image.substring(image.indexOf("@sha256:") + 1);
		}
		int colon = image.lastIndexOf(':');
		return (colon > image.lastIndexOf('/')) ? image.substring(colon + 1) : null;
	}

	private static Map<String, String> env(Map<String, Object> service) {
		Map<String, String> env = new LinkedHashMap<>();
		map(service.get("environment")).forEach((key, value) -> env.put(key, String.valueOf(value)));
		return env;
	}

	private static Map<String, String> envExample() {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : read(INFRA.resolve(".env.example")).lines().toList()) {
			Matcher assignment = ASSIGNMENT.matcher(line);
			if (assignment.matches()) {
				values.put(assignment.group(1), assignment.group(2).strip());
			}
		}
		return values;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value != null) ? (Map<String, Object>) value : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return (value != null) ? (List<Object>) value : List.of();
	}

	static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + path.toAbsolutePath(), ex);
		}
	}

}
