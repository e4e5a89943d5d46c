package io.casecall.signaling.ws;

import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.system.RedisTopic;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * A page's {@code keyframe} where the SFU cannot ask the publishers for one
 * ({@link io.casecall.room.sfu.SfuParticipant#asksPublishersForKeyframes()}: Jitsi Videobridge):
 * the call's other pages are sent {@code keyframe} and send one themselves (docs/protocol.md).
 * Without it a receiver whose video lost packets decodes nothing until Chromium's own request, 3 s
 * later (fault drill on the real bridge, a 3 s cut the browser did not notice: the agent's view
 * back at 3.0 s). The other page may be on another node: nodes hear each other on a Redis channel
 * of its own, {@code cc:media:keyframes} (at most once; a lost request costs what the page's next
 * one, or Chromium's own, makes up for).
 */
@Component
class KeyframeRelay {

	static final String CHANNEL = "cc:media:keyframes";

	/** Which seat asked ({@code agent}, {@code customer}), in which call. */
	record Request(String callId, String role) {
	}

	private final RedisTopic<Request> topic;

	KeyframeRelay(CallSessions sessions, StringRedisTemplate redis, JsonMapper json,
			RedisMessageListenerContainer container) {
		this.topic = new RedisTopic<>(CHANNEL, Request.class, redis, json, container);
		this.topic.subscribe((request) -> {
			for (ParticipantSession session : sessions.forCall(request.callId())) {
				if (session.joined() && !request.role().equals(session.admission().role().wire())) {
					session.writer().send(new ServerMessage.Keyframe());
				}
			}
		});
	}

	/** {@code asking}'s page wants keyframes of the video it receives. */
	void relay(ParticipantSession asking) {
		this.topic.publish(new Request(asking.admission().callId(), asking.admission().role().wire()),
				"a keyframe request");
	}

}
