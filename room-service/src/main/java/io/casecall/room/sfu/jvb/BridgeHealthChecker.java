package io.casecall.room.sfu.jvb;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Checks every bridge's health ({@code GET /about/health}) and load ({@code GET /colibri/stats})
 * every {@code casecall.sfu.jvb.health-check-interval}, all bridges in parallel. A bridge failing
 * its check is skipped by bridge selection and refused to new participants until it passes again.
 */
class BridgeHealthChecker {

	private final List<JvbProperties.Bridge> bridges;

	private final ColibriClient colibri;

	private final BridgeStates states;

	BridgeHealthChecker(JvbProperties properties, ColibriClient colibri, BridgeStates states) {
		this.bridges = List.copyOf(properties.bridges());
		this.colibri = colibri;
		this.states = states;
	}

	@Scheduled(fixedDelayString = "${casecall.sfu.jvb.health-check-interval:5s}")
	void checkAll() {
		List<CompletableFuture<ColibriClient.Probe>> probes = this.bridges.stream().map(this.colibri::probe).toList();
		for (CompletableFuture<ColibriClient.Probe> probe : probes) {
			ColibriClient.Probe result = probe.join();
			this.states.update(result.candidate(), result.detail());
		}
	}

}
