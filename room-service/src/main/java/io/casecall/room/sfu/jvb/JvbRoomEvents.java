package io.casecall.room.sfu.jvb;

import java.util.function.Consumer;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.casecall.room.system.RedisKeys;
import io.casecall.room.system.RedisTopic;

/**
 * Tells every signaling node (this one included) that a room's media changed, over one Redis
 * pub/sub channel ({@link RedisTopic}, at most once): each node then re-offers its own
 * participants of that room from the state in {@link JvbRoomStore}.
 */
class JvbRoomEvents {

	static final String CHANNEL = RedisKeys.JVB_ROOMS_CHANNEL;

	private final RedisTopic<Event> topic;

	JvbRoomEvents(StringRedisTemplate redis, JsonMapper json, RedisMessageListenerContainer container) {
		this.topic = new RedisTopic<>(CHANNEL, Event.class, redis, json, container);
	}

	/** Sets the one handler (it runs on the listener thread: it must hand slow work elsewhere). */
	void onEvent(Consumer<Event> handler) {
		this.topic.subscribe(handler);
	}

	/** Someone's sources appeared, changed or went away: re-offer the others. */
	void changed(String roomId, String origin) {
		publish(new Event(roomId, Event.CHANGED, origin));
	}

	/** The bridge lost the room's conference: everyone in it must rejoin. */
	void lost(String roomId, String origin) {
		publish(new Event(roomId, Event.LOST, origin));
	}

	private void publish(Event event) {
		this.topic.publish(event, event.kind() + " for room " + event.room());
	}

	/**
	 * @param room the room id
	 * @param kind {@link #CHANGED} or {@link #LOST}
	 * @param origin the participant whose action caused it (not notified of a loss: it got the error)
	 */
	record Event(String room, String kind, String origin) {

		static final String CHANGED = "changed";

		static final String LOST = "lost";

	}

}
