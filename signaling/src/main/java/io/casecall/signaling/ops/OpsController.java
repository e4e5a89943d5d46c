package io.casecall.signaling.ops;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import io.casecall.room.call.Call;
import io.casecall.room.call.CallService;
import io.casecall.room.call.ConnectTimings;
import io.casecall.room.token.Role;
import io.casecall.signaling.api.CallView;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ops dashboard's API ({@code /api/v1/ops/**}, guarded by an ops key in {@code X-API-Key}).
 * Everything is read from the call store (call records and the per-role timing index), never
 * from this node's memory, so every node answers the same and a restart loses nothing.
 */
@RestController
@RequestMapping(path = "/api/v1/ops", produces = MediaType.APPLICATION_JSON_VALUE)
class OpsController {

	/** The connect-time target of the service (docs/metrics.md): p95 at or below 600 ms. */
	static final double TARGET_MS = 600;

	private static final String CALL_ID = "[A-Za-z0-9_-]{1,64}";

	private final CallService calls;

	private final ConnectTimings timings;

	private final Clock clock;

	OpsController(CallService calls, ConnectTimings timings, Clock clock) {
		this.calls = calls;
		this.timings = timings;
		this.clock = clock;
	}

	/** Connect-time statistics of customers and agents over the last {@code window}. */
	@GetMapping("/summary")
	OpsSummary summary(@RequestParam(defaultValue = "15m") @Pattern(regexp = OpsWindow.PATTERN,
			message = "must be one of 15m, 1h, 24h") String window) {
		OpsWindow span = OpsWindow.of(window);
		Instant to = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Instant from = to.minus(span.length());
		return new OpsSummary(span.wire(), from, to, span.step().toSeconds(), TARGET_MS, this.calls.openCount(),
				ConnectStats.of(this.timings.window(Role.CUSTOMER, from, to), TARGET_MS, from, to, span.step()),
				ConnectStats.of(this.timings.window(Role.AGENT, from, to), TARGET_MS, from, to, span.step()));
	}

	/** The most recent calls with their waterfalls, newest first. */
	@GetMapping("/calls")
	OpsCalls recent(@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
		return new OpsCalls(limit,
				this.calls.recent(limit).stream().map((call) -> Waterfalls.row(call, this.timings.of(call))).toList());
	}

	/** The full call record, exactly as the call API shows it ({@code GET /api/v1/calls/{id}}). */
	@GetMapping("/calls/{callId}")
	CallView record(@PathVariable @Pattern(regexp = CALL_ID) String callId) {
		Call call = this.calls.get(callId);
		return CallView.of(call, this.timings.of(call), this.calls.presence(callId));
	}

}
