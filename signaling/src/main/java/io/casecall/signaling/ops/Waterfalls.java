package io.casecall.signaling.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.casecall.room.call.Call;
import io.casecall.room.call.ConnectTiming;
import io.casecall.room.call.Seat;
import io.casecall.room.token.Role;

/**
 * Turns a call record and its connect-time reports into a row of the ops call list: per role,
 * the latest reported join, its marks relative to the start of the connect time (the customer's
 * click on Join, the agent's page open) and the waterfall of segments between them.
 */
final class Waterfalls {

	static final String CUSTOMER_START = "join_click";

	static final String AGENT_START = "page_open";

	private Waterfalls() {
	}

	static OpsCalls.Row row(Call call, List<ConnectTiming> timings) {
		return new OpsCalls.Row(call.id(), call.spec().caseId(), call.status().wire(), call.sfu(), call.sfuInstance(),
				call.createdAt(), call.waitingAt(), call.connectedAt(), call.endedAt(),
				(call.endReason() != null) ? call.endReason().wire() : null, "/api/v1/ops/calls/" + call.id(),
				join(call, timings, Role.CUSTOMER), join(call, timings, Role.AGENT));
	}

	/** The latest report of a role, or {@code null} when the role has none. */
	static OpsCalls.Join join(Call call, List<ConnectTiming> timings, Role role) {
		List<ConnectTiming> reports = timings.stream()
			.filter((timing) -> timing.role() == role && timing.accepted())
			.toList();
		ConnectTiming latest = reports.stream().max(Comparator.comparingInt(ConnectTiming::join)).orElse(null);
		if (latest == null) {
			return null;
		}
		Seat seat = call.seat(role);
		// A customer's reconnect has no click: like an agent's join it counts from page open.
		boolean fromClick = (role == Role.CUSTOMER) && latest.marks().containsKey(CUSTOMER_START);
		double start = fromClick ? latest.marks().get(CUSTOMER_START) : 0;
		List<OpsCalls.Mark> marks = latest.marks()
			.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
			.map((mark) -> new OpsCalls.Mark(mark.getKey(), ConnectStats.round(mark.getValue() - start)))
			.toList();
		Double connect = latest.connectMs();
		return new OpsCalls.Join(latest.join(), seat.joins(), reports.size(), latest.outcome(), latest.reconnect(),
				(connect != null) ? ConnectStats.round(connect) : null, fromClick ? CUSTOMER_START : AGENT_START,
				joinedAt(seat, latest.join()),
				latest.reportedAt(), marks, segments(marks), latest.preconnected());
	}

	/** Consecutive segments from 0 through every mark at or after it (the start mark itself excluded). */
	static List<OpsCalls.Segment> segments(List<OpsCalls.Mark> marks) {
		List<OpsCalls.Segment> segments = new ArrayList<>();
		double previous = 0;
		for (OpsCalls.Mark mark : marks) {
			if (mark.atMs() < 0 || CUSTOMER_START.equals(mark.mark())) {
				continue;
			}
			segments.add(new OpsCalls.Segment(mark.mark(), previous, mark.atMs(),
					ConnectStats.round(mark.atMs() - previous)));
			previous = mark.atMs();
		}
		return segments;
	}

	/** When the server saw a join take the seat, where the record still knows it. */
	private static Instant joinedAt(Seat seat, int join) {
		if (join == seat.joins()) {
			return seat.lastJoinedAt();
		}
		return (join == 1) ? seat.firstJoinedAt() : null;
	}

}
