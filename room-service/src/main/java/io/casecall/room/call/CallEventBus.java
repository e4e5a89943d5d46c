package io.casecall.room.call;

import java.util.function.Consumer;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

import io.casecall.room.system.RedisKeys;
import io.casecall.room.system.RedisTopic;

/**
 * Delivers {@link CallEvent}s to every signaling node, this one included, over one Redis
 * pub/sub channel ({@link RedisTopic}: at most once, in Redis order, on the
 * {@code casecall-call-events} thread).
 */
@Component
public class CallEventBus {

	static final String CHANNEL = RedisKeys.EVENTS_CHANNEL;

	private final RedisTopic<CallEvent> topic;

	CallEventBus(StringRedisTemplate redis, JsonMapper json, RedisMessageListenerContainer container) {
		this.topic = new RedisTopic<>(CHANNEL, CallEvent.class, redis, json, container);
	}

	public void publish(CallEvent event) {
		this.topic.publish(event, event.getClass().getSimpleName() + " for call " + event.callId());
	}

	public void subscribe(Consumer<CallEvent> subscriber) {
		this.topic.subscribe(subscriber);
	}

	/** The event as published (a script that publishes it itself sends this text). */
	String encode(CallEvent event) {
		return this.topic.encode(event);
	}

}
