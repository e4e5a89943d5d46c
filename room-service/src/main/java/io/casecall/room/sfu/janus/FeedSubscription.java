package io.casecall.room.sfu.janus;

import java.util.concurrent.CompletableFuture;

/**
 * One subscription of {@link FeedSubscriptions} to another participant's feed: connection
 * {@code pc}, its subscriber handle and what the hold of a pre-connection needs.
 */
final class FeedSubscription {

	private final String pc;

	private final String feed;

	private final String participantId;

	private final VideoRoomHandle handle;

	/** Once the listener has its offer (only on the participant's executor). */
	boolean offered;

	/** Its streams switched off (Janus's confirmation), until {@link FeedSubscriptions#resume()}. */
	volatile CompletableFuture<?> hold;

	/** The client's answer of a held subscription (started once the hold is confirmed). */
	volatile String answer;

	/** When Janus reported it connected ({@code webrtcup}), or 0. */
	volatile long connectedNanos;

	FeedSubscription(String pc, String feed, String participantId, VideoRoomHandle handle) {
		this.pc = pc;
		this.feed = feed;
		this.participantId = participantId;
		this.handle = handle;
	}

	String pc() {
		return this.pc;
	}

	String feed() {
		return this.feed;
	}

	String participantId() {
		return this.participantId;
	}

	VideoRoomHandle handle() {
		return this.handle;
	}

}

