package io.casecall.room.call;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.system.RedisKeys;
import io.casecall.room.token.RoomToken;
import io.casecall.room.token.RoomTokenService;
import io.casecall.room.token.SeatClaims;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import io.casecall.room.token.Role;

/**
 * The call lifecycle: creation (with idempotency), reads for the API, ending, and the two
 * tokens of each call. Seat changes made by connections live in {@link CallPresence}.
 */
@Service
public class CallService {

	private static final Logger log = LoggerFactory.getLogger(CallService.class);

	private static final SecureRandom random = new SecureRandom();

	private final CallRepository repository;

	private final RoomTokenService tokens;

	private final CallProperties properties;

	private final CallEventBus events;

	private final Clock clock;

	private final ApplicationEventPublisher transitions;

	private final CallChanges changes;

	CallService(CallRepository repository, RoomTokenService tokens, CallProperties properties, CallEventBus events,
			Clock clock, ApplicationEventPublisher transitions, CallChanges changes) {
		this.changes = changes;
		this.repository = repository;
		this.tokens = tokens;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
		this.transitions = transitions;
	}

	/**
	 * Creates a call for a case and mints its tokens. With an idempotency key, a repeat of the
	 * same request returns the call the first one created (with freshly signed tokens of the same
	 * expiry); the same key with a different request is an {@link IdempotencyConflictException}.
	 * @param spec the validated request
	 * @param sfu the SFU kind that will serve the room
	 * @param client who asks (API key name): idempotency keys are scoped to it
	 * @param idempotencyKey optional key from the {@code Idempotency-Key} header
	 */
	public CreatedCall create(CallSpec spec, String sfu, String client, String idempotencyKey) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Call call = new Call(newId(), spec, CallStatus.CREATED, UUID.randomUUID().toString(), sfu, null, now, null, null,
				null, null, null, null, now.plus(this.tokens.ttl(Role.AGENT)), now.plus(this.tokens.ttl(Role.CUSTOMER)),
				new Seat("agent-" + shortId(), Role.AGENT, false, null, null, null, 0, true, true, null, null),
				new Seat("customer-" + shortId(), Role.CUSTOMER, false, null, null, null, 0, true, true, null, null), List.of(),
				null, null);
		String idemKey = (idempotencyKey != null) ? RedisKeys.idempotency(sha256(client + "\n" + idempotencyKey)) : null;
		Instant firstDeadline = earliest(call.inviteExpiresAt(), now.plus(this.properties.maxDuration()));
		this.changes.mark(call.id(), now); // before the write: a node that dies after it leaves the mark
		CallRepository.Created created = this.repository.create(call, idemKey, requestHash(spec),
				this.properties.idempotencyTtl(), this.properties.maxDuration().plus(this.properties.retention()),
				firstDeadline);
		switch (created.outcome()) {
			case "created" -> {
				log.info("Call {} created for case {}", call.id(), spec.caseId());
				this.transitions.publishEvent(new CallStatusChanged(call.id(), CallStatus.CREATED));
			}
			case "existing" -> call = get(created.callId());
			default -> throw new IdempotencyConflictException();
		}
		return new CreatedCall(call, token(call, Role.AGENT), token(call, Role.CUSTOMER),
				!"created".equals(created.outcome()));
	}

	/** A fresh token for a seat of a call, with the seat's fixed expiry. */
	public String token(Call call, Role role) {
		Seat seat = call.seat(role);
		String locale = (role == Role.CUSTOMER && call.spec().customer() != null) ? call.spec().customer().locale()
				: null;
		return this.tokens.issue(new SeatClaims(seat.participantId(), call.room(), call.id(), call.spec().caseId(),
				role, call.displayName(role), locale), call.tokenExpiresAt(role));
	}

	/** A token and when it expires. */
	public record IssuedToken(String token, Instant expiresAt) {
	}

	/**
	 * A new agent token for an open call, for an agent who lost the link's tab or opens it after
	 * the link's token expired: valid for the agent's token lifetime from now, at most until the
	 * call's maximum duration. Every agent token issued before this second is revoked (refused at
	 * the handshake; sockets opened with one are closed): a leaked older link stops working.
	 * Ending the call revokes it with every other token of the call.
	 * @throws CallNotFoundException when there is no such call
	 * @throws CallEndedException when the call has ended
	 */
	public IssuedToken reissueAgentToken(String callId) {
		Call call = get(callId);
		if (call.ended()) {
			throw new CallEndedException(callId);
		}
		Instant expiresAt = earliest(this.clock.instant().plus(this.tokens.ttl(Role.AGENT)),
				call.createdAt().plus(this.properties.maxDuration()));
		Seat agent = call.seat(Role.AGENT);
		String token = this.tokens.issue(new SeatClaims(agent.participantId(), call.room(), call.id(),
				call.spec().caseId(), Role.AGENT, call.displayName(Role.AGENT), null), expiresAt);
		// tokens carry their issue time in whole seconds: of those issued in this link's second,
		// only the link's own (by token id) stays valid
		RoomToken issued = this.tokens.verify(token);
		this.repository.revokeAgentTokens(callId, issued.issuedAt(), issued.tokenId());
		this.events.publish(new CallEvent.AgentTokensRevoked(callId, issued.issuedAt(), issued.tokenId()));
		log.info("Call {} has a new agent link: older agent tokens are revoked", callId);
		return new IssuedToken(token, expiresAt);
	}

	/**
	 * The call's presence history, oldest first: every join and leave of both seats with its cause
	 * (empty for a call nobody joined, or whose record expired).
	 */
	public List<PresenceEntry> presence(String callId) {
		return this.repository.presence(callId);
	}

	public Call get(String callId) {
		Call call = this.repository.find(callId);
		if (call == null) {
			throw new CallNotFoundException(callId);
		}
		return call;
	}

	/** A case's calls, newest first. */
	public List<Call> history(String caseId, int limit) {
		return this.repository.findByCase(caseId, limit);
	}

	/** Number of calls not ended yet, across all nodes. */
	public long openCount() {
		return this.repository.openCount();
	}

	/** The most recently created calls, newest first. */
	public List<Call> recent(int limit) {
		return this.repository.findRecent(limit);
	}

	/**
	 * The calls whose status changed in [from, to] (created, waiting, connected, ended), however
	 * many calls were created since; ids whose records have expired are skipped. Changes before
	 * {@code from} are forgotten: read forward in time.
	 */
	public List<Call> changedBetween(Instant from, Instant to) {
		return this.repository.findAll(this.changes.between(from, to));
	}

	/**
	 * Ends a call and so revokes its tokens. Idempotent: ending an ended call changes nothing
	 * but records an outcome or note that was still missing.
	 * @return the call as recorded afterwards
	 */
	public Call end(String callId, EndReason reason, Outcome outcome, String note) {
		Instant now = this.clock.instant();
		this.changes.mark(callId, now); // before the write: a node that dies after it leaves the mark
		String result = this.repository.end(callId, now, reason, outcome, note, this.properties.retention());
		if ("not_found".equals(result)) {
			throw new CallNotFoundException(callId);
		}
		Call call = get(callId);
		if ("ended".equals(result)) {
			log.info("Call {} ended: {}", callId, reason.wire());
			this.events.publish(new CallEvent.Ended(callId, reason, call.outcome()));
			this.transitions.publishEvent(new CallStatusChanged(callId, CallStatus.ENDED));
		}
		return call;
	}

	private static Instant earliest(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	private static String newId() {
		byte[] bytes = new byte[15];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String shortId() {
		byte[] bytes = new byte[6];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Stable digest of what a request asked for, to recognise a repeat. */
	private static String requestHash(CallSpec spec) {
		return sha256(String.valueOf(spec));
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
