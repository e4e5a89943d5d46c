package io.casecall.signaling.ws;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay between an SFU participant and whichever socket holds it: what the SFU says while no
 * socket does is held in order and handed to the socket that resumes; too much of it, or the
 * session's loss, makes the participant one that cannot be resumed.
 */
class RelayListenerTests {

	@Test
	void passesOnHoldsWhileDetachedAndHandsWhatItHeldToTheNextSocketInOrder() {
		Recording first = new Recording();
		Recording second = new Recording();
		RelayListener relay = new RelayListener(first);
		relay.onMediaState("pub", SfuListener.MediaState.CONNECTED);
		relay.detach();
		relay.onOffer("sub-1", "v=0 offer", new SfuListener.OfferHints(false, "agent-1"));
		relay.onCandidate("sub-1", new IceCandidate("candidate:1 1 udp 1 192.0.2.2 50000 typ host", "0", 0));
		relay.onClosed("sub-0");

		assertThat(relay.attach(second)).isTrue();
		relay.onMediaState("sub-1", SfuListener.MediaState.RECEIVING);
		assertThat(first.said).containsExactly("media-state pub CONNECTED");
		assertThat(second.said).containsExactly("offer sub-1", "candidate sub-1", "closed sub-0",
				"media-state sub-1 RECEIVING");
		assertThat(relay.broken()).isFalse();
	}

	@Test
	void tooMuchSaidWhileDetachedOrTheSessionsLossMakesItUnresumable() {
		RelayListener chatty = new RelayListener(new Recording());
		chatty.detach();
		for (int i = 0; i < 300; i++) {
			chatty.onMediaState("pub", SfuListener.MediaState.SLOW);
		}
		Recording next = new Recording();
		assertThat(chatty.broken()).isTrue();
		assertThat(chatty.attach(next)).isFalse();
		assertThat(next.said).isEmpty();

		RelayListener lost = new RelayListener(new Recording());
		lost.detach();
		lost.onLost(new SfuUnavailableException("Janus timed the session out"));
		assertThat(lost.broken()).isTrue();
	}

	/** What a socket's listener was told, in order. */
	private static final class Recording implements SfuListener {

		final List<String> said = new ArrayList<>();

		@Override
		public void onOffer(String pcId, String sdp, OfferHints hints) {
			this.said.add("offer " + pcId);
		}

		@Override
		public void onCandidate(String pcId, IceCandidate candidate) {
			this.said.add("candidate " + pcId);
		}

		@Override
		public void onMediaState(String pcId, MediaState state) {
			this.said.add("media-state " + pcId + " " + state);
		}

		@Override
		public void onClosed(String pcId) {
			this.said.add("closed " + pcId);
		}

		@Override
		public void onSideChannel(String url, List<String> onOpen, List<String> onJoin) {
			this.said.add("side-channel");
		}

		@Override
		public void onLost(SfuException cause) {
			this.said.add("lost");
		}

	}

}
