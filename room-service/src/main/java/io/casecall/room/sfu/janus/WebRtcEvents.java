package io.casecall.room.sfu.janus;

import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuListener.MediaState;

/**
 * Translates Janus's WebRTC events of a handle into listener calls: {@code trickle} into
 * candidates, {@code webrtcup} into {@link MediaState#CONNECTED}, the first {@code media}
 * receiving of a connection into {@link MediaState#RECEIVING} (Janus reports audio and video
 * apart), {@code slowlink} into {@link MediaState#SLOW}, {@code hangup} into
 * {@link MediaState#DISCONNECTED}. Used from one participant's serial executor only.
 */
final class WebRtcEvents {

	private static final Logger log = LoggerFactory.getLogger(WebRtcEvents.class);

	/** {@code pc + " " + mid} of every stream Janus says it receives. */
	private final Set<String> receiving = new HashSet<>();

	void deliver(String pc, JsonNode message, SfuListener listener) {
		String janus = message.path("janus").asString();
		switch (janus) {
			case "trickle" -> listener.onCandidate(pc, candidate(message.path("candidate")));
			case "webrtcup" -> listener.onMediaState(pc, MediaState.CONNECTED);
			case "media" -> {
				if (receiving(pc, message.path("mid").asString(message.path("type").asString()),
						message.path("receiving").asBoolean(false))) {
					listener.onMediaState(pc, MediaState.RECEIVING);
				}
			}
			case "slowlink" -> listener.onMediaState(pc, MediaState.SLOW);
			case "hangup" -> {
				forget(pc);
				listener.onMediaState(pc, MediaState.DISCONNECTED);
			}
			default -> log.trace("Janus {} for {} ignored", janus, pc);
		}
	}

	/** The connection is gone; a new one of the same name starts afresh. */
	void forget(String pc) {
		this.receiving.removeIf((key) -> key.startsWith(pc + " "));
	}

	/** Records a stream's state; {@code true} when the connection just started receiving anything. */
	private boolean receiving(String pc, String mid, boolean on) {
		String prefix = pc + " ";
		boolean before = this.receiving.stream().anyMatch((key) -> key.startsWith(prefix));
		if (on) {
			this.receiving.add(prefix + mid);
		}
		else {
			this.receiving.remove(prefix + mid);
		}
		return on && !before;
	}

	private static IceCandidate candidate(JsonNode c) {
		if (c.path("completed").asBoolean(false)) {
			return IceCandidate.endOfCandidates();
		}
		JsonNode index = c.path("sdpMLineIndex");
		return new IceCandidate(c.path("candidate").asString(), c.path("sdpMid").asString(null),
				index.isNumber() ? index.asInt() : null);
	}

}
