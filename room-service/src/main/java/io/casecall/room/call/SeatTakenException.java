package io.casecall.room.call;

import io.casecall.room.system.CaseCallException;
import io.casecall.room.token.Role;

/** Another device is connected on this seat; one connection per seat at a time. */
public class SeatTakenException extends CaseCallException {

	public SeatTakenException(Role role) {
		super("seat_taken", "The " + role.wire() + " is already connected from another device");
	}

}
