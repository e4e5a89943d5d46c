package io.casecall.room.sfu.selection;

import java.util.Comparator;
import java.util.List;

/**
 * Sends a room to the least loaded bridge among those that passed their last health check (or
 * were not checked yet), judged by the bridges' own reports: the stress level first, then the
 * number of participants, then the number of conferences. A bridge whose load is unknown ranks
 * after every bridge that reported one; ties keep configuration order.
 */
public class LeastLoadedStrategy implements BridgeSelectionStrategy {

	static final String NAME = "least-loaded";

	private static final Comparator<BridgeCandidate> BY_LOAD = Comparator
		.comparingDouble((BridgeCandidate candidate) -> unknownLast(candidate.stressLevel()))
		.thenComparingDouble((candidate) -> unknownLast(candidate.participants()))
		.thenComparingDouble((candidate) -> unknownLast(candidate.conferences()));

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public BridgeCandidate select(List<BridgeCandidate> candidates) {
		return candidates.stream()
			.filter(BridgeCandidate::eligible)
			.min(BY_LOAD)
			.orElseThrow(() -> new BridgeSelectionFailedException(candidates.isEmpty() ? "No bridge is configured"
					: "None of the " + candidates.size() + " bridges passed its last health check"));
	}

	private static double unknownLast(double value) {
		return (value < 0) ? Double.MAX_VALUE : value;
	}

}
