package io.casecall.room.sfu.selection;

import java.util.List;

/**
 * Every room goes to one bridge: the first configured. When that bridge failed its last health
 * check, selection fails at once instead of sending the room to a bridge known to be down.
 */
public class SingleBridgeStrategy implements BridgeSelectionStrategy {

	static final String NAME = "single";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public BridgeCandidate select(List<BridgeCandidate> candidates) {
		if (candidates.isEmpty()) {
			throw new BridgeSelectionFailedException("No bridge is configured");
		}
		BridgeCandidate only = candidates.get(0);
		if (!only.eligible()) {
			throw new BridgeSelectionFailedException("Bridge " + only.name() + " failed its last health check");
		}
		return only;
	}

}
