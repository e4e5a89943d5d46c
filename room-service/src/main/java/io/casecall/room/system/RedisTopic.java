package io.casecall.room.system;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * One Redis pub/sub channel carrying JSON messages of one type to every signaling node, this one
 * included. Delivery is at most once: a node cut off from Redis misses messages, which is fine
 * because its calls cannot proceed without Redis either. Subscribers run on the listener
 * container's executor ({@code casecall-call-events}, one thread, in Redis order): they must hand
 * anything slow to executors of their own.
 * @param <T> the message type (a record, or a sealed interface with Jackson type info)
 */
public final class RedisTopic<T> implements MessageListener {

	private static final Logger log = LoggerFactory.getLogger(RedisTopic.class);

	private final String channel;

	private final Class<T> type;

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final List<Consumer<T>> subscribers = new CopyOnWriteArrayList<>();

	public RedisTopic(String channel, Class<T> type, StringRedisTemplate redis, JsonMapper json,
			RedisMessageListenerContainer container) {
		this.channel = channel;
		this.type = type;
		this.redis = redis;
		this.json = json;
		container.addMessageListener(this, new ChannelTopic(channel));
	}

	public String channel() {
		return this.channel;
	}

	/** The message as it goes over the channel (for a Lua script that publishes it itself). */
	public String encode(T message) {
		return this.json.writeValueAsString(message);
	}

	/** Publishes; a failure is logged, not thrown (at most once). */
	public void publish(T message, String what) {
		try {
			this.redis.convertAndSend(this.channel, encode(message));
		}
		catch (RuntimeException ex) {
			log.warn("Could not publish {} on {}: {}", what, this.channel, ex.getMessage());
		}
	}

	public void subscribe(Consumer<T> subscriber) {
		this.subscribers.add(subscriber);
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		T decoded;
		try {
			decoded = this.json.readValue(message.getBody(), this.type);
		}
		catch (RuntimeException ex) {
			log.warn("Ignoring an unreadable message on {}: {}", this.channel, ex.getMessage());
			return;
		}
		for (Consumer<T> subscriber : this.subscribers) {
			try {
				subscriber.accept(decoded);
			}
			catch (RuntimeException ex) {
				log.warn("A subscriber of {} failed on {}", this.channel, decoded, ex);
			}
		}
	}

}
