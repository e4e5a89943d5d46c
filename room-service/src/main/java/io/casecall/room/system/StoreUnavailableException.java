package io.casecall.room.system;

/** The call store (Redis) cannot be reached or did not answer in time. */
public class StoreUnavailableException extends CaseCallException {

	public StoreUnavailableException(Throwable cause) {
		super("store_unavailable", "The call store is unavailable; try again shortly", cause);
	}

}
