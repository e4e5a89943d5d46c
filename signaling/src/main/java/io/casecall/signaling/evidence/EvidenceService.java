package io.casecall.signaling.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.Admission;
import io.casecall.room.call.CallEndedException;
import io.casecall.room.call.CallNotFoundException;
import io.casecall.room.token.Role;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Keeps photos with their call: checks what was sent (format by its bytes, size), strips location
 * metadata, stores the bytes, then records hash, size, type, who asked and when on the call
 * record, and announces it ({@link EvidenceAdded}). A refused upload stores nothing: checks come
 * first, and bytes whose record is refused are deleted again.
 */
@Service
public class EvidenceService {

	private static final Logger log = LoggerFactory.getLogger(EvidenceService.class);

	private static final SecureRandom random = new SecureRandom();

	private final EvidenceStore store;

	private final EvidenceRecords records;

	private final EvidenceProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	EvidenceService(EvidenceStore store, EvidenceRecords records, EvidenceProperties properties,
			ApplicationEventPublisher events, Clock clock) {
		this.store = store;
		this.records = records;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	/** The item to store, read from an upload. */
	public Evidence add(Admission uploader, byte[] upload, String requestId, boolean noticeShown) {
		String callId = uploader.callId();
		if (upload.length > this.properties.maxSize().toBytes()) {
			throw EvidenceException.tooLarge(this.properties.maxSize().toBytes());
		}
		ImageFormat format = ImageFormat.sniff(upload);
		if (format == null) {
			throw EvidenceException.unsupported();
		}
		if (requestId != null && uploader.role() != Role.CUSTOMER) {
			throw new EvidenceException(400, "unknown_photo_request", "Only the customer answers a photo request");
		}
		byte[] clean = LocationStripper.strip(format, upload);
		if (this.records.count(callId) >= this.properties.maxPerCall()) {
			throw full();
		}
		Instant now = this.clock.instant();
		String role = uploader.role().wire();
		Evidence evidence = new Evidence(newId("ev_"), format.contentType(), clean.length, sha256(clean),
				(requestId != null) ? Role.AGENT.wire() : role, role, now, noticeShown, requestId);
		this.records.willStore(callId, now.plus(Duration.ofHours(1)));
		this.store.put(callId, evidence.id(), clean, format.contentType());
		String outcome;
		try {
			outcome = this.records.add(callId, evidence, this.properties.maxPerCall(), now,
					this.properties.requestTtl());
		}
		catch (RuntimeException ex) {
			discard(callId, evidence.id());
			throw ex;
		}
		if (!"added".equals(outcome)) {
			discard(callId, evidence.id());
			throw switch (outcome) {
				case "not_found" -> new CallNotFoundException(callId);
				case "ended" -> new CallEndedException(callId);
				case "full" -> full();
				default -> new EvidenceException(400, "unknown_photo_request",
						"There is no open photo request with this id (it was answered, replaced or is too old)");
			};
		}
		log.info("Evidence {} stored for call {}: {} bytes {}, requested by {}", evidence.id(), callId,
				evidence.size(), evidence.contentType(), evidence.requestedBy());
		this.events.publishEvent(new EvidenceAdded(callId, evidence.id(), evidence.contentType(), evidence.size(),
				evidence.sha256(), evidence.requestedBy(), evidence.at()));
		return evidence;
	}

	/**
	 * Records an agent's request for a photo.
	 * @return the request id the customer's upload answers
	 * @throws EvidenceException {@code rate_limited} when the previous request is too recent
	 */
	public String request(Admission agent) {
		String requestId = newId("pr_");
		String outcome = this.records.request(agent.callId(), requestId, this.clock.instant(),
				this.properties.requestInterval());
		return switch (outcome) {
			case "requested" -> requestId;
			case "rate_limited" -> throw new EvidenceException(429, "rate_limited",
					"A photo was requested moments ago; wait a few seconds");
			case "ended" -> throw new CallEndedException(agent.callId());
			default -> throw new CallNotFoundException(agent.callId());
		};
	}

	/** The call's items, oldest first. */
	public List<Evidence> list(String callId) {
		return this.records.list(callId);
	}

	/** An item and its bytes. */
	public Item item(String callId, String evidenceId) {
		Evidence evidence = this.records.find(callId, evidenceId);
		byte[] bytes = (evidence != null) ? this.store.get(callId, evidenceId) : null;
		if (bytes == null) {
			throw new EvidenceException(404, "evidence_not_found", "This call has no evidence with this id");
		}
		return new Item(evidence, bytes);
	}

	/** Seconds of countdown a requested capture shows. */
	public int countdown() {
		return this.properties.countdown();
	}

	public record Item(Evidence evidence, byte[] bytes) {
	}

	private void discard(String callId, String evidenceId) {
		try {
			this.store.delete(callId, evidenceId);
		}
		catch (RuntimeException ex) {
			log.warn("Unrecorded evidence {} of call {} not deleted now (the sweeper deletes it with the call): {}",
					evidenceId, callId, ex.getMessage());
		}
	}

	private EvidenceException full() {
		return new EvidenceException(409, "evidence_limit_reached",
				"This call already keeps " + this.properties.maxPerCall() + " photos");
	}

	private static String newId(String prefix) {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
