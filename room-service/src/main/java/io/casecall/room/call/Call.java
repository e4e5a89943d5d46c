package io.casecall.room.call;

import java.time.Instant;
import java.util.List;
import io.casecall.room.token.Role;

/**
 * A call as recorded: the evidence kept for the case (who, when, how it ended).
 *
 * @param id call id
 * @param spec what the case system asked for
 * @param status lifecycle state
 * @param room media room id (the SFU room for this call)
 * @param sfu which SFU type serves the room
 * @param sfuInstance which SFU instance holds the room, once chosen
 * @param createdAt when the call was created
 * @param waitingAt when the agent first joined
 * @param connectedAt when agent and customer were first both in
 * @param endedAt when it ended
 * @param endReason why it ended
 * @param outcome what the agent decided, if recorded
 * @param note agent's note, if recorded
 * @param agentTokenExpiresAt expiry of the agent's join token
 * @param inviteExpiresAt expiry of the customer's invite
 * @param agent the agent's seat
 * @param customer the customer's seat
 * @param timingJson the connect-time reports stored on the record (see {@link ConnectTimings#of})
 * @param agentTokensFrom agent tokens issued before this (second) are revoked: a newer agent link
 * replaced them; {@code null} while the first link stands
 * @param agentLinkId token id of the newest agent link: of the tokens issued in the second of
 * {@code agentTokensFrom}, only this one admits
 */
public record Call(String id, CallSpec spec, CallStatus status, String room, String sfu, String sfuInstance,
		Instant createdAt,
		Instant waitingAt, Instant connectedAt, Instant endedAt, EndReason endReason, Outcome outcome, String note,
		Instant agentTokenExpiresAt, Instant inviteExpiresAt, Seat agent, Seat customer, List<String> timingJson,
		Instant agentTokensFrom, String agentLinkId) {

	public Seat seat(Role role) {
		return (role == Role.AGENT) ? this.agent : this.customer;
	}

	public boolean ended() {
		return this.status == CallStatus.ENDED;
	}

	/** Token expiry of a seat. */
	public Instant tokenExpiresAt(Role role) {
		return (role == Role.AGENT) ? this.agentTokenExpiresAt : this.inviteExpiresAt;
	}

	/** Whether a token of {@code role} was revoked by a newer agent link. */
	public boolean revoked(Role role, Instant issuedAt, String tokenId) {
		return role == Role.AGENT && this.agentTokensFrom != null
				&& revokedBy(issuedAt, tokenId, this.agentTokensFrom, this.agentLinkId);
	}

	/**
	 * Whether an agent token issued at {@code issuedAt} (whole seconds) is revoked by a new link
	 * issued in the second {@code from} with token id {@code linkId}.
	 */
	public static boolean revokedBy(Instant issuedAt, String tokenId, Instant from, String linkId) {
		return issuedAt == null || issuedAt.isBefore(from)
				|| (issuedAt.equals(from) && linkId != null && !linkId.equals(tokenId));
	}

	/** Display name of a seat's participant. */
	public String displayName(Role role) {
		return (role == Role.AGENT) ? this.spec.agent().displayName() : this.spec.customer().displayName();
	}

}
