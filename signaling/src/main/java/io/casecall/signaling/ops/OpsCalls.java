package io.casecall.signaling.ops;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/v1/ops/calls}: the most recent calls, each with where its joins' time went.
 *
 * @param limit how many calls were asked for
 * @param calls newest first
 */
record OpsCalls(int limit, List<Row> calls) {

	/**
	 * One call.
	 * @param href the full record under the ops key ({@code GET /api/v1/ops/calls/{id}})
	 * @param customer the customer's latest reported join, {@code null} before any report
	 * @param agent the agent's latest reported join, {@code null} before any report
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Row(String callId, String caseId, String status, String sfu, String sfuInstance, Instant createdAt,
			Instant waitingAt, Instant connectedAt, Instant endedAt, String endReason, String href, Join customer,
			Join agent) {
	}

	/**
	 * A role's latest reported join and its waterfall.
	 * @param join the seat's join number the report is for
	 * @param joins how many times the seat was joined (reloads and reconnects count)
	 * @param reports how many joins of this seat have a report
	 * @param outcome {@code connected}, {@code failed} or {@code abandoned}
	 * @param reconnect the client rejoined by itself after losing its connection: nobody clicked,
	 * so it has no connect time and is not in the summary
	 * @param connectMs the connect time, when connected
	 * @param start what the offsets are relative to: {@code join_click} (customer) or
	 * {@code page_open} (agent, and a customer's reconnect: navigation start)
	 * @param joinedAt server clock: when this join took the seat (known for the first and the latest join)
	 * @param reportedAt server clock: when the report arrived
	 * @param marks every reported mark, by time, relative to {@code start} (negative: before it)
	 * @param segments the waterfall: from {@code start} to the last mark, each segment ending at the
	 * mark it names and starting at the previous one; their durations add up to the last mark
	 * @param preconnected whether the page's media was pre-connected at the click (instant join;
	 * absent when the page did not pre-connect); its {@code pre_*} marks are among the negative ones
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Join(int join, int joins, int reports, String outcome, boolean reconnect, Double connectMs, String start,
			Instant joinedAt,
			Instant reportedAt, List<Mark> marks, List<Segment> segments, Boolean preconnected) {
	}

	/** A mark, relative to the join's start. */
	record Mark(String mark, double atMs) {
	}

	/** Time spent until {@code phase} was reached: {@code [fromMs, toMs]} relative to the join's start. */
	record Segment(String phase, double fromMs, double toMs, double ms) {
	}

}
