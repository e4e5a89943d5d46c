package io.casecall.signaling.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.casecall.room.call.Admission;
import io.casecall.room.call.Call;
import io.casecall.room.call.CallAccess;
import io.casecall.room.call.CallService;
import io.casecall.room.token.InvalidTokenException;
import io.casecall.room.token.Role;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a call page needs before joining, for the bearer of a room token: who they are, the
 * call's context, and (for the agent) the customer's invite link. A refused token gets a 401
 * problem whose {@code code} tells the page which friendly message to show.
 */
@RestController
class SessionController {

	private final CallAccess access;

	private final CallService calls;

	private final ApiProperties properties;

	private final IceServers iceServers;

	SessionController(CallAccess access, CallService calls, ApiProperties properties, IceServers iceServers) {
		this.access = access;
		this.calls = calls;
		this.properties = properties;
		this.iceServers = iceServers;
	}

	@GetMapping(path = "/api/v1/session", produces = MediaType.APPLICATION_JSON_VALUE)
	SessionView session(@RequestHeader(name = "Authorization", required = false) String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED,
					"Send the room token as Authorization: Bearer <token>");
		}
		Admission admission = this.access.admit(authorization.substring("Bearer ".length()).trim());
		Call call = admission.call();
		Role role = admission.role();
		String inviteUrl = (role == Role.AGENT)
				? this.properties.url("/join#token=" + this.calls.token(call, Role.CUSTOMER)) : null;
		CallView.Money money = (call.spec().orderValue() != null) ? new CallView.Money(
				call.spec().orderValue().amount(), call.spec().orderValue().currency()) : null;
		return new SessionView(call.id(), role.wire(), admission.participantId(), call.displayName(role),
				call.displayName(role.other()), admission.token().locale(), call.status().wire(), call.spec().caseId(),
				(role == Role.AGENT) ? call.spec().reason() : null, (role == Role.AGENT) ? money : null, inviteUrl,
				admission.token().expiresAt(), call.inviteExpiresAt(), iceServers(admission.participantId()));
	}

	private List<IceServers.IceServer> iceServers(String participantId) {
		List<IceServers.IceServer> servers = this.iceServers.forParticipant(participantId);
		return servers.isEmpty() ? null : servers;
	}

	/**
	 * @param otherName display name of the other side
	 * @param reason, orderValue, inviteUrl agent only
	 * @param iceServers STUN/TURN servers for the page's RTCPeerConnections, when configured
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SessionView(String callId, String role, String participantId, String displayName, String otherName,
			String locale, String status, String caseId, String reason, CallView.Money orderValue, String inviteUrl,
			Instant tokenExpiresAt, Instant inviteExpiresAt, List<IceServers.IceServer> iceServers) {
	}

}
