package io.casecall.room.sfu.selection;

/**
 * What a selection strategy knows about one SFU instance (a bridge): its last health check and
 * the load figures it reported itself.
 * @param name instance name from configuration
 * @param region region label from configuration, or {@code null}
 * @param health result of the last health check
 * @param stressLevel the bridge's own stress level (Jitsi Videobridge {@code stress_level}, 0 = idle,
 * 1 = at capacity), or {@code -1} when unknown
 * @param conferences conferences the bridge hosts, or {@code -1} when unknown
 * @param participants participants (endpoints) the bridge hosts, or {@code -1} when unknown
 */
public record BridgeCandidate(String name, String region, Health health, double stressLevel, int conferences,
		int participants) {

	/** A bridge nobody has checked yet: eligible, load unknown. */
	public static BridgeCandidate unchecked(String name, String region) {
		return new BridgeCandidate(name, region, Health.UNKNOWN, -1, -1, -1);
	}

	/** Whether the bridge may take new rooms: it did not fail its last health check. */
	public boolean eligible() {
		return this.health != Health.DOWN;
	}

	/** The load figure to compare bridges by: the stress level, else participants, else {@code -1}. */
	public double load() {
		if (this.stressLevel >= 0) {
			return this.stressLevel;
		}
		return (this.participants >= 0) ? this.participants : -1;
	}

	public BridgeCandidate withHealth(Health health) {
		return new BridgeCandidate(this.name, this.region, health, this.stressLevel, this.conferences,
				this.participants);
	}

	/** Outcome of a bridge's last health check. */
	public enum Health {

		/** Answered its health check. */
		UP,
		/** Failed its health check or could not be reached. */
		DOWN,
		/** Not checked yet. */
		UNKNOWN

	}

}
