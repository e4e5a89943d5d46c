package io.casecall.room.sfu;

/** The media server cannot be reached, timed out, or lost the session (restart). */
public class SfuUnavailableException extends SfuException {

	public SfuUnavailableException(String message) {
		super("sfu_unavailable", message, null);
	}

	public SfuUnavailableException(String message, Throwable cause) {
		super("sfu_unavailable", message, cause);
	}

}
