package io.casecall.signaling.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.casecall.room.call.CallService;
import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.sfu.SfuInstanceStatus;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges read from shared state, refreshed every few seconds so a scrape never waits on Redis or
 * the SFU: open calls (cluster-wide, from Redis) and each SFU instance's reachability and load.
 */
@Component
class SystemGauges {

	private final CallService calls;

	private final SfuGateway gateway;

	private volatile double openCalls = Double.NaN;

	private final Map<String, SfuInstanceStatus> instances = new ConcurrentHashMap<>();

	SystemGauges(CallService calls, SfuGateway gateway, CallMetrics metrics) {
		this.calls = calls;
		this.gateway = gateway;
		metrics.gauge("casecall.calls.open", "Calls not ended yet, across all nodes (from the call store)",
				() -> this.openCalls);
		refresh();
		for (String name : this.instances.keySet()) {
			metrics.gauge("casecall.sfu.up", "1 while the SFU instance is reachable",
					() -> this.instances.get(name).up() ? 1 : 0, "sfu", gateway.type(), "instance", name);
			metrics.gauge("casecall.sfu.load", "Load of the SFU instance as the adapter measures it",
					() -> this.instances.get(name).load(), "sfu", gateway.type(), "instance", name);
		}
	}

	@Scheduled(fixedDelay = 5000, initialDelay = 5000)
	void refresh() {
		try {
			this.openCalls = this.calls.openCount();
		}
		catch (RuntimeException ex) {
			this.openCalls = Double.NaN;
		}
		List<SfuInstanceStatus> status = this.gateway.status();
		status.forEach((instance) -> this.instances.put(instance.name(), instance));
	}

}
