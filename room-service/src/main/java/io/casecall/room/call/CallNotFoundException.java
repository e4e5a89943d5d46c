package io.casecall.room.call;

import io.casecall.room.system.CaseCallException;

/** No call with this id exists (or its retention has passed). */
public class CallNotFoundException extends CaseCallException {

	public CallNotFoundException(String callId) {
		super("call_not_found", "No call with id " + callId);
	}

}
