package io.casecall.room.sfu.janus;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.sfu.SfuInstanceStatus;
import io.casecall.room.sfu.SfuInstanceWatcher;
import io.casecall.room.sfu.SfuUnavailableException;

/**
 * Every Janus this node may use ({@code casecall.sfu.janus.instances}, or the one {@code url}), and
 * their health: an instance is healthy while its connection is up and Janus answered its last
 * {@code info} or ping. New rooms go to the healthy instance holding the fewest of this node's
 * rooms ({@link #choose()}). Health is looked at every 100 ms on the adapter's timer: an instance
 * whose connection stayed down for {@code lost-after} is <b>lost</b> (watchers hear it once, and
 * its rooms move), and <b>back</b> when its connection works again.
 */
final class JanusInstances implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(JanusInstances.class);

	private static final long CHECK_MILLIS = 100;

	private final Map<String, JanusInstance> instances = new LinkedHashMap<>();

	private final Map<String, Long> downSince = new ConcurrentHashMap<>();

	private final Map<String, Boolean> lost = new ConcurrentHashMap<>();

	private final List<SfuInstanceWatcher> watchers = new CopyOnWriteArrayList<>();

	private final long lostAfterNanos;

	private final JanusThreads threads;

	private ScheduledFuture<?> checks;

	JanusInstances(JanusProperties properties, JsonMapper json, MeterRegistry meters, JanusThreads threads) {
		this.threads = threads;
		this.lostAfterNanos = properties.lostAfter().toNanos();
		for (JanusProperties.Instance instance : properties.effectiveInstances()) {
			this.instances.put(instance.id(),
					new JanusInstance(properties.forInstance(instance), json, meters, threads));
			this.lost.put(instance.id(), Boolean.TRUE); // not connected yet: its first connection is "up"
		}
	}

	/** Connects to every instance (in the background) and starts watching their health. */
	void start() {
		this.instances.values().forEach(JanusInstance::start);
		this.checks = this.threads.scheduler()
			.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
	}

	/** The instance called {@code id}, or {@code null} when none is configured so. */
	JanusInstance get(String id) {
		return this.instances.get(id);
	}

	boolean healthy(String id) {
		JanusInstance instance = this.instances.get(id);
		return instance != null && instance.healthy();
	}

	/**
	 * The healthy instance with the fewest rooms of this node (ties: configuration order).
	 * @throws SfuUnavailableException when no instance is healthy
	 */
	JanusInstance choose() {
		return this.instances.values()
			.stream()
			.filter(JanusInstance::healthy)
			.min(Comparator.comparingInt(JanusInstance::rooms))
			.orElseThrow(() -> new SfuUnavailableException("None of the " + this.instances.size()
					+ " Janus instances is connected (" + String.join(", ", this.instances.keySet()) + ")"));
	}

	List<SfuInstanceStatus> statuses() {
		return this.instances.values().stream().map(JanusInstance::status).toList();
	}

	void watch(SfuInstanceWatcher watcher) {
		this.watchers.add(watcher);
	}

	@Override
	public void close() {
		if (this.checks != null) {
			this.checks.cancel(false);
		}
		this.instances.values().forEach(JanusInstance::close);
	}

	/** On the timer: up/down transitions; watchers run on their own threads (they only queue). */
	private void check() {
		long now = System.nanoTime();
		for (JanusInstance instance : this.instances.values()) {
			String id = instance.id();
			if (instance.healthy()) {
				boolean wasDown = this.downSince.remove(id) != null;
				if (this.lost.remove(id) != null || wasDown) {
					log.info("Janus instance {} is up", id);
					this.watchers.forEach((watcher) -> watcher.back(id));
				}
				continue;
			}
			long since = this.downSince.computeIfAbsent(id, (key) -> now);
			if (now - since >= this.lostAfterNanos && this.lost.putIfAbsent(id, Boolean.TRUE) == null) {
				instance.forgetRooms();
				log.warn("Janus instance {} is lost (down for {} ms): its rooms move to a healthy instance", id,
						(now - since) / 1_000_000);
				this.watchers.forEach((watcher) -> watcher.lost(id));
			}
		}
	}

}
