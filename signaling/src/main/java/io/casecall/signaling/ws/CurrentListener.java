package io.casecall.signaling.ws;

import java.util.List;
import java.util.function.BooleanSupplier;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuListener;

/**
 * Passes on what one SFU participant says while it is still the socket's current one: a
 * pre-warmed participant that was given back (and replaced at the join) is silenced, so none of
 * its late offers, candidates or its loss reach the client.
 */
final class CurrentListener implements SfuListener {

	private final SfuListener delegate;

	private final BooleanSupplier current;

	CurrentListener(SfuListener delegate, BooleanSupplier current) {
		this.delegate = delegate;
		this.current = current;
	}

	@Override
	public void onOffer(String pcId, String sdp, OfferHints hints) {
		if (this.current.getAsBoolean()) {
			this.delegate.onOffer(pcId, sdp, hints);
		}
	}

	@Override
	public void onCandidate(String pcId, IceCandidate candidate) {
		if (this.current.getAsBoolean()) {
			this.delegate.onCandidate(pcId, candidate);
		}
	}

	@Override
	public void onMediaState(String pcId, MediaState state) {
		if (this.current.getAsBoolean()) {
			this.delegate.onMediaState(pcId, state);
		}
	}

	@Override
	public void onClosed(String pcId) {
		if (this.current.getAsBoolean()) {
			this.delegate.onClosed(pcId);
		}
	}

	@Override
	public void onSideChannel(String url, List<String> onOpen, List<String> onJoin) {
		if (this.current.getAsBoolean()) {
			this.delegate.onSideChannel(url, onOpen, onJoin);
		}
	}

	@Override
	public void onSnapshotChanged() {
		if (this.current.getAsBoolean()) {
			this.delegate.onSnapshotChanged();
		}
	}

	@Override
	public void onLost(SfuException cause) {
		if (this.current.getAsBoolean()) {
			this.delegate.onLost(cause);
		}
	}

}
