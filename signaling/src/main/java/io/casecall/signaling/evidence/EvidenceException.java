package io.casecall.signaling.evidence;

import io.casecall.room.system.CaseCallException;

/** A refused upload or request for evidence, with the HTTP status the API answers. */
public class EvidenceException extends CaseCallException {

	private final int status;

	EvidenceException(int status, String code, String message) {
		super(code, message);
		this.status = status;
	}

	/** The HTTP status for this refusal. */
	public int status() {
		return this.status;
	}

	static EvidenceException unsupported() {
		return new EvidenceException(415, "unsupported_media_type", "Send a JPEG, PNG or WebP photo");
	}

	static EvidenceException malformed(String what) {
		return new EvidenceException(422, "malformed_image", "The photo is damaged: " + what);
	}

	static EvidenceException tooLarge(long limit) {
		return new EvidenceException(413, "payload_too_large", "The photo is larger than " + limit + " bytes");
	}

}
