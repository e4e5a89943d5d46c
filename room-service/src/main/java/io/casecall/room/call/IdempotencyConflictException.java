package io.casecall.room.call;

import io.casecall.room.system.CaseCallException;

/** An {@code Idempotency-Key} was reused with a different request body. */
public class IdempotencyConflictException extends CaseCallException {

	public IdempotencyConflictException() {
		super("idempotency_conflict",
				"This Idempotency-Key was already used with a different request; use a new key for a new call");
	}

}
