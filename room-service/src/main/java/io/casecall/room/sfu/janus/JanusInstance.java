package io.casecall.room.sfu.janus;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuInstanceStatus;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuRequestTimers;

/**
 * One Janus this node drives: its WebSocket ({@link JanusConnection}), a control session for
 * creating and destroying rooms, the participants this node holds on it and the rooms it
 * allocated there (its load, for {@link JanusInstances#choose()}).
 */
final class JanusInstance implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(JanusInstance.class);

	private final String id;

	private final JanusProperties properties;

	private final JanusThreads threads;

	private final JanusConnection connection;

	private final Set<JanusParticipant> participants = ConcurrentHashMap.newKeySet();

	private final Set<String> rooms = ConcurrentHashMap.newKeySet();

	private final Object controlLock = new Object();

	private JanusSession controlSession;

	private VideoRoomHandle control;

	/** @param properties the instance's own settings ({@link JanusProperties#forInstance}) */
	JanusInstance(JanusProperties properties, JsonMapper json, MeterRegistry meters, JanusThreads threads) {
		this.id = properties.instanceName();
		this.properties = properties;
		this.threads = threads;
		this.connection = new JanusConnection(properties, json, threads.scheduler(), new SfuRequestTimers(meters, "janus"));
	}

	String id() {
		return this.id;
	}

	void start() {
		this.connection.start();
	}

	/** Connected, and Janus answered its last {@code info} or ping. */
	boolean healthy() {
		return this.connection.healthy();
	}

	/** Rooms this node allocated here and has not released. */
	int rooms() {
		return this.rooms.size();
	}

	/** The instance was lost: what it held is gone (a restarted Janus has no rooms). */
	void forgetRooms() {
		this.rooms.clear();
	}

	/** Creates the room here unless it exists. */
	boolean createRoom(String roomId) {
		boolean created = control().createRoom(roomId, this.properties.roomBitrate(),
				this.properties.roomPublishers(), this.properties.adminKey());
		this.rooms.add(roomId);
		return created;
	}

	/** Destroys the room here; a room Janus does not have is no error. */
	boolean destroyRoom(String roomId) {
		this.rooms.remove(roomId);
		return control().destroyRoom(roomId);
	}

	JanusParticipant connect(String roomId, String participantId, SfuListener listener) {
		JanusParticipant participant = new JanusParticipant(this.connection, this.properties, this.threads, roomId,
				participantId, listener, this.participants::remove);
		this.participants.add(participant);
		return participant;
	}

	/** Takes over a session another node left here (see {@link JanusSession#claim}). */
	JanusParticipant restore(String roomId, String participantId, SfuListener listener, JanusSnapshot snapshot) {
		JanusParticipant participant = new JanusParticipant(this.connection, this.properties, this.threads, roomId,
				participantId, listener, this.participants::remove, snapshot);
		this.participants.add(participant);
		return participant;
	}

	/** Destroys a session another node left here, without waiting; one Janus no longer has is no error. */
	void destroySession(long sessionId) {
		this.connection
			.send("destroy_session", this.connection.request("destroy").put("session_id", sessionId), false, null)
			.whenComplete((reply, ex) -> log.debug("Destroyed left session {} on {}: {}", sessionId, this.id,
					(ex == null) ? "yes" : ex.getMessage()));
	}

	/** Load: the rooms this node allocated here (participants in the detail). */
	SfuInstanceStatus status() {
		String detail = this.connection.detail() + " (" + this.properties.url() + ", " + this.participants.size()
				+ " participants of this node)";
		return new SfuInstanceStatus(this.id, healthy(), this.rooms.size(), detail);
	}

	@Override
	public void close() {
		this.participants.forEach(JanusParticipant::close);
		synchronized (this.controlLock) {
			if (this.controlSession != null) {
				this.controlSession.destroy();
			}
		}
		this.connection.close();
	}

	/** The control handle, (re)created when there is none or Janus forgot its session. */
	VideoRoomHandle control() {
		synchronized (this.controlLock) {
			if (this.controlSession == null || !this.controlSession.open()) {
				JanusSession session = JanusSession.create(this.connection, this.threads.scheduler(),
						this.properties.keepaliveInterval(), (message) -> {
						}, (cause) -> log.debug("Janus {} forgot the control session: {}", this.id,
								cause.getMessage()));
				try {
					this.control = VideoRoomHandle.attach(session);
				}
				catch (SfuException ex) {
					session.destroy();
					throw ex;
				}
				this.controlSession = session;
			}
			return this.control;
		}
	}

}
