package io.casecall.signaling.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.casecall.room.call.Call;
import io.casecall.room.call.ConnectTiming;
import io.casecall.room.call.Seat;
import io.casecall.room.token.Role;

/**
 * A call record as the API shows it. Absent timestamps and values are omitted. Public so the ops
 * API ({@code GET /api/v1/ops/calls/{id}}) shows the very same record.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallView(String callId, String caseId, String status, String reason, Money orderValue, String sfu,
		Instant createdAt, Instant waitingAt, Instant connectedAt, Instant endedAt, String endReason, String outcome,
		String note, Instant agentTokenExpiresAt, Instant inviteExpiresAt, List<Participant> participants,
		List<Timing> timings) {

	record Money(BigDecimal amount, String currency) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Participant(String participantId, String role, String displayName, boolean present, Instant firstJoinedAt,
			Instant lastJoinedAt, Instant lastLeftAt, int joins) {
	}

	/**
	 * One join's connect-time report.
	 * @param reconnect an automatic rejoin (not counted in the connect-time indicator)
	 * @param connectMs the connect time it achieved, when it connected
	 * @param marks phase name to milliseconds since the page's navigation start
	 * @param serverMs what the server saw: its receipt of the join to the SFU's media-up event
	 * @param rejected why the report contradicts what the server saw (it then counts nowhere)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Timing(String role, int join, String outcome, boolean reconnect, Double connectMs,
			Map<String, Double> marks, Instant reportedAt, Double serverMs, String rejected) {
	}

	public static CallView of(Call call, List<ConnectTiming> timings) {
		Money money = (call.spec().orderValue() != null)
				? new Money(call.spec().orderValue().amount(), call.spec().orderValue().currency()) : null;
		return new CallView(call.id(), call.spec().caseId(), call.status().wire(), call.spec().reason(), money,
				call.sfu(), call.createdAt(), call.waitingAt(), call.connectedAt(), call.endedAt(),
				(call.endReason() != null) ? call.endReason().wire() : null,
				(call.outcome() != null) ? call.outcome().wire() : null, call.note(), call.agentTokenExpiresAt(),
				call.inviteExpiresAt(), List.of(participant(call, Role.AGENT), participant(call, Role.CUSTOMER)),
				timings.stream()
					.map((timing) -> new Timing(timing.role().wire(), timing.join(), timing.outcome(),
							timing.reconnect(), timing.connectMs(), new TreeMap<>(timing.marks()), timing.reportedAt(),
							timing.serverMs(), timing.rejected()))
					.toList());
	}

	private static Participant participant(Call call, Role role) {
		Seat seat = call.seat(role);
		return new Participant(seat.participantId(), role.wire(), call.displayName(role), seat.present(),
				seat.firstJoinedAt(), seat.lastJoinedAt(), seat.lastLeftAt(), seat.joins());
	}

}
