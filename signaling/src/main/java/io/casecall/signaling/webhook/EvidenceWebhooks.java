package io.casecall.signaling.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.casecall.signaling.evidence.Evidence;
import io.casecall.signaling.evidence.EvidenceAdded;
import io.casecall.signaling.evidence.EvidenceService;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What the evidence store tells the case system: {@code evidence.added} for each stored photo
 * (once per item, whichever node stored it) and the call's evidence list in {@code call.ended}.
 */
@Component
class EvidenceWebhooks implements CallEvidence {

	private final Webhooks webhooks;

	private final EvidenceService evidence;

	EvidenceWebhooks(Webhooks webhooks, EvidenceService evidence) {
		this.webhooks = webhooks;
		this.evidence = evidence;
	}

	@EventListener
	void added(EvidenceAdded added) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("callId", added.callId());
		data.put("evidenceId", added.evidenceId());
		data.put("contentType", added.contentType());
		data.put("size", added.size());
		data.put("sha256", added.sha256());
		data.put("requestedBy", added.requestedBy());
		data.put("at", added.at().toString());
		this.webhooks.publish("evidence.added", added.callId(), data);
	}

	@Override
	public List<Map<String, Object>> of(String callId) {
		return this.evidence.list(callId).stream().map(EvidenceWebhooks::item).toList();
	}

	private static Map<String, Object> item(Evidence item) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("evidenceId", item.id());
		data.put("contentType", item.contentType());
		data.put("size", item.size());
		data.put("sha256", item.sha256());
		data.put("requestedBy", item.requestedBy());
		data.put("uploadedBy", item.uploadedBy());
		data.put("at", item.at().toString());
		data.put("noticeShown", item.noticeShown());
		return data;
	}

}
