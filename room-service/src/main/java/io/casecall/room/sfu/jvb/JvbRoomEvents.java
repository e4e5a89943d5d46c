package io.casecall.room.sfu.jvb;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.system.RedisKeys;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Tells every signaling node (this one included) that a room's media changed, over one Redis
 * pub/sub channel: each node then re-offers its own participants of that room from the state in
 * {@link JvbRoomStore}. At most once: a node cut off from Redis cannot negotiate anyway.
 */
class JvbRoomEvents implements MessageListener {

	private static final Logger log = LoggerFactory.getLogger(JvbRoomEvents.class);

	static final String CHANNEL = RedisKeys.JVB_ROOMS_CHANNEL;

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private volatile Consumer<Event> handler = (event) -> {
	};

	JvbRoomEvents(StringRedisTemplate redis, JsonMapper json, RedisMessageListenerContainer container) {
		this.redis = redis;
		this.json = json;
		container.addMessageListener(this, new ChannelTopic(CHANNEL));
	}

	void onEvent(Consumer<Event> handler) {
		this.handler = handler;
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
		try {
			this.redis.convertAndSend(CHANNEL, this.json.writeValueAsString(event));
		}
		catch (RuntimeException ex) {
			log.warn("Could not publish {} for room {}: {}", event.kind(), event.room(), ex.getMessage());
		}
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		Event event;
		try {
			event = this.json.readValue(message.getBody(), Event.class);
		}
		catch (RuntimeException ex) {
			log.warn("Ignoring an unreadable room event: {}", ex.getMessage());
			return;
		}
		this.handler.accept(event);
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
