package io.casecall.signaling.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a drill reads a page's decoded-frame samples: the longest gap, and when video came back. */
class FrameWatchTests {

	private static final long MS = 1_000_000;

	@Test
	void aStallThatOutlivesTheFaultIsMeasuredFromTheFaultsEnd() {
		FrameWatch.Trace trace = new FrameWatch.Trace();
		long frames = 0;
		for (long at = 0; at <= 1000; at += 100) {
			trace.sample(at * MS, frames += 3);
		}
		// the fault from 1000 to 4000 ms; nothing decoded until 4800 ms
		for (long at = 1100; at < 4800; at += 100) {
			trace.sample(at * MS, frames);
		}
		for (long at = 4800; at <= 6000; at += 100) {
			trace.sample(at * MS, frames += 3);
		}

		assertThat(trace.gapMs(1000 * MS)).isEqualTo(3800);
		assertThat(trace.backMs(4000 * MS)).isEqualTo(800);
	}

	@Test
	void videoThatNeverStoppedHasNoGapAndIsBackAtOnce() {
		FrameWatch.Trace trace = new FrameWatch.Trace();
		long frames = 0;
		for (long at = 0; at <= 5000; at += 100) {
			trace.sample(at * MS, frames += 3);
		}

		assertThat(trace.gapMs(1000 * MS)).isEqualTo(100);
		assertThat(trace.backMs(1000 * MS)).isZero();
	}

	@Test
	void aRebuiltConnectionCountingFromZeroAgainIsVideoAndUnreadableSamplesAreNot() {
		FrameWatch.Trace trace = new FrameWatch.Trace();
		trace.sample(0, 500);
		trace.sample(100 * MS, 503);
		trace.sample(200 * MS, -1); // reloading: no page to ask
		trace.sample(1500 * MS, -1);
		trace.sample(1600 * MS, 2); // a new peer connection counts from zero
		trace.sample(1700 * MS, 5);

		assertThat(trace.gapMs(100 * MS)).isEqualTo(1500);
		assertThat(trace.backMs(150 * MS)).isEqualTo(1450);
	}

	@Test
	void aStallThatBeganAfterAnInstantFaultStillCounts() {
		FrameWatch.Trace trace = new FrameWatch.Trace();
		long frames = 0;
		for (long at = 0; at <= 1600; at += 100) {
			trace.sample(at * MS, frames += 3);
		}
		// kill at 1000 ms (an instant fault): the page tears down 600 ms later, back at 3600 ms
		for (long at = 3600; at <= 4000; at += 100) {
			trace.sample(at * MS, frames += 3);
		}

		assertThat(trace.backMs(1000 * MS)).isEqualTo(2600);
		assertThat(trace.gapMs(1000 * MS)).isEqualTo(2000);
	}

}
