package io.casecall.signaling.webhook;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers from the queue: per endpoint {@code concurrency} threads, each reading one entry at a
 * time through the consumer group (so a slow endpoint holds only its own threads), and one
 * housekeeping thread that moves due retries back to the streams, claims entries of dead nodes and
 * refreshes the gauges. Stopping interrupts attempts in flight; they stay pending and are
 * delivered again after the claim-idle time (at least once).
 */
@Component
class WebhookWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);

	private final WebhookQueue queue;

	private final WebhookEndpoints endpoints;

	private final WebhookProperties properties;

	private final WebhookMetrics metrics;

	private final WebhookSender sender;

	private final Clock clock;

	private final String consumer;

	private final Object idle = new Object();

	private final Map<String, BlockingQueue<WebhookQueue.Entry>> claimed = new ConcurrentHashMap<>();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	/** The consumer groups exist (the first housekeeping round made them). */
	private volatile boolean ready;

	private long lastClaim;

	WebhookWorker(WebhookQueue queue, WebhookEndpoints endpoints, WebhookProperties properties, WebhookMetrics metrics,
			Clock clock) {
		this.queue = queue;
		this.endpoints = endpoints;
		this.properties = properties;
		this.metrics = metrics;
		this.clock = clock;
		this.sender = new WebhookSender(properties, clock);
		this.consumer = properties.consumer().isBlank() ? hostName() + "-" + UUID.randomUUID().toString().substring(0, 8)
				: properties.consumer();
	}

	@Override
	public synchronized void start() {
		if (this.running || this.endpoints.all().isEmpty()) {
			return;
		}
		this.running = true;
		for (WebhookEndpoint endpoint : this.endpoints.all()) {
			this.claimed.put(endpoint.name(), new LinkedBlockingQueue<>());
			for (int i = 0; i < this.properties.concurrency(); i++) {
				this.threads.add(thread("casecall-webhook-" + endpoint.name() + "-" + i, () -> deliverLoop(endpoint)));
			}
		}
		this.threads.add(thread("casecall-webhook-housekeeping", this::housekeepingLoop));
		log.info("Webhook worker {} started for {} endpoint(s)", this.consumer, this.endpoints.all().size());
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		this.threads.forEach(Thread::interrupt);
		for (Thread thread : this.threads) {
			try {
				thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Something was enqueued on this node: idle workers look now instead of at their next poll. */
	void wake() {
		synchronized (this.idle) {
			this.idle.notifyAll();
		}
	}

	private void deliverLoop(WebhookEndpoint endpoint) {
		BlockingQueue<WebhookQueue.Entry> reclaimed = this.claimed.get(endpoint.name());
		while (this.running) {
			try {
				WebhookQueue.Entry entry = reclaimed.poll();
				if (entry == null && this.ready) {
					List<WebhookQueue.Entry> read = this.queue.read(endpoint.name(), this.consumer, 1);
					entry = read.isEmpty() ? null : read.get(0);
				}
				if (entry == null) {
					pause();
					continue;
				}
				deliver(endpoint, entry);
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				log.warn("Webhook worker for {} cannot reach the queue: {}", endpoint.name(), ex.getMessage());
				try {
					pause();
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	private void deliver(WebhookEndpoint endpoint, WebhookQueue.Entry entry) throws InterruptedException {
		Map<Object, Object> delivery = this.queue.find(entry.deliveryId());
		String status = (String) delivery.get("status");
		if (delivery.isEmpty() || "delivered".equals(status) || "dead".equals(status)) {
			// expired, or settled by a node that was thought dead: only the entry remains
			this.queue.ack(endpoint.name(), entry);
			return;
		}
		String callId = (String) delivery.get("callId");
		int attempt = Integer.parseInt((String) delivery.getOrDefault("attempts", "0")) + 1;
		MDC.put("callId", callId);
		MDC.put("webhookDelivery", entry.deliveryId());
		try {
			long started = System.nanoTime();
			WebhookSender.Result result = this.sender.send(endpoint, (String) delivery.get("event"),
					(String) delivery.get("body"));
			long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
			String type = (String) delivery.get("type");
			if (result.delivered()) {
				this.queue.settle(endpoint.name(), entry, "delivered", 0, attempt, result.status(), null);
				this.metrics.attempt(endpoint.name(), "delivered");
				log.info("Webhook {} {} delivered to {} (attempt {}, {} ms)", type, entry.deliveryId(), endpoint.name(),
						attempt, millis);
			}
			else if (attempt >= this.properties.maxAttempts()) {
				this.queue.settle(endpoint.name(), entry, "dead", 0, attempt, result.status(), result.error());
				this.metrics.attempt(endpoint.name(), "dead");
				log.warn("Webhook {} {} to {} dead-lettered after {} attempts: {}", type, entry.deliveryId(),
						endpoint.name(), attempt, result.error());
			}
			else {
				Duration delay = backoff(attempt);
				this.queue.settle(endpoint.name(), entry, "retrying", this.clock.millis() + delay.toMillis(), attempt,
						result.status(), result.error());
				this.metrics.attempt(endpoint.name(), "failed");
				log.warn("Webhook {} {} to {} failed (attempt {}, {} ms): {}; next attempt in {} ms", type,
						entry.deliveryId(), endpoint.name(), attempt, millis, result.error(), delay.toMillis());
			}
		}
		finally {
			MDC.remove("callId");
			MDC.remove("webhookDelivery");
		}
	}

	private Duration backoff(int attempt) {
		return backoff(attempt, this.properties.initialBackoff(), this.properties.maxBackoff(),
				ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * The delay after failed attempt {@code attempt} (1-based): {@code initial} doubled per attempt,
	 * capped at {@code max}, with jitter: the point {@code fraction} (0 to 1) of its second half.
	 */
	static Duration backoff(int attempt, Duration initial, Duration max, double fraction) {
		long cap = max.toMillis();
		long base = (attempt > 40) ? cap : Math.min(cap, initial.toMillis() << (attempt - 1));
		return Duration.ofMillis(base / 2 + Math.round(fraction * (base - base / 2)));
	}

	private void housekeepingLoop() {
		while (this.running) {
			try {
				housekeeping();
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				log.warn("Webhook housekeeping cannot reach the queue: {}", ex.getMessage());
			}
			try {
				Thread.sleep(this.properties.pollInterval().toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void housekeeping() {
		if (this.queue.promote(100) > 0) {
			wake();
		}
		long now = this.clock.millis();
		boolean claimNow = now - this.lastClaim >= Math.max(this.properties.pollInterval().toMillis(),
				this.properties.claimIdle().toMillis() / 4);
		for (WebhookEndpoint endpoint : this.endpoints.all()) {
			if (claimNow) {
				// also creates the group, so the first claim runs at start
				List<WebhookQueue.Entry> entries = this.queue.claim(endpoint.name(), this.consumer, 100);
				if (!entries.isEmpty()) {
					log.warn("Took over {} webhook deliveries to {} left unsettled by a stopped node", entries.size(),
							endpoint.name());
					this.claimed.get(endpoint.name()).addAll(entries);
					wake();
				}
			}
			this.metrics.lag(endpoint.name(), this.queue.lagMillis(endpoint.name()));
		}
		if (claimNow) {
			this.lastClaim = now;
			this.ready = true;
		}
		this.metrics.deadLetters(this.queue.size("dead"));
	}

	private void pause() throws InterruptedException {
		synchronized (this.idle) {
			this.idle.wait(this.properties.pollInterval().toMillis());
		}
	}

	private static Thread thread(String name, Runnable body) {
		Thread thread = new Thread(body, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (java.io.IOException ex) {
			return "node";
		}
	}

}
