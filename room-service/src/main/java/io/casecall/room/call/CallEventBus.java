package io.casecall.room.call;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.springframework.stereotype.Component;

/**
 * Delivers {@link CallEvent}s to every signaling node, this one included, over one Redis
 * pub/sub channel. Delivery is at most once: a node that is cut off from Redis misses events,
 * which is fine because its calls cannot proceed without Redis either.
 */
@Component
public class CallEventBus implements MessageListener {

	private static final Logger log = LoggerFactory.getLogger(CallEventBus.class);

	static final String CHANNEL = RedisKeys.EVENTS_CHANNEL;

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final List<Consumer<CallEvent>> subscribers = new CopyOnWriteArrayList<>();

	CallEventBus(StringRedisTemplate redis, JsonMapper json, RedisMessageListenerContainer container) {
		this.redis = redis;
		this.json = json;
		container.addMessageListener(this, new ChannelTopic(CHANNEL));
	}

	public void publish(CallEvent event) {
		try {
			this.redis.convertAndSend(CHANNEL, this.json.writeValueAsString(event));
		}
		catch (RuntimeException ex) {
			log.warn("Could not publish {} for call {}: {}", event.getClass().getSimpleName(), event.callId(),
					ex.getMessage());
		}
	}

	public void subscribe(Consumer<CallEvent> subscriber) {
		this.subscribers.add(subscriber);
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		CallEvent event;
		try {
			event = this.json.readValue(message.getBody(), CallEvent.class);
		}
		catch (RuntimeException ex) {
			log.warn("Ignoring an unreadable call event: {}", ex.getMessage());
			return;
		}
		for (Consumer<CallEvent> subscriber : this.subscribers) {
			try {
				subscriber.accept(event);
			}
			catch (RuntimeException ex) {
				log.warn("A call event subscriber failed on {} for call {}", event.getClass().getSimpleName(),
						event.callId(), ex);
			}
		}
	}

}
