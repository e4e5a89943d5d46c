package io.casecall.signaling.ws;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.token.Role;
import io.casecall.signaling.evidence.EvidenceAdded;
import io.casecall.signaling.evidence.EvidenceException;
import io.casecall.signaling.evidence.EvidenceService;

import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The photo messages of the call socket (docs/protocol.md): the agent's {@code photo_request}
 * goes to the call's sockets on every node as {@code photo_request} (the customer's page counts
 * down and takes the photo; the agent's page shows that it is on its way), and every stored
 * photo is announced to both sides as {@code photo_added}. Nodes hear each other over one Redis
 * pub/sub channel of its own, {@code cc:evidence:events} (at most once, like call events).
 */
@Component
class PhotoMessages implements MessageListener {

	private static final Logger log = LoggerFactory.getLogger(PhotoMessages.class);

	static final String CHANNEL = "cc:evidence:events";

	private final EvidenceService evidence;

	private final CallSessions sessions;

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	PhotoMessages(EvidenceService evidence, CallSessions sessions, StringRedisTemplate redis, JsonMapper json,
			RedisMessageListenerContainer container) {
		this.evidence = evidence;
		this.sessions = sessions;
		this.redis = redis;
		this.json = json;
		container.addMessageListener(this, new ChannelTopic(CHANNEL));
	}

	/** Over the channel between nodes. */
	record Broadcast(String kind, String callId, String requestId, int countdown, String evidenceId,
			String contentType, long size, String requestedBy, String at) {
	}

	/** An agent's {@code photo_request}: recorded (rate limited per call), then sent out. */
	void request(ParticipantSession agent) {
		if (agent.admission().role() != Role.AGENT) {
			throw new ProtocolException("agent_only", "Only the agent asks for a photo");
		}
		String requestId;
		try {
			requestId = this.evidence.request(agent.admission());
		}
		catch (EvidenceException ex) {
			throw new ProtocolException("photo_request_too_soon", ex.getMessage());
		}
		log.info("Photo {} requested in call {}", requestId, agent.admission().callId());
		publish(new Broadcast("request", agent.admission().callId(), requestId, this.evidence.countdown(), null, null,
				0, null, null));
	}

	@EventListener
	void added(EvidenceAdded added) {
		publish(new Broadcast("added", added.callId(), null, 0, added.evidenceId(), added.contentType(), added.size(),
				added.requestedBy(), added.at().toString()));
	}

	private void publish(Broadcast broadcast) {
		try {
			this.redis.convertAndSend(CHANNEL, this.json.writeValueAsString(broadcast));
		}
		catch (RuntimeException ex) {
			log.warn("Could not announce {} for call {}: {}", broadcast.kind(), broadcast.callId(), ex.getMessage());
		}
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		Broadcast broadcast;
		try {
			broadcast = this.json.readValue(message.getBody(), Broadcast.class);
		}
		catch (RuntimeException ex) {
			log.warn("Ignoring an unreadable evidence event: {}", ex.getMessage());
			return;
		}
		Set<ParticipantSession> local = this.sessions.forCall(broadcast.callId());
		for (ParticipantSession session : local) {
			if (!session.joined()) {
				continue;
			}
			if ("request".equals(broadcast.kind())) {
				session.writer().send(new ServerMessage.PhotoRequest(broadcast.requestId(), broadcast.countdown()));
			}
			else if ("added".equals(broadcast.kind())) {
				session.writer().send(new ServerMessage.PhotoAdded(broadcast.evidenceId(), broadcast.contentType(),
						broadcast.size(), broadcast.requestedBy(), broadcast.at()));
			}
		}
	}

}
