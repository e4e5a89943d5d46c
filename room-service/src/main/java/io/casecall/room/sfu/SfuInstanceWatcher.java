package io.casecall.room.sfu;

/**
 * Hears when an SFU instance is lost (unreachable for longer than the adapter's confirm time) and
 * when it is back. Called on an adapter thread: implementations only queue work.
 */
public interface SfuInstanceWatcher {

	/** The instance is lost: its rooms should move to a healthy instance. */
	void lost(String instance);

	/** The instance answers again (a restarted one has no rooms). */
	void back(String instance);

}
