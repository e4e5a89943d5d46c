package io.casecall.room.media;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.sfu.SfuRoom;

/**
 * Rooms a call's media left behind on an SFU instance when the room moved to another
 * ({@link MediaRooms}): destroyed there at once when this node reaches the instance (whoever is
 * still in it loses the session and rejoins on the new one), otherwise when it answers again.
 * Called on {@code casecall-room-release} only.
 */
final class LeftRooms {

	private static final Logger log = LoggerFactory.getLogger(LeftRooms.class);

	private final SfuGateway gateway;

	/** Rooms not destroyed yet: instance to room ids. */
	private final Map<String, Set<String>> byInstance = new ConcurrentHashMap<>();

	LeftRooms(SfuGateway gateway) {
		this.gateway = gateway;
	}

	/** The room's media moved off it: destroy it now, or when its instance is back. */
	void leave(SfuRoom room) {
		if (this.gateway.available(room.instance()) && destroy(room)) {
			log.info("Destroyed the media room {} left behind on SFU instance {}", room.roomId(), room.instance());
			return;
		}
		this.byInstance.computeIfAbsent(room.instance(), (key) -> ConcurrentHashMap.newKeySet()).add(room.roomId());
	}

	/** An instance answers again: the rooms left behind there are destroyed. */
	void back(String instance) {
		Set<String> rooms = this.byInstance.remove(instance);
		if (rooms != null) {
			rooms.forEach((room) -> destroy(new SfuRoom(room, instance)));
		}
	}

	private boolean destroy(SfuRoom room) {
		try {
			this.gateway.release(room);
			return true;
		}
		catch (RuntimeException ex) {
			log.debug("Could not destroy moved room {} on {}: {}", room.roomId(), room.instance(), ex.getMessage());
			return false;
		}
	}

}
