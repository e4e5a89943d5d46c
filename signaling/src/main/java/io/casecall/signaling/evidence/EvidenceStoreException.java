package io.casecall.signaling.evidence;

import io.casecall.room.system.CaseCallException;

/** The evidence store could not be reached or refused a write: retryable, nothing recorded. */
public class EvidenceStoreException extends CaseCallException {

	EvidenceStoreException(String message, Throwable cause) {
		super("evidence_store_unavailable", message, cause);
	}

}
