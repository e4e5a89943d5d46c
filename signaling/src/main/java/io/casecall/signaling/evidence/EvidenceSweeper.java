package io.casecall.signaling.evidence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.system.StoreUnavailableException;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Evidence follows its call's retention: the metadata lives in the call record and expires with
 * it; this deletes the bytes once the record is gone. Each listed call is looked at when its
 * record could have expired (its remaining TTL, or an hour while the call is open); any node may
 * do it, deleting twice is harmless.
 */
@Component
class EvidenceSweeper {

	private static final Logger log = LoggerFactory.getLogger(EvidenceSweeper.class);

	private static final Duration OPEN_RECHECK = Duration.ofHours(1);

	private final EvidenceRecords records;

	private final EvidenceStore store;

	private final Clock clock;

	EvidenceSweeper(EvidenceRecords records, EvidenceStore store, Clock clock) {
		this.records = records;
		this.store = store;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${casecall.evidence.sweep-interval:1m}")
	void scheduled() {
		try {
			sweep();
		}
		catch (StoreUnavailableException | EvidenceStoreException ex) {
			log.warn("Evidence sweep postponed: {}", ex.getMessage());
		}
	}

	/** @return how many calls' evidence was deleted */
	int sweep() {
		Instant now = this.clock.instant();
		int deleted = 0;
		for (String callId : this.records.due(now, 100)) {
			long ttl = this.records.recordTtlMillis(callId);
			if (ttl == -2) {
				this.store.deleteCall(callId);
				this.records.forget(callId);
				log.info("Evidence of call {} deleted: its record expired", callId);
				deleted++;
			}
			else {
				this.records.recheck(callId, (ttl < 0) ? now.plus(OPEN_RECHECK) : now.plusMillis(ttl + 1));
			}
		}
		return deleted;
	}

}
