package io.casecall.room.sfu.jvb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pair of receive-only m-lines (audio, video) in a participant's offer, carrying one remote
 * participant's media. A {@code null} slot in a layout is inactive: its participant left, and the
 * next one to join takes it over (m-lines can never be removed from a connection).
 *
 * @param participantId whose media it carries
 * @param endpoint that participant's endpoint on the bridge
 * @param sources what that participant sends
 */
record Slot(String participantId, String endpoint, MediaSources sources) {

	/**
	 * The layout that follows {@code current} when {@code present} are the remote participants now
	 * sending: everyone keeps their slot (with their latest sources), slots of those gone become
	 * inactive, newcomers fill inactive slots first, then new ones at the end.
	 * @param present the other participants with sources, in a stable order
	 */
	static List<Slot> next(List<Slot> current, Collection<Slot> present) {
		Map<String, Slot> waiting = new LinkedHashMap<>();
		present.forEach((slot) -> waiting.put(slot.participantId(), slot));
		List<Slot> next = new ArrayList<>(current.size() + waiting.size());
		for (Slot slot : current) {
			next.add((slot != null) ? waiting.remove(slot.participantId()) : null);
		}
		for (Slot newcomer : waiting.values()) {
			int free = next.indexOf(null);
			if (free >= 0) {
				next.set(free, newcomer);
			}
			else {
				next.add(newcomer);
			}
		}
		return next;
	}

}
