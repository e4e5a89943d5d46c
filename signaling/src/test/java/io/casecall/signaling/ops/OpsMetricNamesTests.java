package io.casecall.signaling.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.sfu.SfuListener.MediaState;
import io.casecall.signaling.support.FakeSfuGateway;
import io.casecall.signaling.support.Elapsed;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.TestSocket;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every CaseCall series the Grafana dashboard and the Prometheus alert rules query exists in the
 * app's {@code /actuator/prometheus} after one call, with the labels and label values the
 * queries select on. A renamed meter or tag fails here instead of leaving a panel or an alert
 * silently empty. Names are compared as exported samples ({@code _bucket}, {@code _count},
 * {@code _sum}, {@code _max}, {@code _total}), so a query of a histogram bucket a timer does not
 * publish fails too.
 */
class OpsMetricNamesTests extends OpsAppSupport {

	static final Path DASHBOARD = Path.of("..", "infra", "grafana", "dashboards", "casecall.json");

	static final Path RULES = Path.of("..", "infra", "prometheus", "alerts.yml");

	/** Labels Prometheus adds at scrape time; an exposed {@code instance} label becomes {@code exported_instance}. */
	static final Set<String> TARGET_LABELS = Set.of("job", "instance");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private CallDriver driver;

	@BeforeEach
	void driver() {
		this.driver = new CallDriver(this.port, this.sfu);
	}

	@AfterEach
	void endCalls() {
		this.driver.endAll();
	}

	@Test
	void everySeriesTheDashboardAndTheAlertsQueryIsExportedAfterACall() throws IOException {
		makeACall();
		Map<String, List<Map<String, String>>> exported = scrape();

		List<PromQlSelectors.Selector> used = new ArrayList<>();
		dashboardExpressions().forEach((expr) -> used.addAll(PromQlSelectors.selectors(expr)));
		ruleExpressions().forEach((expr) -> used.addAll(PromQlSelectors.selectors(expr)));
		Set<String> names = new TreeSet<>(used.stream().map(PromQlSelectors.Selector::name).toList());

		assertThat(names).as("series the dashboard and the rules use").contains("casecall_connect_seconds_bucket",
				"casecall_connect_seconds_count", "casecall_connect_phase_seconds_bucket", "casecall_calls_open",
				"casecall_sfu_up", "casecall_sfu_load", "casecall_join_failures_total",
				"casecall_tokens_rejected_total", "casecall_timing_reports_total",
				"casecall_timing_reports_dropped_total", "casecall_server_phase_seconds_bucket",
				"casecall_sfu_request_seconds_count");
		for (PromQlSelectors.Selector selector : used) {
			assertThat(exported).as("%s (used in: %s)", selector.name(), selector.expression())
				.containsKey(selector.name());
			List<Map<String, String>> series = exported.get(selector.name());
			for (PromQlSelectors.LabelMatcher matcher : selector.matchers()) {
				String label = "exported_instance".equals(matcher.label()) ? "instance" : matcher.label();
				if (TARGET_LABELS.contains(matcher.label())) {
					continue;
				}
				assertThat(series).as("%s has label %s (used in: %s)", selector.name(), label, selector.expression())
					.anySatisfy((labels) -> assertThat(labels).containsKey(label));
				if ("=".equals(matcher.op()) && !matcher.value().contains("$")) {
					assertThat(series).as("%s{%s=\"%s\"} (used in: %s)", selector.name(), label, matcher.value(),
							selector.expression())
						.anySatisfy((labels) -> assertThat(labels).containsEntry(label, matcher.value()));
				}
			}
		}
	}

	/** Recorded only by the SFU adapters: the fake one times its requests like the real ones. */
	@Test
	void theSfuRequestTimerIsRecordedWithTheFakeSfuToo() {
		makeACall();

		assertThat(scrape().get("casecall_sfu_request_seconds_count")).as("casecall_sfu_request_seconds_count")
			.anySatisfy((labels) -> assertThat(labels).containsEntry("sfu", "fake")
				.containsEntry("operation", "allocate")
				.containsEntry("outcome", "ok"));
	}

