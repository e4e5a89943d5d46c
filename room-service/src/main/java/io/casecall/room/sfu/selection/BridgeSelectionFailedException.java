package io.casecall.room.sfu.selection;

import io.casecall.room.sfu.SfuUnavailableException;

/**
 * No SFU instance may take a new room: none is configured or none passed its last health
 * check. Reported like any unreachable SFU ({@code sfu_unavailable}): the client retries later.
 */
public class BridgeSelectionFailedException extends SfuUnavailableException {

	public BridgeSelectionFailedException(String message) {
		super(message);
	}

}
