package io.casecall.signaling.evidence;

/**
 * Where the bytes of evidence live. Keys are {@code <callId>/<evidenceId>}; metadata lives on the
 * call record in Redis, not here.
 */
interface EvidenceStore {

	void put(String callId, String evidenceId, byte[] bytes, String contentType);

	/** The stored bytes, or {@code null} when there are none. */
	byte[] get(String callId, String evidenceId);

	/** Deletes one item; nothing stored is fine. */
	void delete(String callId, String evidenceId);

	/** Deletes every item of a call; nothing stored is fine. */
	void deleteCall(String callId);

}
