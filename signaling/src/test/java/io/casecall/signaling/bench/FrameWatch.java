package io.casecall.signaling.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the decoded video frames (and the RTP packets received) of a drill's two pages every 100 ms on a thread of its own and
 * keeps, per page, when the count moved. From that: the longest time a page decoded nothing, and
 * when video came back after a fault.
 */
final class FrameWatch {

	/** A pause in decoding shorter than this is sampling, not a gap. */
	static final long STALL_MS = 500;

	private final Trace customer = new Trace();

	private final Trace agent = new Trace();

	/** When the RTP packets each page received moved (the media path, before any decoding). */
	private final Trace customerPackets = new Trace();

	private final Trace agentPackets = new Trace();

	/** Both pages' video counters every sample ({@link DrillPage#videoDetail}): when, customer, agent. */
	private final List<Object[]> details = new ArrayList<>();

	private final Thread thread;

	private volatile boolean running = true;

	private FrameWatch(DrillPage customerPage, DrillPage agentPage) {
		this.thread = new Thread(() -> {
			while (this.running) {
				long[] customerNow = customerPage.counters();
				long at = System.nanoTime();
				this.customer.sample(at, customerNow[0]);
				this.customerPackets.sample(at, customerNow[1]);
				long[] agentNow = agentPage.counters();
				at = System.nanoTime();
				this.agent.sample(at, agentNow[0]);
				this.agentPackets.sample(at, agentNow[1]);
				String customerDetail = customerPage.videoDetail();
				String agentDetail = agentPage.videoDetail();
				synchronized (this.details) {
					this.details.add(new Object[] { at, customerDetail, agentDetail });
				}
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "frame-watch");
		this.thread.setDaemon(true);
	}

	static FrameWatch start(DrillPage customer, DrillPage agent) {
		FrameWatch watch = new FrameWatch(customer, agent);
		watch.thread.start();
		return watch;
	}

	Trace customer() {
		return this.customer;
	}

	Trace agent() {
		return this.agent;
	}

	Trace customerPackets() {
		return this.customerPackets;
	}

	Trace agentPackets() {
		return this.agentPackets;
	}

	/** Waits until both pages have decoded frames throughout the last {@code window}. */
	void awaitFlowing(Duration window) throws InterruptedException {
		awaitFlowingSince(System.nanoTime(), Duration.ofSeconds(60));
		long until = System.nanoTime() + window.toNanos();
		while (System.nanoTime() < until) {
			Thread.sleep(100);
		}
		if (this.customer.stalledAt(System.nanoTime()) || this.agent.stalledAt(System.nanoTime())) {
			awaitFlowingSince(System.nanoTime(), Duration.ofSeconds(60));
		}
	}

	/** Waits until both pages decode frames again after {@code since} (at most {@code atMost}). */
	void awaitFlowingSince(long since, Duration atMost) throws InterruptedException {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (!(this.customer.movedAfter(since) && this.agent.movedAfter(since))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("video did not come back within " + atMost.toSeconds() + " s");
			}
			Thread.sleep(50);
		}
	}

	/** The video counters sampled from {@code from} on, one line per page and sample, in ms after {@code origin}. */
	String detailsSince(long from, long origin) {
		StringBuilder out = new StringBuilder();
		synchronized (this.details) {
			for (Object[] sample : this.details) {
				long at = (Long) sample[0];
				if (at >= from) {
					long ms = (at - origin) / 1_000_000;
					out.append(String.format("%+7d customer %s%n%+7d agent    %s%n", ms, sample[1], ms, sample[2]));
				}
			}
		}
		return out.toString();
	}

	void stop() {
		this.running = false;
		this.thread.interrupt();
	}

	/** When one page's decoded-frame count moved. */
	static final class Trace {

		private final List<Long> moves = new ArrayList<>();

		private long last = -1;

		synchronized void sample(long at, long frames) {
			if (frames > 0 && frames != this.last) {
				this.moves.add(at);
			}
			if (frames >= 0) {
				this.last = frames;
			}
		}

		synchronized boolean movedAfter(long at) {
			return !this.moves.isEmpty() && this.moves.get(this.moves.size() - 1) > at;
		}

		synchronized boolean stalledAt(long at) {
			return this.moves.isEmpty() || at - this.moves.get(this.moves.size() - 1) > STALL_MS * 1_000_000;
		}

		/** When the count moved, in ms after {@code origin} ({@link System#nanoTime()}): the raw trace. */
		synchronized List<Long> movesMs(long origin) {
			return this.moves.stream().map((at) -> (at - origin) / 1_000_000).toList();
		}

		/** The longest time without a new frame that ended after {@code from}, in ms. */
		synchronized long gapMs(long from) {
			long longest = 0;
			for (int i = 1; i < this.moves.size(); i++) {
				if (this.moves.get(i) > from) {
					longest = Math.max(longest, this.moves.get(i) - this.moves.get(i - 1));
				}
			}
			return longest / 1_000_000;
		}

		/**
		 * From {@code end} (the fault's end) to the end of the last stall (no frame for
		 * {@link #STALL_MS} or more) that began before {@code end} plus 10 s; 0 when none did.
		 */
		synchronized long backMs(long end) {
			long back = 0;
			for (int i = 1; i < this.moves.size(); i++) {
				long start = this.moves.get(i - 1);
				long stop = this.moves.get(i);
				if (stop - start >= STALL_MS * 1_000_000 && start < end + 10_000_000_000L && stop > end) {
					back = Math.max(back, stop - end);
				}
			}
			return back / 1_000_000;
		}

	}

}
