package io.casecall.signaling.ws;

import java.util.List;
import java.util.Map;

import io.casecall.room.call.Outcome;
import io.casecall.room.sfu.IceCandidate;

/** A message from the browser (docs/protocol.md, "Client to server"), already validated. */
sealed interface ClientMessage {

	/** Wire name of the message type. */
	String type();

	/**
	 * Take the seat and join the media room; {@code offer} may ride along, or {@code resume} (the
	 * page kept its peer connections after losing its socket).
	 */
	record Join(String callId, String device, Offer offer, Resume resume) implements ClientMessage {
		public String type() {
			return "join";
		}
	}

	/**
	 * Connect my media before the join, held by the SFU until {@code join} (the customer still
	 * looks at the preview): what the SFU offers goes out before {@code joined}.
	 */
	record Preconnect() implements ClientMessage {
		public String type() {
			return "preconnect";
		}
	}

	/** The media session a joining page asks to resume, and the peer connections it still holds. */
	record Resume(String participantId, List<String> pcs) {
	}

	record Offer(String pc, String sdp) implements ClientMessage {
		public String type() {
			return "offer";
		}
	}

	/** ICE restart of a connection the server offered: answered by an {@code offer} for it. */
	record Restart(String pc) implements ClientMessage {
		public String type() {
			return "restart";
		}
	}

	/**
	 * The page's media path is back after a loss (network returned, session resumed, a connection
	 * connected again): the SFU asks for keyframes of the video it receives and sends, instead of the
	 * receivers' own periodic requests (up to 3 s later).
	 */
	record Keyframe() implements ClientMessage {
		public String type() {
			return "keyframe";
		}
	}

	record Answer(String pc, String sdp) implements ClientMessage {
		public String type() {
			return "answer";
		}
	}

	record Candidate(String pc, IceCandidate candidate) implements ClientMessage {
		public String type() {
			return "candidate";
		}
	}

	record Media(boolean audio, boolean video) implements ClientMessage {
		public String type() {
			return "media";
		}
	}

	/**
	 * A connect-time report: mark name to {@code performance.now()} milliseconds, the client's
	 * view of how the join went ({@code connected}, {@code failed}, {@code abandoned}; {@code null}
	 * when not given), whether the join was an automatic reconnect rather than a click, and whether
	 * its media was pre-connected at the click ({@code null} when the page did not pre-connect).
	 */
	record Timings(int join, String outcome, boolean reconnect, Boolean preconnected,
			Map<String, Double> marks) implements ClientMessage {
		public String type() {
			return "timings";
		}
	}

	record Leave() implements ClientMessage {
		public String type() {
			return "leave";
		}
	}

	record End(Outcome outcome, String note) implements ClientMessage {
		public String type() {
			return "end";
		}
	}

	/** The agent asks the customer's page for a photo (PhotoMessages). */
	record PhotoRequest() implements ClientMessage {
		public String type() {
			return "photo_request";
		}
	}

	record Ping(Double ts) implements ClientMessage {
		public String type() {
			return "ping";
		}
	}

}
