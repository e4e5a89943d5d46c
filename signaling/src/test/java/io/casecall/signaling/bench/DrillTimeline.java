package io.casecall.signaling.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One fault's timeline for {@link FaultDrill}: both pages' connection timelines
 * ({@code window.casecall.timeline()}: network, probe, sockets, join, each peer connection's
 * ICE/connection states and restarts) and when each page decoded video again, in ms relative to
 * the end of the fault (each page's clock is read at that moment, so the two line up).
 */
final class DrillTimeline {

	private final List<Line> lines = new ArrayList<>();

	private record Line(double at, String page, String what) {
	}

	/**
	 * Adds one page's timeline entries from {@code fromMs} (relative, usually the fault's start)
	 * on; {@code pageEnd} is the page's clock at the end of the fault.
	 */
	void page(String page, List<Map<String, Object>> entries, double pageEnd, long fromMs) {
		if (pageEnd < 0) {
			return;
		}
		for (Map<String, Object> entry : entries) {
			double at = ((Number) entry.get("at")).doubleValue() - pageEnd;
			if (at >= fromMs) {
				Object detail = entry.get("detail");
				this.lines.add(new Line(at, page, entry.get("what") + ((detail == null) ? "" : " " + detail)));
			}
		}
	}

	/** When a page decoded video again after the fault (the frame watch's measure), {@code -1}: not known. */
	void videoBack(String page, long backMs) {
		if (backMs >= 0) {
			this.lines.add(new Line(backMs, page, "VIDEO DECODED AGAIN (frame watch: first frame after the stall)"));
		}
	}

	/** When a page received RTP again after the fault (the media path back, before decoding). */
	void packetsBack(String page, long backMs) {
		if (backMs >= 0) {
			this.lines.add(new Line(backMs, page, "RTP PACKETS RECEIVED AGAIN (frame watch)"));
		}
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		this.lines.stream()
			.sorted(Comparator.comparingDouble(Line::at))
			.forEach((line) -> text.append(String.format(Locale.ROOT, "%+8.0f ms  %-8s %s%n", line.at(), line.page(),
					line.what())));
		return text.toString();
	}

}
