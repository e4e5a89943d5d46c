package io.casecall.room.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** Starts the Redis pub/sub container in the background, retrying until Redis answers. */
class ListenerStarter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ListenerStarter.class);

	private final RedisMessageListenerContainer container;

	private volatile Thread thread;

	ListenerStarter(RedisMessageListenerContainer container) {
		this.container = container;
	}

	@Override
	public void start() {
		Thread starter = new Thread(this::startWithRetries, "casecall-redis-subscriber");
		starter.setDaemon(true);
		this.thread = starter;
		starter.start();
	}

	private void startWithRetries() {
		boolean warned = false;
		while (this.thread == Thread.currentThread()) {
			try {
				this.container.start();
				log.info("Subscribed to call events");
				return;
			}
			catch (RuntimeException ex) {
				if (!warned) {
					log.warn("Cannot subscribe to call events yet (Redis unreachable); retrying every second");
					warned = true;
				}
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	@Override
	public void stop() {
		Thread starter = this.thread;
		this.thread = null;
		if (starter != null) {
			starter.interrupt();
		}
		this.container.stop();
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

}
