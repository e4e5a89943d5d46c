package io.casecall.signaling.webhook;

import java.time.Clock;
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
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Turns a call's status changes into {@code call.*} events, on the node where the change was
 * written. Each event's id derives from the call id and the event type, so the same change seen
 * twice (a rejoin that reports {@code connected} again, a retried request) is enqueued once.
 * <p>
 * The status is written first and the event enqueued right after it: a node that dies in between
 * would lose that event. So every node also catches up ({@link #catchUp}): for every call whose
 * status changed lately (the store keeps calls by the time of their changes, marked before the
 * change is written: {@link CallService#changedBetween}, however many calls were created since)
 * it enqueues every event the record shows; what is queued already is not queued again. A first
 * join is marked just after its write, so a node dying right there leaves {@code call.waiting} or
 * {@code call.connected} to the catch-up of the call's end, which sends every event the record
 * shows: late, not lost.
 */
@Component
class CallWebhooks {

	private static final Logger log = LoggerFactory.getLogger(CallWebhooks.class);

	/** A change younger than this is still being enqueued by its own node. */
	private static final Duration SETTLE = Duration.ofSeconds(5);

	private final Webhooks webhooks;

	private final CallService calls;

	private final CallEvidence evidence;

	private final Clock clock;

	private final Duration interval;

	CallWebhooks(Webhooks webhooks, CallService calls, CallEvidence evidence, Clock clock,
			WebhookProperties properties) {
		this.webhooks = webhooks;
		this.calls = calls;
		this.evidence = evidence;
		this.clock = clock;
		this.interval = properties.catchUp();
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
				send("call.waiting", call, call.waitingAt(), waiting(call));
			}
			if (change.status() == CallStatus.CONNECTED && call.connectedAt() != null) {
				send("call.connected", call, call.connectedAt(), connected(call));
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

	/**
	 * Enqueues the events of recently changed calls that are not queued yet (every
	 * {@code casecall.webhooks.catch-up}, for changes from ten intervals ago up to a few seconds ago,
	 * so that a change whose own enqueue is still under way is left to it).
	 */
	@Scheduled(initialDelayString = "${casecall.webhooks.catch-up:1m}", fixedDelayString = "${casecall.webhooks.catch-up:1m}")
	void catchUp() {
		if (!this.webhooks.enabled()) {
			return;
		}
		Instant now = this.clock.instant();
		catchUp(now.minus(this.interval.multipliedBy(10)), now.minus(SETTLE));
	}

	/** Enqueues the missing events of the calls whose status changed in [from, to]. */
	int catchUp(Instant from, Instant to) {
		int sent = 0;
		try {
			for (Call call : this.calls.changedBetween(from, to)) {
				sent += sendAll(call);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Webhook catch-up stopped: {}", ex.getMessage());
		}
		if (sent > 0) {
			log.warn("Webhook catch-up queued {} call event(s) that no node had queued", sent);
		}
		return sent;
	}

	/** Every event the record shows has happened; returns how many were not queued before. */
	private int sendAll(Call call) {
		int sent = send("call.created", call, call.createdAt(), base(call)) ? 1 : 0;
		if (call.waitingAt() != null) {
			sent += send("call.waiting", call, call.waitingAt(), waiting(call)) ? 1 : 0;
		}
		if (call.connectedAt() != null) {
			sent += send("call.connected", call, call.connectedAt(), connected(call)) ? 1 : 0;
		}
		if (call.status() == CallStatus.ENDED && call.endedAt() != null) {
			sent += send("call.ended", call, call.endedAt(), ended(call)) ? 1 : 0;
		}
		return sent;
	}

	private Map<String, Object> waiting(Call call) {
		Map<String, Object> data = base(call);
		data.put("waitingAt", iso(call.waitingAt()));
		return data;
	}

	private Map<String, Object> connected(Call call) {
		Map<String, Object> data = waiting(call);
		data.put("connectedAt", iso(call.connectedAt()));
		data.put("secondsToConnect", seconds(call.createdAt(), call.connectedAt()));
		return data;
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

	private boolean send(String type, Call call, Instant at, Map<String, Object> data) {
		return this.webhooks.enqueue(Webhooks.eventId(type, call.id(), ""), type, call.id(), at, data);
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
