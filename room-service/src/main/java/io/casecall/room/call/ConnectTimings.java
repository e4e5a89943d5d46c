package io.casecall.room.call;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import io.casecall.room.token.Role;

/**
 * Connect-time reports: kept on each call's record (the per-phase evidence, returned with the
 * call) and indexed by time per role, so operations can compute percentiles over a window from
 * any node, after a restart too.
 */
@Service
public class ConnectTimings {

	/** How far back the window index reaches. */
	public static final Duration INDEX_SPAN = Duration.ofHours(25);

	private final CallRepository repository;

	private final JsonMapper json;

	ConnectTimings(CallRepository repository, JsonMapper json) {
		this.repository = repository;
		this.json = json;
	}

	/** One join's outcome within a window. */
	public record Sample(String callId, int join, String outcome, Double connectMs, Instant reportedAt) {
	}

	/**
	 * Stores a report once per join; accepted reports of clicked joins also go into the window
	 * index (reconnects and rejected reports stay on the call record only).
	 * @return {@code false} when this join already has a report (or the call is gone)
	 */
	public boolean record(String callId, ConnectTiming timing) {
		String member = (timing.reconnect() || !timing.accepted()) ? "" : callId + "|" + timing.join() + "|" + timing.outcome() + "|"
				+ ((timing.connectMs() != null) ? timing.connectMs() : "");
		return this.repository.recordTiming(callId, timing.role(), timing.join(), this.json.writeValueAsString(timing),
				timing.reportedAt(), member, timing.reportedAt().minus(INDEX_SPAN));
	}

	/** Every report of a role received in {@code [from, to]}, oldest first. */
	public List<Sample> window(Role role, Instant from, Instant to) {
		List<Sample> samples = new ArrayList<>();
		this.repository.timingWindow(role, from, to).forEach((member, score) -> {
			String[] parts = member.split("\\|", -1);
			samples.add(new Sample(parts[0], Integer.parseInt(parts[1]), parts[2],
					parts[3].isEmpty() ? null : Double.valueOf(parts[3]), Instant.ofEpochMilli(score.longValue())));
		});
		return samples;
	}

	/** Decodes the reports stored on a call record. */
	public List<ConnectTiming> of(Call call) {
		return call.timingJson().stream().map((text) -> this.json.readValue(text, ConnectTiming.class)).toList();
	}

}