	/**
	 * One call that exercises every meter: a refused token, agent and customer joins, a publish
	 * offer the SFU reports up, both connect-time reports, a dropped duplicate report and a join
	 * refused because the seat is taken.
	 */
	private void makeACall() {
		CallDriver.TestCall call = this.driver.create();
		assertThatThrownBy(() -> TestSocket.connect(this.port, "not-a-token")).isInstanceOf(TestSocket.Refused.class);
		try (TestSocket agent = TestSocket.connect(this.port, call.agentToken());
				TestSocket customer = TestSocket.connect(this.port, call.inviteToken())) {
			String agentId = agent.send(join(call, "agent-laptop-1")).next("joined").get("participantId").asString();
			long agentJoined = System.nanoTime();
			agent.send("{\"type\":\"offer\",\"pc\":\"pub\",\"sdp\":" + quote(SDP) + "}").next("answer");
			this.sfu.mediaState(agentId, "pub", MediaState.CONNECTED);
			agent.next("media-state");
			Elapsed.atLeast(agentJoined, Elapsed.claimed(CallDriver.agentMarks(380)));
			agent.send(timings(1, CallDriver.agentMarks(380)));

			String customerId = customer.send(join(call, "customer-phone-1")).next("joined")
				.get("participantId")
				.asString();
			long customerJoined = System.nanoTime();
			this.sfu.mediaState(customerId, "sub", MediaState.CONNECTED);
			Elapsed.atLeast(customerJoined, Elapsed.claimed(CallDriver.customerMarks("connected", 260)));
			customer.send(timings(1, CallDriver.customerMarks("connected", 260)));
			customer.send(timings(1, CallDriver.customerMarks("connected", 260)));
			customer.send("{\"type\":\"ping\"}").next("pong");
			agent.send("{\"type\":\"ping\"}").next("pong");

			// (opened after the report: the in-memory SFU relays media events to a participant's newest socket)
			try (TestSocket secondDevice = TestSocket.connect(this.port, call.inviteToken())) {
				assertThat(secondDevice.send(join(call, "customer-laptop-1")).next("error").get("code").asString())
					.isEqualTo("seat_taken");
			}
		}
	}

	/** The scrape, also kept as {@code target/prometheus/scrape.txt} to look at. */
	private Map<String, List<Map<String, String>>> scrape() {
		Http management = new Http(this.managementPort);
		await().untilAsserted(() -> assertThat(management.get("/actuator/prometheus").body())
			.contains("casecall_timing_reports_dropped_total", "casecall_join_failures_total"));
		String text = management.get("/actuator/prometheus").body();
		try {
			Files.createDirectories(Path.of("target", "prometheus"));
			Files.writeString(Path.of("target", "prometheus", "scrape.txt"), text);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return PromQlSelectors.series(text);
	}

	/** Every query of the dashboard: panel targets and template variables. */
	static List<String> dashboardExpressions() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		List<String> expressions = new ArrayList<>();
		collect(dashboard, expressions);
		assertThat(expressions).as("queries in " + DASHBOARD).hasSizeGreaterThan(10);
		return expressions;
	}

	private static void collect(JsonNode node, List<String> expressions) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				boolean query = field.getKey().equals("expr") || field.getKey().equals("query")
						|| field.getKey().equals("definition");
				if (query && field.getValue().isString()) {
					expressions.add(field.getValue().asString());
				}
				else {
					collect(field.getValue(), expressions);
				}
			}
		}
		else if (node.isArray()) {
			node.forEach((element) -> collect(element, expressions));
		}
	}

	/** Every rule expression of the alert rules file. */
	@SuppressWarnings("unchecked")
	static List<String> ruleExpressions() throws IOException {
		List<String> expressions = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(RULES)) {
			Map<String, Object> file = new Yaml().load(reader);
			for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
				for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
					expressions.add((String) rule.get("expr"));
				}
			}
		}
		assertThat(expressions).as("rules in " + RULES).hasSizeGreaterThan(5);
		return expressions;
	}

	static final String SDP = "v=0\r\no=- 4 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
			+ "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\n";

	private static String join(CallDriver.TestCall call, String device) {
		return "{\"type\":\"join\",\"callId\":\"" + call.id() + "\",\"device\":\"" + device + "\"}";
	}

	private static String timings(int join, String marks) {
		return "{\"type\":\"timings\",\"join\":" + join + ",\"outcome\":\"connected\",\"marks\":" + marks + "}";
	}

	private static String quote(String text) {
		return "\"" + text.replace("\r", "\\r").replace("\n", "\\n") + "\"";
	}

}
