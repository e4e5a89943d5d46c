package io.casecall.room.sfu.janus;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.casecall.room.sfu.SfuException;

/**
 * One Janus session: created on the connection, kept alive every keepalive interval, holding
 * plugin handles. Janus's unsolicited messages for it (events of its handles, with the handle id
 * as {@code sender}) go to the owner's consumer on the connection's receiving thread.
 */
final class JanusSession {

	private static final Logger log = LoggerFactory.getLogger(JanusSession.class);

	static final String VIDEOROOM = "janus.plugin.videoroom";

	private final JanusConnection connection;

	private final long id;

	private final Consumer<SfuException> onGone;

	private final ScheduledFuture<?> keepalive;

	private volatile boolean open = true;

	private JanusSession(JanusConnection connection, long id, ScheduledExecutorService scheduler, Duration interval,
			Consumer<SfuException> onGone) {
		this.connection = connection;
		this.id = id;
		this.onGone = onGone;
		this.keepalive = scheduler.scheduleWithFixedDelay(this::keepAlive, interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Creates a session.
	 * @param events Janus's messages for the session, on the receiving thread: must not block
	 * @param onGone called once when the session is gone: the connection dropped or Janus refused
	 * a keepalive (the session is {@linkplain #abandon() abandoned} by then)
	 */
	static JanusSession create(JanusConnection connection, ScheduledExecutorService scheduler, Duration keepalive,
			Consumer<JsonNode> events, Consumer<SfuException> onGone) {
		long generation = connection.generation();
		JsonNode created = connection.call("create_session", connection.request("create"), false);
		long id = created.path("data").path("id").asLong();
		JanusSession session = new JanusSession(connection, id, scheduler, keepalive, onGone);
		try {
			connection.subscribe(id, generation, events, (cause) -> session.gone(cause));
		}
		catch (SfuException ex) {
			session.abandon();
			throw ex;
		}
		return session;
	}

	/**
	 * Takes over a session another connection (another node's) created and left: Janus keeps a
	 * session whose transport went away for its {@code reclaim_session_timeout}, handles and
	 * PeerConnections untouched (janus.c v1.1.2 {@code janus_transport_gone} only flags it), and
	 * {@code claim} makes its events go to this connection from then on. Arguments as
	 * {@link #create}.
	 * @throws SfuException when Janus does not have the session any more (or is unreachable)
	 */
	static JanusSession claim(JanusConnection connection, long id, ScheduledExecutorService scheduler,
			Duration keepalive, Consumer<JsonNode> events, Consumer<SfuException> onGone) {
		long generation = connection.generation();
		JanusSession session = new JanusSession(connection, id, scheduler, keepalive, onGone);
		try {
			// routed before the claim: the first event after it must not find nobody
			connection.subscribe(id, generation, events, (cause) -> session.gone(cause));
			connection.call("claim", session.request("claim"), false);
		}
		catch (SfuException ex) {
			session.abandon();
			throw ex;
		}
		return session;
	}

	long id() {
		return this.id;
	}

	boolean open() {
		return this.open;
	}

	/** Attaches a handle to a plugin; returns the handle id. */
	long attach(String plugin) {
		ObjectNode request = request("attach").put("plugin", plugin);
		return this.connection.call("attach", request, false).path("data").path("id").asLong();
	}

	/** Detaches a handle; a handle Janus no longer knows is no error. */
	void detach(long handle) {
		try {
			this.connection.call("detach", request("detach").put("handle_id", handle), false);
		}
		catch (JanusErrorException ex) {
			log.debug("Detaching handle {}: {}", handle, ex.getMessage());
		}
	}

	/** A request of this session to a handle (a message, a trickle), without its transaction yet. */
	ObjectNode request(String janus, long handle) {
		return request(janus).put("handle_id", handle);
	}

	JanusConnection connection() {
		return this.connection;
	}

	/** Destroys the session on Janus (its handles go with it). Idempotent; never throws. */
	void destroy() {
		if (!abandon()) {
			return;
		}
		try {
			this.connection.call("destroy_session", request("destroy"), false);
		}
		catch (SfuException ex) {
			log.debug("Destroying Janus session: {}", ex.getMessage());
		}
	}

	/**
	 * Forgets the session without telling Janus (it is gone already: the connection dropped).
	 * @return whether it was open until now
	 */
	boolean abandon() {
		synchronized (this) {
			if (!this.open) {
				return false;
			}
			this.open = false;
		}
		this.keepalive.cancel(false);
		this.connection.unsubscribe(this.id);
		return true;
	}

	private ObjectNode request(String janus) {
		return this.connection.request(janus).put("session_id", this.id);
	}

	private void gone(SfuException cause) {
		if (abandon()) {
			this.onGone.accept(cause);
		}
	}

	private void keepAlive() {
		this.connection.send("keepalive", request("keepalive"), true, null).whenComplete((ack, ex) -> {
			if (ex instanceof JanusErrorException error && error.janusCode() == JanusErrorException.NO_SUCH_SESSION) {
				gone(error);
			}
			else if (ex != null) {
				log.debug("Keepalive of Janus session failed: {}", ex.getMessage());
			}
		});
	}

}
