package io.casecall.signaling.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.Call;
import io.casecall.room.call.CallService;
import io.casecall.room.call.CallStatus;
import io.casecall.room.call.CallStatusChanged;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns a call's status changes into {@code call.*} events, on the node where the change was
 * written. Each event's id derives from the call id and the event type, so the same change seen
 * twice (a rejoin that reports {@code connected} again, a retried request) is enqueued once.
 */
@Component
class CallWebhooks {

	private static final Logger log = LoggerFactory.getLogger(CallWebhooks.class);

	private final Webhooks webhooks;

	private final CallService calls;

	private final CallEvidence evidence;

	CallWebhooks(Webhooks webhooks, CallService calls, CallEvidence evidence) {
		this.webhooks = webhooks;
		this.calls = calls;
		this.evidence = evidence;
	}

	@EventListener
	void on(CallStatusChanged change) {
		if (!this.webhooks.enabled()) {
			return;
		}
		try {
			Call call = this.calls.get(change.callId());
			if (change.status() == CallStatus.CREATED) {
				send("call.created", call, call.createdAt(), base(call));
			}
			if ((change.status() == CallStatus.WAITING || change.status() == CallStatus.CONNECTED)
					&& call.waitingAt() != null) {
				// a customer who joined first: the agent's join moves the call through waiting to
				// connected at once, and both events go out, in order
				Map<String, Object> data = base(call);
				data.put("waitingAt", iso(call.waitingAt()));
				send("call.waiting", call, call.waitingAt(), data);
			}
			if (change.status() == CallStatus.CONNECTED && call.connectedAt() != null) {
				Map<String, Object> data = base(call);
				data.put("waitingAt", iso(call.waitingAt()));
				data.put("connectedAt", iso(call.connectedAt()));
				data.put("secondsToConnect", seconds(call.createdAt(), call.connectedAt()));
				send("call.connected", call, call.connectedAt(), data);
			}
			if (change.status() == CallStatus.ENDED && call.endedAt() != null) {
				send("call.ended", call, call.endedAt(), ended(call));
			}
		}
		catch (RuntimeException ex) {
			// never fails the call operation that published the change
			log.warn("No webhook for call {} becoming {}: {}", change.callId(), change.status().wire(),
					ex.getMessage());
		}
	}

	private Map<String, Object> ended(Call call) {
		Map<String, Object> data = base(call);
		data.put("endedAt", iso(call.endedAt()));
		data.put("reason", (call.endReason() != null) ? call.endReason().wire() : null);
		data.put("outcome", (call.outcome() != null) ? call.outcome().wire() : null);
		data.put("note", call.note());
		Map<String, Object> durations = new LinkedHashMap<>();
		durations.put("totalSeconds", seconds(call.createdAt(), call.endedAt()));
		durations.put("waitingSeconds", seconds(call.waitingAt(), (call.connectedAt() != null) ? call.connectedAt()
				: call.endedAt()));
		durations.put("connectedSeconds", seconds(call.connectedAt(), call.endedAt()));
		data.put("durations", durations);
		data.put("connectedAt", iso(call.connectedAt()));
		data.put("evidence", this.evidence.of(call.id()));
		return data;
	}

	private void send(String type, Call call, Instant at, Map<String, Object> data) {
		this.webhooks.enqueue(Webhooks.eventId(type, call.id(), ""), type, call.id(), at, data);
	}

	private static Map<String, Object> base(Call call) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("caseId", call.spec().caseId());
		data.put("createdAt", iso(call.createdAt()));
		return data;
	}

	private static String iso(Instant at) {
		return (at != null) ? at.toString() : null;
	}

	private static Double seconds(Instant from, Instant to) {
		return (from != null && to != null) ? Duration.between(from, to).toMillis() / 1000.0 : null;
	}

}
