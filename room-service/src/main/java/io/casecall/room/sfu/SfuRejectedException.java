package io.casecall.room.sfu;

/**
 * The media server refused a request (HTTP 4xx): a protocol or configuration fault on our side or
 * the server's, not an outage. Retrying the same request gets the same answer, so the join ends
 * and the client does not reconnect by itself.
 */
public class SfuRejectedException extends SfuException {

	public SfuRejectedException(String message) {
		super("sfu_rejected", message, null);
	}

}
