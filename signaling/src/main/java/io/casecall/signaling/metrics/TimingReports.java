package io.casecall.signaling.metrics;

import java.time.Clock;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.Admission;
import io.casecall.room.call.ConnectTiming;
import io.casecall.room.call.ConnectTimings;
import io.casecall.room.system.StoreUnavailableException;

import org.springframework.stereotype.Component;

/**
 * Accepts a client's connect-time report only if it is believable and the first for the join it
 * names, made on the same socket; records it on the call and in the metrics. Everything else is
 * dropped with a counter by reason, so a client cannot poison the numbers.
 */
@Component
public class TimingReports {

	private static final Logger log = LoggerFactory.getLogger(TimingReports.class);

	private final ConnectTimings timings;

	private final CallMetrics metrics;

	private final Clock clock;

	TimingReports(ConnectTimings timings, CallMetrics metrics, Clock clock) {
		this.timings = timings;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * @param socketJoin the join number of the socket that sent the report
	 * @param join the join number the report names
	 * @param claimedOutcome the outcome the client states, or {@code null} to infer it from the marks
	 * @param reconnect a join the client made by itself after losing its connection: recorded on
	 * the call, not counted in the connect-time metrics (nobody clicked)
	 * @return {@code null} when accepted, else the reason it was dropped
	 */
	public String report(Admission admission, int socketJoin, int join, String claimedOutcome, boolean reconnect,
			Map<String, Double> marks) {
		String outcome = TimingRules.outcome(admission.role(), claimedOutcome, marks);
		String problem = (join != socketJoin) ? "wrong_join"
				: TimingRules.problem(admission.role(), outcome, reconnect, marks);
		if (problem == null) {
			ConnectTiming timing = new ConnectTiming(admission.role(), join, outcome, reconnect, Map.copyOf(marks),
					this.clock.instant());
			try {
				problem = this.timings.record(admission.callId(), timing) ? null : "duplicate";
			}
			catch (StoreUnavailableException ex) {
				problem = "store_unavailable";
			}
			if (problem == null && !reconnect) {
				observe(admission, timing);
			}
		}
		this.metrics.timingReport(admission.role().wire(), problem);
		if (problem != null) {
			log.debug("Dropped a timing report: {}", problem);
		}
		return problem;
	}

	private void observe(Admission admission, ConnectTiming timing) {
		String role = timing.role().wire();
		String sfu = admission.call().sfu();
		double start = TimingRules.start(timing.role(), timing.marks());
		timing.marks().forEach((phase, at) -> {
			if (at >= start) {
				this.metrics.phase(role, sfu, phase, at - start);
			}
		});
		Double connect = timing.connectMs();
		double spent = (connect != null) ? connect
				: timing.marks().values().stream().mapToDouble(Double::doubleValue).max().orElse(start) - start;
		this.metrics.connect(role, sfu, timing.outcome(), Math.max(0, spent));
	}

}
