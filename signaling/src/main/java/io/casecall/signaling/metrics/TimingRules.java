package io.casecall.signaling.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.casecall.room.call.ConnectTiming;
import io.casecall.room.token.Role;

/**
 * What makes a connect-time report believable (docs/protocol.md): known marks only, finite,
 * within [0, {@link #MAX_MS}] of the page's start and {@link #MAX_SPAN_MS} of the join's start,
 * in the documented order, and {@code connected} only with its end mark.
 */
final class TimingRules {

	static final Set<String> MARKS = Set.of("page_ready", "ws_open", "media_ready", "join_click", "join_sent",
			"join_ack", "publish_offer", "publish_answer", "subscribe_offer", "subscribe_answer", "ice_connected",
			"dtls_connected", "media_published", "first_frame", "preconnect_sent", "pre_ice_connected",
			"pre_dtls_connected");

	/** Marks count from the page's navigation start: a page may sit on its preview for hours. */
	static final double MAX_MS = 86_400_000;

	/** From the start of a join to its last mark: ten minutes is already far beyond any use. */
	static final double MAX_SPAN_MS = 600_000;

	/** Chains of marks that must not decrease where both are present. */
	private static final List<List<String>> ORDER = List.of(List.of("page_ready", "ws_open"),
			List.of("join_click", "join_sent", "join_ack", "ice_connected", "dtls_connected", "first_frame"),
			List.of("publish_offer", "publish_answer"), List.of("subscribe_offer", "subscribe_answer"),
			List.of("join_sent", "media_published"),
			// a pre-connection's own phases (before join_click allowed; outside the connect time)
			List.of("ws_open", "preconnect_sent", "pre_ice_connected", "pre_dtls_connected"));

	private TimingRules() {
	}

	/** Why the marks are not acceptable, or {@code null} when they are. */
	static String problem(Role role, String outcome, boolean reconnect, Map<String, Double> marks) {
		for (Map.Entry<String, Double> mark : marks.entrySet()) {
			if (!MARKS.contains(mark.getKey())) {
				return "unknown_mark";
			}
			double value = mark.getValue();
			if (!Double.isFinite(value)) {
				return "not_a_number";
			}
			if (value < 0 || value > MAX_MS) {
				return "out_of_range";
			}
		}
		for (List<String> chain : ORDER) {
			Double previous = null;
			for (String name : chain) {
				Double value = marks.get(name);
				if (value != null) {
					if (previous != null && value < previous) {
						return "out_of_order";
					}
					previous = value;
				}
			}
		}
		if (role == Role.CUSTOMER && !reconnect && !marks.containsKey("join_click")) {
			return "missing_start";
		}
		Double start = marks.getOrDefault("join_click", marks.get("join_sent"));
		if (start != null && marks.values().stream().anyMatch((value) -> value - start > MAX_SPAN_MS)) {
			return "out_of_range";
		}
		if ("connected".equals(outcome) && !marks.containsKey(ConnectTiming.endMark(role))) {
			return "missing_end";
		}
		return null;
	}

	/**
	 * Why a well-formed report contradicts what the server saw of the same join, or {@code null}
	 * when it agrees (docs/protocol.md, "What the server stands by"). Spans are compared, never
	 * clocks: the client's span from sending its join to its end mark cannot be shorter than the
	 * server's from receiving that join to the SFU's media-up (less {@code toleranceMs}), and no
	 * mark after the join can lie further from it than the report's own arrival.
	 */
	static String contradiction(Role role, String outcome, Map<String, Double> marks, ServerEvidence server,
			double toleranceMs) {
		Double sent = marks.get("join_sent");
		if (sent != null) {
			double last = marks.values().stream().mapToDouble(Double::doubleValue).max().orElse(sent);
			if (last - sent > server.joinToReportMs() + toleranceMs) {
				return "later_than_report";
			}
		}
		if (!"connected".equals(outcome)) {
			return null;
		}
		if (server.sfuReportsMediaUp() && server.joinToMediaUpMs() == null) {
			return "no_media_up";
		}
		Double end = marks.get(ConnectTiming.endMark(role));
		double from = (sent != null) ? sent : start(role, marks);
		if (server.joinToMediaUpMs() != null && end != null && end - from < server.joinToMediaUpMs() - toleranceMs) {
			return "faster_than_server";
		}
		return null;
	}

	/** The outcome a report claims, or the one its marks show when it claims none. */
	static String outcome(Role role, String claimed, Map<String, Double> marks) {
		if (claimed != null) {
			return claimed;
		}
		return marks.containsKey(ConnectTiming.endMark(role)) ? "connected" : "abandoned";
	}

	/** Where the connect time starts: the click on Join for a customer, page open for an agent. */
	static double start(Role role, Map<String, Double> marks) {
		return (role == Role.CUSTOMER) ? marks.getOrDefault("join_click", 0.0) : 0;
	}

}
