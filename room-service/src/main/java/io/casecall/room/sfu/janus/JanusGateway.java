package io.casecall.room.sfu.janus;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.sfu.SfuInstanceStatus;
import io.casecall.room.sfu.SfuInstanceWatcher;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;
import io.casecall.room.sfu.SfuUnavailableException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@link SfuGateway} on one or more Janus instances ({@link JanusInstances}) through the VideoRoom
 * plugin: one room per call (the call's room id as string room id) on the instance the call
 * claimed, one Janus session per participant, all over one WebSocket per instance. Rooms are
 * created and destroyed through a control session per instance. When an instance's WebSocket
 * drops, its participants are lost and the gateway reconnects by itself; rooms are created again
 * on the next {@link #allocate} (a restarted Janus has none). New rooms go to a healthy instance;
 * {@link #watchInstances} tells the room lifecycle when one is lost, so its rooms move.
 */
@Component
@ConditionalOnProperty(name = "casecall.sfu.type", havingValue = "janus", matchIfMissing = true)
class JanusGateway implements SfuGateway, InitializingBean, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(JanusGateway.class);

	private final JanusThreads threads = JanusThreads.create();

	private final JanusInstances instances;

	private final JsonMapper json;

	JanusGateway(JanusProperties properties, JsonMapper json, MeterRegistry meters) {
		this.json = json;
		this.instances = new JanusInstances(properties, json, meters, this.threads);
	}

	/** Starts connecting to every Janus (in the background: the application starts without them). */
	@Override
	public void afterPropertiesSet() {
		this.instances.start();
	}

	@Override
	public String type() {
		return "janus";
	}

	/** The healthy instance holding the fewest rooms of this node. */
	@Override
	public String chooseInstance() {
		return this.instances.choose().id();
	}

	@Override
	public boolean available(String instance) {
		return this.instances.healthy(instance);
	}

	@Override
	public void watchInstances(SfuInstanceWatcher watcher) {
		this.instances.watch(watcher);
	}

	@Override
	public SfuRoom allocate(String roomId, String instance) {
		JanusInstance target = (instance != null) ? this.instances.get(instance) : null;
		if (target == null) {
			target = this.instances.choose();
			if (instance != null) {
				log.warn("Room {} was on Janus instance {}, which is not configured (any more); allocating it on {}",
						roomId, instance, target.id());
			}
		}
		boolean created = target.createRoom(roomId);
		log.debug("Room {} {} on {}", roomId, created ? "created" : "exists already", target.id());
		return new SfuRoom(roomId, target.id());
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Janus knows the participant by its id only (the feed's {@code display}, from which the
	 * other participants learn whose feed they subscribe to); display names stay in CaseCall.
	 */
	@Override
	public SfuParticipant connect(SfuRoom room, String participantId, String displayName, SfuListener listener) {
		return instance(room).connect(room.roomId(), participantId, listener);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * {@code claim}s the Janus session on this node's connection to its instance, which must be the
	 * room's; Janus keeps a session whose socket went away for its {@code reclaim_session_timeout}.
	 */
	@Override
	public SfuParticipant restore(SfuRoom room, String participantId, String snapshot, SfuListener listener) {
		JanusSnapshot state = JanusSnapshot.read(this.json, snapshot);
		if (!state.instance().equals(room.instance())) {
			throw new SfuException("The session was on Janus " + state.instance() + ", the room is on " + room.instance());
		}
		return instance(room).restore(room.roomId(), participantId, listener, state);
	}

	@Override
	public void discard(SfuRoom room, String snapshot) {
		try {
			JanusSnapshot state = JanusSnapshot.read(this.json, snapshot);
			JanusInstance instance = this.instances.get(state.instance());
			if (instance != null) {
				instance.destroySession(state.session());
			}
		}
		catch (RuntimeException ex) {
			log.debug("Could not discard a session left by another node: {}", ex.getMessage());
		}
	}

	@Override
	public void release(SfuRoom room) {
		JanusInstance instance = this.instances.get(room.instance());
		if (instance == null) {
			log.debug("Room {} was on {}, not configured: nothing to destroy", room.roomId(), room.instance());
			return;
		}
		boolean destroyed = instance.destroyRoom(room.roomId());
		log.debug("Room {} {} on {}", room.roomId(), destroyed ? "destroyed" : "was gone already", instance.id());
	}

	/** Every instance; its load is the number of rooms this node allocated on it. */
	@Override
	public List<SfuInstanceStatus> status() {
		return this.instances.statuses();
	}

	@Override
	public void close() {
		this.instances.close();
		this.threads.close();
	}

	/** The control handle of an instance (tests). */
	VideoRoomHandle control(String instance) {
		return this.instances.get(instance).control();
	}

	private JanusInstance instance(SfuRoom room) {
		JanusInstance instance = this.instances.get(room.instance());
		if (instance == null) {
			throw new SfuUnavailableException("No Janus instance " + room.instance() + " is configured");
		}
		return instance;
	}

}
