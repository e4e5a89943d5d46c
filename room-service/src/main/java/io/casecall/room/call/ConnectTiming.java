package io.casecall.room.call;

import java.time.Instant;
import java.util.Map;
import io.casecall.room.token.Role;

/**
 * One join's connect-time report, validated (docs/protocol.md, "Connect-time report").
 *
 * @param role whose join
 * @param join the seat's join number
 * @param outcome {@code connected}, {@code failed} or {@code abandoned}
 * @param reconnect whether the join was an automatic reconnect (kept as evidence, not counted in
 * the connect-time indicator: nobody clicked)
 * @param marks phase name to milliseconds since the page's navigation start
 * @param reportedAt when the server received it
 * @param serverMs what the server saw itself: from its receipt of the join to the SFU's media-up
 * event of that join (Janus {@code webrtcup}); {@code null} when the SFU reported none
 * @param rejected why the report contradicts what the server saw ({@code no_media_up},
 * {@code faster_than_server}, {@code later_than_report}); {@code null} when accepted. A rejected
 * report stays on the record as evidence and never counts in any connect-time number
 * @param preconnected whether the join's media was pre-connected (ICE and DTLS up) at the click
 * (docs/protocol.md, "Pre-connection"); {@code null} when the page did not pre-connect. Its
 * {@code pre_*} marks lie before {@code join_click}, outside the connect time
 */
public record ConnectTiming(Role role, int join, String outcome, boolean reconnect, Map<String, Double> marks,
		Instant reportedAt, Double serverMs, String rejected, Boolean preconnected) {

	/** An accepted report without server evidence. */
	public ConnectTiming(Role role, int join, String outcome, boolean reconnect, Map<String, Double> marks,
			Instant reportedAt) {
		this(role, join, outcome, reconnect, marks, reportedAt, null, null, null);
	}

	public boolean accepted() {
		return this.rejected == null;
	}

	/**
	 * The connect time this join achieved: customer {@code first_frame - join_click}, agent
	 * {@code media_published}; {@code null} when it did not connect or the report was rejected.
	 */
	public Double connectMs() {
		if (!"connected".equals(this.outcome) || this.reconnect || this.rejected != null) {
			return null;
		}
		if (this.role == Role.CUSTOMER) {
			Double start = this.marks.get("join_click");
			Double end = this.marks.get("first_frame");
			return (start != null && end != null) ? end - start : null;
		}
		return this.marks.get("media_published");
	}

	/** The mark a connected report of this role must contain. */
	public static String endMark(Role role) {
		return (role == Role.CUSTOMER) ? "first_frame" : "media_published";
	}

}
