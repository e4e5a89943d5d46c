package io.casecall.signaling.system;

import java.io.IOException;

/** A request body went past the configured limit while it was being read (answered 413). */
public class BodyTooLargeException extends IOException {

	public BodyTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes");
	}

}
