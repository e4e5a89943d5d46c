package io.casecall.room.sfu;

import io.casecall.room.system.CaseCallException;

/** A media server request failed. Subclasses say whether the SFU is reachable at all. */
public class SfuException extends CaseCallException {

	public SfuException(String message) {
		super("sfu_error", message);
	}

	public SfuException(String message, Throwable cause) {
		super("sfu_error", message, cause);
	}

	protected SfuException(String code, String message, Throwable cause) {
		super(code, message, cause);
	}

}
