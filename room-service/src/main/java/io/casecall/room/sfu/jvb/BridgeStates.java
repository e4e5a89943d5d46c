package io.casecall.room.sfu.jvb;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.sfu.SfuInstanceStatus;
import io.casecall.room.sfu.selection.BridgeCandidate;
import io.casecall.room.sfu.selection.BridgeCandidate.Health;

/**
 * The last known health and load of every configured bridge. Updated by the periodic health
 * check ({@link BridgeHealthChecker}) and, between checks, by requests that could not reach a
 * bridge, so selection and new participants skip a bridge the moment it is found down.
 */
class BridgeStates {

	private static final Logger log = LoggerFactory.getLogger(BridgeStates.class);

	private final List<JvbProperties.Bridge> bridges;

	private final Map<String, BridgeCandidate> candidates = new ConcurrentHashMap<>();

	private final Map<String, String> details = new ConcurrentHashMap<>();

	BridgeStates(JvbProperties properties) {
		this.bridges = List.copyOf(properties.bridges());
		for (JvbProperties.Bridge bridge : this.bridges) {
			this.candidates.put(bridge.name(), BridgeCandidate.unchecked(bridge.name(), bridge.region()));
			this.details.put(bridge.name(), "not checked yet");
		}
	}

	/** Every bridge, in configuration order. */
	List<BridgeCandidate> candidates() {
		return this.bridges.stream().map((bridge) -> this.candidates.get(bridge.name())).toList();
	}

	boolean isDown(String bridge) {
		BridgeCandidate candidate = this.candidates.get(bridge);
		return candidate != null && candidate.health() == Health.DOWN;
	}

	void update(BridgeCandidate candidate, String detail) {
		BridgeCandidate previous = this.candidates.put(candidate.name(), candidate);
		this.details.put(candidate.name(), detail);
		logChange(previous, candidate, detail);
	}

	/** A request could not reach the bridge: take it out of selection until it passes a check. */
	void markDown(String bridge, String reason) {
		BridgeCandidate previous = this.candidates.get(bridge);
		if (previous == null) {
			return;
		}
		update(previous.withHealth(Health.DOWN), reason);
	}

	List<SfuInstanceStatus> statuses() {
		return this.bridges.stream().map((bridge) -> {
			BridgeCandidate candidate = this.candidates.get(bridge.name());
			String region = (bridge.region() != null) ? "region " + bridge.region() + ", " : "";
			return new SfuInstanceStatus(bridge.name(), candidate.health() != Health.DOWN, candidate.load(),
					region + this.details.get(bridge.name()));
		}).toList();
	}

	private static void logChange(BridgeCandidate previous, BridgeCandidate current, String detail) {
		if (previous == null || previous.health() == current.health()) {
			return;
		}
		if (current.health() == Health.DOWN) {
			log.warn("Bridge {} is down: {}", current.name(), detail);
		}
		else if (current.health() == Health.UP) {
			log.info("Bridge {} is up", current.name());
		}
	}

}
