package io.casecall.room.sfu.selection;

import java.util.List;

/**
 * Chooses the SFU instance (bridge) a new room goes to. Each strategy lives in its own file and
 * is picked by name from configuration ({@code casecall.sfu.jvb.selection}). Choosing a bridge is
 * separate from driving it: strategies see only {@link BridgeCandidate}s.
 */
public interface BridgeSelectionStrategy {

	/** Name used in configuration, e.g. {@code least-loaded}. */
	String name();

	/**
	 * Picks a bridge for a new room.
	 * @param candidates every configured bridge, in configuration order
	 * @return the chosen bridge
	 * @throws BridgeSelectionFailedException when no bridge may take the room
	 */
	BridgeCandidate select(List<BridgeCandidate> candidates);

	/** The strategy configured under {@code name}. */
	static BridgeSelectionStrategy named(String name) {
		return switch (name) {
			case SingleBridgeStrategy.NAME -> new SingleBridgeStrategy();
			case LeastLoadedStrategy.NAME -> new LeastLoadedStrategy();
			default -> throw new IllegalArgumentException("Unknown bridge selection strategy '" + name
					+ "' (known: " + SingleBridgeStrategy.NAME + ", " + LeastLoadedStrategy.NAME + ")");
		};
	}

}
