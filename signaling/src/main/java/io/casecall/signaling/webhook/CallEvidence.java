package io.casecall.signaling.webhook;

import java.util.List;
import java.util.Map;

/**
 * The evidence list of a call for its {@code call.ended} event ({@code data.evidence}): one map
 * per item (id, content type, size, SHA-256, who asked, when). The evidence store provides the
 * bean; without one the list is empty ({@link WebhookConfiguration}).
 */
public interface CallEvidence {

	List<Map<String, Object>> of(String callId);

}
