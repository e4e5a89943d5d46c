package io.casecall.signaling.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The one table of a multi-point WAN benchmark, built from each point's results.json. */
class WanTableTests {

	@TempDir
	Path dir;

	@Test
	void oneRowPerPointInTheGivenOrderWithPhasesAndTargets() throws Exception {
		Path far = run("far", "RTT 100 ms, loss 0 % (wan-emulate)", 300, 340, 700, 760,
				"{\"join_click\":1000,\"pre_ice_connected\":400,\"pre_dtls_connected\":500,\"join_ack\":1050,\"first_frame\":1300}",
				"{\"join_click\":2000,\"pre_ice_connected\":1400,\"pre_dtls_connected\":1500,\"join_ack\":2060,\"first_frame\":2340,\"packets_before_click\":0}");
		Path near = run("near", "RTT 0 ms, loss 0 % (wan-emulate)", 130, 150, 120, 140,
				"{\"join_click\":10,\"join_ack\":30,\"ice_connected\":70,\"dtls_connected\":100,\"first_frame\":140}");

		String table = WanTable.table(List.of(near, far));

		List<String> rows = table.lines().filter((line) -> line.startsWith("| RTT")).toList();
		assertThat(rows).hasSize(2);
		assertThat(rows.get(0)).startsWith("| RTT 0 ms").contains("| 130 / 150 |").contains("| 120 / 140 |")
			.contains("| 1.08 |").contains("| 20 / 60 / 90 / 130 |").contains("| 0 of 1 |")
			.contains("p50 <= 1.0x raw: not met");
		assertThat(rows.get(1)).startsWith("| RTT 100 ms").contains("| 300 / 340 |").contains("| 0.43 |")
			.contains("| 50 / before / before / 300 |").contains("| 2 of 2, 0 packets before the click |").contains("p95 <= 350: met");
	}

	@Test
	void aRunOnJitsiVideobridgeGetsItsOwnColumnAndTarget() throws Exception {
		Path run = run("jvb", "RTT 200 ms, loss 0 % (wan-emulate)", 480, 490, 1200, 1300,
				"{\"join_click\":0,\"join_ack\":110,\"first_frame\":480}");
		String results = Files.readString(run.resolve("results.json")).trim();
		Files.writeString(run.resolve("results.json"), results.substring(0, results.length() - 1)
				+ ", \"jvb\": {\"sequential\": {\"n\": 2, \"p50\": 520, \"p95\": 610}, \"connected\": 2, \"tried\": 3}}");

		String row = WanTable.table(List.of(run)).lines().filter((line) -> line.startsWith("| RTT")).findFirst().orElseThrow();

		assertThat(row).contains("| 520 / 610 (2/3) |").contains("p95 <= 500: met; on JVB p95 <= 500: not met");
	}

	@Test
	void packetsBeforeTheClickSayHowManyJoinsHadThemAndWhetherTheyCarriedMedia() throws Exception {
		String padding = "{\"join_click\":10,\"pre_dtls_connected\":5,\"first_frame\":90,\"packets_before_click\":7,\"payload_bytes_before_click\":0}";
		String media = "{\"join_click\":10,\"pre_dtls_connected\":5,\"first_frame\":90,\"packets_before_click\":3,\"payload_bytes_before_click\":1200}";
		String none = "{\"join_click\":10,\"pre_dtls_connected\":5,\"first_frame\":90,\"packets_before_click\":0,\"payload_bytes_before_click\":0}";

		assertThat(WanTable.preconnected(List.of(json(padding), json(none))))
			.isEqualTo("2 of 2, 7 packets before the click in 1 join (0 payload bytes: padding, no media)");
		assertThat(WanTable.preconnected(List.of(json(padding), json(media))))
			.isEqualTo("2 of 2, 10 packets before the click in 2 joins (1200 payload bytes)");
		assertThat(WanTable.preconnected(List.of(json(none)))).isEqualTo("1 of 1, 0 packets before the click");
	}

	@Test
	void theAgentsViewCountsTheJoinsWhereTheAgentSawTheCustomerAtAll() throws Exception {
		String seen = "{\"join_click\":100,\"first_frame\":150,\"agent_first_frame\":190}";
		String seenLater = "{\"join_click\":1000,\"first_frame\":1050,\"agent_first_frame\":1130}";
		String unseen = "{\"join_click\":2000,\"first_frame\":2050}";

		assertThat(WanTable.agentView(List.of(json(seen), json(seenLater), json(unseen)))).startsWith("90 / ")
			.endsWith(" (2/3)");
		assertThat(WanTable.agentView(List.of(json(unseen)))).isEqualTo("n/a (0/1)");
	}

	@Test
	void theTargetFollowsTheRoundTripOfTheLabel() {
		assertThat(WanTable.rtt("RTT 300 ms, loss 2 % (wan-emulate)")).isEqualTo(300);
		assertThat(WanTable.rtt("loopback")).isZero();
	}

	private Path run(String name, String network, int p50, int p95, int rawP50, int rawP95, String... samples)
			throws Exception {
		Path run = Files.createDirectories(this.dir.resolve(name));
		Files.writeString(run.resolve("results.json"), """
				{"network": "%s",
				 "sequential": {"casecall": {"n": %d, "p50": %d, "p95": %d}, "rawJanus": {"n": %d, "p50": %d, "p95": %d}},
				 "samples": {"casecall": [%s]}}
				""".formatted(network, samples.length, p50, p95, samples.length, rawP50, rawP95,
				String.join(",", samples)));
		return run;
	}

	private static JsonNode json(String text) {
		return JsonMapper.builder().build().readTree(text);
	}

}
