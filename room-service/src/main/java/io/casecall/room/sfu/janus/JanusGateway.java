package io.casecall.room.sfu.janus;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.sfu.SfuRequestTimers;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.sfu.SfuInstanceStatus;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@link SfuGateway} on one Janus instance through its VideoRoom plugin: one room per call (the
 * call's room id as string room id), one Janus session per participant, all over one WebSocket.
 * Rooms are created and destroyed through a control session of the gateway's own. When the
 * WebSocket drops, every open participant is lost and the gateway reconnects by itself; rooms
 * are created again on the next {@link #allocate} (a restarted Janus has none).
 */
@Component
@ConditionalOnProperty(name = "casecall.sfu.type", havingValue = "janus", matchIfMissing = true)
class JanusGateway implements SfuGateway, InitializingBean, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(JanusGateway.class);

	private final JanusProperties properties;

	private final JanusThreads threads = JanusThreads.create();

	private final JanusConnection connection;

	private final Set<JanusParticipant> participants = ConcurrentHashMap.newKeySet();

	private final Object controlLock = new Object();

	private JanusSession controlSession;

	private VideoRoomHandle control;

	JanusGateway(JanusProperties properties, JsonMapper json, MeterRegistry meters) {
		this.properties = properties;
		this.connection = new JanusConnection(properties, json, this.threads.scheduler(), new SfuRequestTimers(meters, "janus"));
	}

	/** Starts connecting to Janus (in the background: the application starts without it). */
	@Override
	public void afterPropertiesSet() {
		this.connection.start();
	}

	@Override
	public String type() {
		return "janus";
	}

	/** The one instance this gateway drives. */
	@Override
	public String chooseInstance() {
		return this.properties.instanceName();
	}

	@Override
	public SfuRoom allocate(String roomId, String instance) {
		if (instance != null && !instance.equals(this.properties.instanceName())) {
			log.info("Room {} was on SFU instance {}; allocating it on {}", roomId, instance,
					this.properties.instanceName());
		}
		boolean created = control().createRoom(roomId, this.properties.roomBitrate(),
				this.properties.roomPublishers(), this.properties.adminKey());
		log.debug("Room {} {}", roomId, created ? "created" : "exists already");
		return new SfuRoom(roomId, this.properties.instanceName());
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Janus knows the participant by its id only (the feed's {@code display}, from which the
	 * other participants learn whose feed they subscribe to); display names stay in CaseCall.
	 */
	@Override
	public SfuParticipant connect(SfuRoom room, String participantId, String displayName, SfuListener listener) {
		JanusParticipant participant = new JanusParticipant(this.connection, this.properties, this.threads,
				room.roomId(), participantId, listener, this.participants::remove);
		this.participants.add(participant);
		return participant;
	}

	@Override
	public void release(SfuRoom room) {
		boolean destroyed = control().destroyRoom(room.roomId());
		log.debug("Room {} {}", room.roomId(), destroyed ? "destroyed" : "was gone already");
	}

	/** One instance; its load is the number of participants this node holds on it. */
	@Override
	public List<SfuInstanceStatus> status() {
		return List.of(new SfuInstanceStatus(this.properties.instanceName(), this.connection.healthy(),
				this.participants.size(), this.connection.detail()));
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
		this.threads.close();
	}

	/** The control handle, (re)created when there is none or Janus forgot its session. */
	VideoRoomHandle control() {
		synchronized (this.controlLock) {
			if (this.controlSession == null || !this.controlSession.open()) {
				JanusSession session = JanusSession.create(this.connection, this.threads.scheduler(),
						this.properties.keepaliveInterval(), (message) -> {
						}, (cause) -> log.debug("Janus forgot the control session: {}", cause.getMessage()));
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
