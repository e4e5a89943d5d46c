package io.casecall.room.call;

import io.casecall.room.system.CaseCallException;

/** The call has ended; nobody can join it any more. */
public class CallEndedException extends CaseCallException {

	public CallEndedException(String callId) {
		super("call_ended", "Call " + callId + " has ended");
	}

}
