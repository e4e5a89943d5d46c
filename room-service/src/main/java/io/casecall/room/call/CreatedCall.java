package io.casecall.room.call;

/**
 * A call as returned to the case system that asked for it, with both seats' tokens.
 * @param call the call record
 * @param agentToken the agent's join token
 * @param inviteToken the customer's invite token
 * @param replayed whether an earlier request with the same idempotency key created the call
 */
public record CreatedCall(Call call, String agentToken, String inviteToken, boolean replayed) {
}
