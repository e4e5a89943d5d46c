package io.casecall.signaling.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.casecall.room.call.Call;
import io.casecall.room.call.CallService;
import io.casecall.room.call.ConnectTimings;
import io.casecall.room.call.CreatedCall;
import io.casecall.room.call.EndReason;
import io.casecall.room.call.Outcome;
import io.casecall.room.sfu.SfuProperties;
import io.casecall.signaling.security.ApiKeyFilter;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The call API a case system uses: escalate a case to a call, read it, end it, list a case's calls. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class CallController {

	static final String CALL_ID = "[A-Za-z0-9_-]{1,64}";

	private final CallService calls;

	private final ApiProperties properties;

	private final SfuProperties sfu;

	private final ConnectTimings timings;

	CallController(CallService calls, ApiProperties properties, SfuProperties sfu, ConnectTimings timings) {
		this.calls = calls;
		this.properties = properties;
		this.sfu = sfu;
		this.timings = timings;
	}

	/** Creates a call for a case; repeat with the same {@code Idempotency-Key} to get the same call. */
	@PostMapping(path = "/calls", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<CreatedCallView> create(@Valid @RequestBody CreateCallRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Size(min = 1, max = 255) @Pattern(
					regexp = "[\\x21-\\x7E]+", message = "must be 1-255 visible ASCII characters") String idempotencyKey,
			HttpServletRequest http) {
		String client = (String) http.getAttribute(ApiKeyFilter.CLIENT);
		CreatedCall created = this.calls.create(request.toSpec(), this.sfu.type(), client, idempotencyKey);
		Call call = created.call();
		CreatedCallView body = new CreatedCallView(call.id(), call.spec().caseId(), call.status().wire(),
				this.properties.url("/agent#token=" + created.agentToken()),
				this.properties.url("/join#token=" + created.inviteToken()), call.agentTokenExpiresAt(),
				call.inviteExpiresAt(), call.createdAt());
		URI location = URI.create(this.properties.url("/api/v1/calls/" + call.id()));
		return created.replayed() ? ResponseEntity.ok().location(location).body(body)
				: ResponseEntity.created(location).body(body);
	}

	/** The call's record with its presence history. */
	@GetMapping("/calls/{callId}")
	CallView get(@PathVariable @Pattern(regexp = CALL_ID) String callId) {
		return record(this.calls.get(callId));
	}

	/** Ends a call (idempotent) and revokes its tokens. */
	@PostMapping(path = "/calls/{callId}/end")
	CallView end(@PathVariable @Pattern(regexp = CALL_ID) String callId,
			@Valid @RequestBody(required = false) EndCallRequest request) {
		Outcome outcome = (request != null) ? Outcome.fromWire(request.outcome()) : null;
		String note = (request != null) ? request.note() : null;
		return record(this.calls.end(callId, EndReason.AGENT_ENDED, outcome, note));
	}

	/**
	 * A fresh agent link for an open call (the agent's tab was closed or crashed, or the link's
	 * token expired before the agent opened it). Ended calls answer 410 {@code call_ended}.
	 */
	@PostMapping("/calls/{callId}/agent-link")
	AgentLinkView agentLink(@PathVariable @Pattern(regexp = CALL_ID) String callId) {
		CallService.IssuedToken token = this.calls.reissueAgentToken(callId);
		return new AgentLinkView(callId, this.properties.url("/agent#token=" + token.token()), token.expiresAt());
	}

	/** A case's calls, newest first. */
	@GetMapping("/cases/{caseId}/calls")
	CaseCallsView history(@PathVariable @Pattern(regexp = "[A-Za-z0-9._:-]{1,64}") String caseId,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
		return new CaseCallsView(caseId, this.calls.history(caseId, limit).stream().map(this::view).toList());
	}

	private CallView view(Call call) {
		return CallView.of(call, this.timings.of(call));
	}

	private CallView record(Call call) {
		return CallView.of(call, this.timings.of(call), this.calls.presence(call.id()));
	}

	record CaseCallsView(String caseId, List<CallView> calls) {
	}

	record AgentLinkView(String callId, String agentJoinUrl, Instant agentTokenExpiresAt) {
	}

}
