package io.casecall.signaling.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import io.casecall.room.call.Call;
import io.casecall.room.call.ConnectTiming;
import io.casecall.room.call.PresenceEntry;
import io.casecall.room.call.Seat;
import io.casecall.room.token.Role;

/**
 * A call record as the API shows it. Absent timestamps and values are omitted. Public so the ops
 * API ({@code GET /api/v1/ops/calls/{id}}) shows the very same record. {@code presence} (the
 * presence history) is in the record of one call, not in a case's list of calls.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallView(String callId, String caseId, String status, String reason, Money orderValue, String sfu,
		Instant createdAt, Instant waitingAt, Instant connectedAt, Instant endedAt, String endReason, String outcome,
		String note, Instant agentTokenExpiresAt, Instant inviteExpiresAt, List<Participant> participants,
		List<Timing> timings, @Schema(description = "The presence history, oldest first: every join, leave, "
				+ "lost connection, seat takeover, expired lease and media-service loss of both seats "
				+ "(capped to the newest 500 entries)") List<Presence> presence) {

	record Money(BigDecimal amount, String currency) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Participant(String participantId, String role, String displayName, boolean present, Instant firstJoinedAt,
			Instant lastJoinedAt, Instant lastLeftAt, String lastLeftCause, int joins) {
	}

	/**
	 * One entry of the presence history.
	 * @param at when it happened
	 * @param role whose seat ({@code agent} or {@code customer})
	 * @param cause {@code joined}, {@code rejoined}, {@code sfu_back}, {@code left}, {@code connection_lost},
	 * {@code seat_taken_over}, {@code lease_expired}, {@code sfu_lost}, {@code sfu_moved}, {@code server_shutdown},
	 * {@code call_ended} or {@code resumed}
	 * @param instance for {@code sfu_moved}: the SFU instance the call's media room moved to
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Presence(Instant at, String role, String cause, String instance) {
	}

	/**
	 * One join's connect-time report.
	 * @param reconnect an automatic rejoin (not counted in the connect-time indicator)
	 * @param connectMs the connect time it achieved, when it connected
	 * @param marks phase name to milliseconds since the page's navigation start
	 * @param serverMs what the server saw: its receipt of the join to the SFU's media-up event
	 * @param rejected why the report contradicts what the server saw (it then counts nowhere)
	 * @param preconnected whether the join's media was pre-connected at the click (absent: the page
	 * did not pre-connect)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Timing(String role, int join, String outcome, boolean reconnect, Double connectMs,
			Map<String, Double> marks, Instant reportedAt, Double serverMs, String rejected, Boolean preconnected) {
	}

	/** The record of one call, with its presence history. */
	public static CallView of(Call call, List<ConnectTiming> timings, List<PresenceEntry> presence) {
		CallView view = of(call, timings);
		return new CallView(view.callId, view.caseId, view.status, view.reason, view.orderValue, view.sfu,
				view.createdAt, view.waitingAt, view.connectedAt, view.endedAt, view.endReason, view.outcome,
				view.note, view.agentTokenExpiresAt, view.inviteExpiresAt, view.participants, view.timings,
				presence.stream()
					.map((entry) -> new Presence(entry.at(), entry.role().wire(), entry.cause().wire(), entry.instance()))
					.toList());
	}

	/** A call as listed (without its presence history). */
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
							timing.serverMs(), timing.rejected(), timing.preconnected()))
					.toList(),
				null);
	}

	private static Participant participant(Call call, Role role) {
		Seat seat = call.seat(role);
		return new Participant(seat.participantId(), role.wire(), call.displayName(role), seat.present(),
				seat.firstJoinedAt(), seat.lastJoinedAt(), seat.lastLeftAt(),
				(seat.leftCause() != null) ? seat.leftCause().wire() : null, seat.joins());
	}

}
