package io.casecall.signaling.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.Admission;
import io.casecall.room.call.ConnectTiming;
import io.casecall.room.call.ConnectTimings;
import io.casecall.room.system.StoreUnavailableException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Accepts a client's connect-time report only if it is believable, the first for the join it
 * names, made on the same socket, and agrees with what the server saw of that join itself (its
 * own join time and the SFU's media-up event); records it on the call and in the metrics. A
 * well-formed report that contradicts the server is kept on the call record as rejected, with the
 * reason, and counts nowhere else; a malformed one is dropped. Both are counted by reason, so a
 * client cannot poison the numbers.
 */
@Component
public class TimingReports {

	private static final Logger log = LoggerFactory.getLogger(TimingReports.class);

	private final ConnectTimings timings;

	private final CallMetrics metrics;

	private final Clock clock;

	/** Judges reports that waited for the SFU's media-up event (one at a time: they are rare). */
	private final ExecutorService late = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "casecall-timing-reports");
		thread.setDaemon(true);
		return thread;
	});

	/** By how much a report may undercut the server's own join-to-media-up span. */
	private final double toleranceMs;

	TimingReports(ConnectTimings timings, CallMetrics metrics, Clock clock,
			@Value("${casecall.signaling.timing-tolerance:100ms}") Duration tolerance) {
		this.timings = timings;
		this.metrics = metrics;
		this.clock = clock;
		this.toleranceMs = tolerance.toMillis();
	}

	/**
	 * @param socketJoin the join number of the socket that sent the report
	 * @param join the join number the report names
	 * @param claimedOutcome the outcome the client states, or {@code null} to infer it from the marks
	 * @param reconnect a join the client made by itself after losing its connection: recorded on
	 * the call, not counted in the connect-time metrics (nobody clicked)
	 * @param preconnected whether the join's media was pre-connected at the click ({@code null}: the
	 * page did not pre-connect); kept on the record
	 * @param server what the server saw of the socket's join
	 * @return {@code null} when accepted, else the reason it was dropped or rejected
	 */
	public String report(Admission admission, int socketJoin, int join, String claimedOutcome, boolean reconnect,
			Boolean preconnected, Map<String, Double> marks, ServerEvidence server) {
		String outcome = TimingRules.outcome(admission.role(), claimedOutcome, marks);
		String problem = (join != socketJoin) ? "wrong_join"
				: TimingRules.problem(admission.role(), outcome, reconnect, marks);
		if (problem == null) {
			String rejected = TimingRules.contradiction(admission.role(), outcome, marks, server,
					this.toleranceMs);
			ConnectTiming timing = new ConnectTiming(admission.role(), join, outcome, reconnect, Map.copyOf(marks),
					this.clock.instant(), server.joinToMediaUpMs(), rejected, preconnected);
			try {
				problem = this.timings.record(admission.callId(), timing) ? rejected : "duplicate";
			}
			catch (StoreUnavailableException ex) {
				problem = "store_unavailable";
			}
			if (problem == null && !reconnect) {
				observe(admission, timing);
			}
			else if (rejected != null && rejected.equals(problem)) {
				log.info("A {} connect-time report of call {} contradicts what the server saw ({}; join to report {} ms,"
						+ " to media up {} ms): kept as rejected", admission.role().wire(), admission.callId(), rejected,
						Math.round(server.joinToReportMs()), server.joinToMediaUpMs());
			}
		}
		this.metrics.timingReport(admission.role().wire(), problem);
		if (problem != null) {
			log.debug("Dropped a timing report: {}", problem);
		}
		return problem;
	}

	/**
	 * Like {@link #report}, once the server's evidence is complete: at once when it already is,
	 * else on a thread of its own when the SFU's media-up event arrives or the wait for it ends.
	 */
	public void reportWhen(CompletableFuture<ServerEvidence> server, Admission admission, int socketJoin, int join,
			String claimedOutcome, boolean reconnect, Boolean preconnected, Map<String, Double> marks) {
		if (server.isDone()) {
			report(admission, socketJoin, join, claimedOutcome, reconnect, preconnected, marks, server.join());
			return;
		}
		server.thenAcceptAsync((evidence) -> report(admission, socketJoin, join, claimedOutcome, reconnect,
				preconnected, marks, evidence), this.late);
	}

	@PreDestroy
	void stop() {
		this.late.shutdownNow();
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
