package io.casecall.signaling.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuListener;

/**
 * The listener an SFU participant keeps for its whole life while sockets come and go: it passes
 * what the SFU says to the socket that holds the participant now. While no socket does (the
 * socket was lost and the participant is kept for a resume, {@link DetachedParticipants}) it holds
 * what the SFU says, in order and bounded, and hands it to the socket that resumes. Called on the
 * adapter's threads (one participant's events one at a time); the lock only orders a hand-over
 * against them.
 */
final class RelayListener implements SfuListener {

	/** Most SFU messages held for a detached participant (a few offers and their candidates). */
	private static final int MAX_HELD = 256;

	private final List<Consumer<SfuListener>> held = new ArrayList<>();

	private SfuListener target;

	private boolean overflowed;

	private volatile boolean lost;

	/** Persists the participant's session for another node (set once joined), or {@code null}. */
	private volatile Runnable persist;

	RelayListener(SfuListener target) {
		this.target = target;
	}

	/** No socket holds the participant any more: what the SFU says is held from now on. */
	synchronized void detach() {
		this.target = null;
	}

	/**
	 * A socket holds the participant again: what was held goes to it first, in order.
	 * @return {@code false} (and nothing changes) when more was said meanwhile than could be held
	 */
	synchronized boolean attach(SfuListener target) {
		if (this.overflowed) {
			return false;
		}
		this.held.forEach((event) -> event.accept(target));
		this.held.clear();
		this.target = target;
		return true;
	}

	/** Whether the SFU reported the session lost, or said more while detached than could be held. */
	synchronized boolean broken() {
		return this.lost || this.overflowed;
	}

	@Override
	public void onOffer(String pcId, String sdp, OfferHints hints) {
		relay((listener) -> listener.onOffer(pcId, sdp, hints));
	}

	@Override
	public void onCandidate(String pcId, IceCandidate candidate) {
		relay((listener) -> listener.onCandidate(pcId, candidate));
	}

	@Override
	public void onMediaState(String pcId, MediaState state) {
		relay((listener) -> listener.onMediaState(pcId, state));
	}

	@Override
	public void onClosed(String pcId) {
		relay((listener) -> listener.onClosed(pcId));
	}

	@Override
	public void onSideChannel(String url, List<String> onOpen, List<String> onJoin) {
		relay((listener) -> listener.onSideChannel(url, onOpen, onJoin));
	}

	/** From now on a change of the participant's snapshot is persisted with {@code persist}. */
	void persistWith(Runnable persist) {
		this.persist = persist;
	}

	/** Not a message for the page: the session's record is written again, held or not. */
	@Override
	public void onSnapshotChanged() {
		Runnable hook = this.persist;
		if (hook != null) {
			hook.run();
		}
	}

	@Override
	public void onLost(SfuException cause) {
		this.lost = true;
		relay((listener) -> listener.onLost(cause));
	}

	private synchronized void relay(Consumer<SfuListener> event) {
		if (this.target != null) {
			event.accept(this.target);
		}
		else if (this.overflowed) {
			return; // it cannot be resumed: nothing more is kept
		}
		else if (this.held.size() < MAX_HELD) {
			this.held.add(event);
		}
		else {
			this.overflowed = true;
			this.held.clear();
		}
	}

}
