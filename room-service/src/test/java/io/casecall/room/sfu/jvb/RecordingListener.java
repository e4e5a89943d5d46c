package io.casecall.room.sfu.jvb;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuListener;

import static org.awaitility.Awaitility.await;

/** Records what the adapter tells one participant, in order. */
final class RecordingListener implements SfuListener {

	final List<Offer> offers = new CopyOnWriteArrayList<>();

	final List<SideChannel> sideChannels = new CopyOnWriteArrayList<>();

	final List<SfuException> lost = new CopyOnWriteArrayList<>();

	final List<String> events = new CopyOnWriteArrayList<>();

	record Offer(String pc, String sdp, OfferHints hints) {
	}

	record SideChannel(String url, List<String> onOpen, List<String> onJoin) {
	}

	/** Waits for the {@code n}-th offer (1-based) and returns it. */
	Offer offer(int n) {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.offers.size() >= n);
		return this.offers.get(n - 1);
	}

	@Override
	public void onOffer(String pcId, String sdp, OfferHints hints) {
		this.events.add("offer");
		this.offers.add(new Offer(pcId, sdp, hints));
	}

	@Override
	public void onCandidate(String pcId, IceCandidate candidate) {
		this.events.add("candidate");
	}

	@Override
	public void onMediaState(String pcId, MediaState state) {
		this.events.add("media-state");
	}

	@Override
	public void onClosed(String pcId) {
		this.events.add("closed");
	}

	@Override
	public void onSideChannel(String url, List<String> onOpen, List<String> onJoin) {
		this.events.add("side-channel");
		this.sideChannels.add(new SideChannel(url, onOpen, onJoin));
	}

	@Override
	public void onLost(SfuException cause) {
		this.events.add("lost");
		this.lost.add(cause);
	}

}
