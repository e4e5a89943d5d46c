package io.casecall.room.media;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.Call;
import io.casecall.room.call.CallEvent;
import io.casecall.room.call.CallEventBus;
import io.casecall.room.call.CallNotFoundException;
import io.casecall.room.call.CallPresence;
import io.casecall.room.call.CallService;
import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.sfu.SfuInstanceWatcher;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;

/**
 * The one lifecycle of a call's media room: <b>claim</b> (the call record names the SFU instance
 * once, for every node: {@link CallPresence#claimSfuInstance}, the only claim), <b>allocate</b>
 * (once per {@link #connect}, on the claimed instance) and <b>release</b> (when the call ends, or
 * when both seats have stayed empty, with no socket of the call left on this node, for the grace
 * period). Callers (the socket layer) see only this class; the {@link SfuGateway} adapters only
 * allocate what they are told to.
 * <p>
 * <b>Move</b>: a room claimed on an instance the gateway cannot use any more goes to a healthy
 * one. A connect finding its room's instance unavailable moves the room at once; when the gateway
 * reports an instance lost ({@link SfuInstanceWatcher}), every live room of this node on it is
 * moved and allocated on the new instance before its participants come back. The move is a
 * compare-and-set of the record ({@link CallPresence#moveSfuInstance}): one node moves a room,
 * the others follow the record. The participants on the lost instance lost their sessions with
 * it ({@link SfuListener#onLost}: their pages rejoin). A move reaches every node
 * ({@link CallEvent.RoomMoved}): a node that still holds the room on the old instance (its own
 * connection there is fine: only the mover's broke) lets it go, and the room left behind is
 * destroyed there, at once where the instance answers, else when it is back ({@link LeftRooms}).
 * The socket layer moves that node's participants still on the old instance (see
 * {@link io.casecall.room.sfu.SfuParticipant#instance()}).
 * <p>
 * Threads: {@link #connect} runs on the caller's thread (the socket's pre-warm, or its join);
 * releases and moves run on {@code casecall-room-release}, a single thread of their own, never
 * on the shared {@code casecall-call-events} thread.
 */
public class MediaRooms implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(MediaRooms.class);

	private final SfuGateway gateway;

	private final CallPresence presence;

	private final CallService calls;

	private final Duration releaseGrace;

	private final ToIntFunction<String> localSockets;

	/** Rooms this node allocated and has not released, by call id (with the instance it allocated on). */
	private final Map<String, SfuRoom> live = new ConcurrentHashMap<>();

	/** Rooms moved away from an instance, to destroy there. */
	private final LeftRooms left;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "casecall-room-release");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param releaseGrace how long both seats stay empty before the room is released
	 * @param localSockets the number of this node's open sockets of a call (any of them keeps the room)
	 */
	public MediaRooms(SfuGateway gateway, CallPresence presence, CallService calls, CallEventBus events,
			Duration releaseGrace, ToIntFunction<String> localSockets) {
		this.gateway = gateway;
		this.presence = presence;
		this.calls = calls;
		this.releaseGrace = releaseGrace;
		this.localSockets = localSockets;
		this.left = new LeftRooms(gateway);
		events.subscribe((event) -> {
			if (event instanceof CallEvent.Ended ended) {
				queue(() -> releaseEnded(ended.callId()));
			}
			else if (event instanceof CallEvent.RoomMoved moved) {
				queue(() -> followMove(moved));
			}
		});
		gateway.watchInstances(new SfuInstanceWatcher() {
			@Override
			public void lost(String instance) {
				queue(() -> moveRoomsOf(instance));
			}

			@Override
			public void back(String instance) {
				queue(() -> MediaRooms.this.left.back(instance));
			}
		});
	}

	/**
	 * Opens a participant's media session in the call's room: claims the room's instance if the
	 * call has none yet, allocates the room there (once) and connects.
	 * @see SfuGateway#connect
	 */
	public SfuParticipant connect(Call call, String participantId, String displayName, SfuListener listener) {
		return this.gateway.connect(ensure(call), participantId, displayName, listener);
	}

	/**
	 * Takes over a participant's session another node left in the call's room (it died or shut
	 * down), from the snapshot that node persisted.
	 * @see SfuGateway#restore
	 */
	public SfuParticipant restore(Call call, String participantId, String snapshot, SfuListener listener) {
		return this.gateway.restore(ensure(call), participantId, snapshot, listener);
	}

	/** Ends a session another node left in the call's room, from its snapshot; never throws. */
	public void discard(Call call, String snapshot) {
		if (call.sfuInstance() != null) {
			this.gateway.discard(new SfuRoom(call.room(), call.sfuInstance()), snapshot);
		}
	}

	/** The call's room, allocated once on the instance every participant of the call uses. */
	SfuRoom ensure(Call call) {
		String instance = call.sfuInstance();
		if (instance == null) {
			// first come, first served: the call record holds the one claim, for every node
			instance = this.presence.claimSfuInstance(call.id(), this.gateway.chooseInstance());
		}
		if (!this.gateway.available(instance)) {
			instance = move(call, instance);
		}
		SfuRoom room = this.gateway.allocate(call.room(), instance);
		this.live.put(call.id(), room);
		return room;
	}

	/**
	 * Moves the call's room off {@code from} (compare-and-set: a node that finds it moved already
	 * follows the record).
	 * @return the instance the record names now
	 * @throws io.casecall.room.sfu.SfuUnavailableException when no instance is available
	 */
	private String move(Call call, String from) {
		String to = this.gateway.chooseInstance();
		if (to.equals(from)) {
			return from; // it is back
		}
		CallPresence.SfuMove move = this.presence.moveSfuInstance(call.id(), from, to);
		if (move.instance() == null) {
			throw new CallNotFoundException(call.id());
		}
		if (move.moved()) {
			log.warn("Moved the media room of call {} from SFU instance {} to {}", call.id(), from, to);
			SfuRoom behind = new SfuRoom(call.room(), from);
			queue(() -> this.left.leave(behind));
		}
		return move.instance();
	}

	/** On the release thread: the instance is lost; its live rooms of this node move and are allocated. */
	private void moveRoomsOf(String instance) {
		List<String> calls = this.live.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().instance().equals(instance))
			.map(Map.Entry::getKey)
			.toList();
		for (String callId : calls) {
			try {
				Call call = this.calls.get(callId);
				if (call.ended()) {
					this.live.remove(callId);
					continue;
				}
				String now = instance.equals(call.sfuInstance()) ? move(call, instance) : call.sfuInstance();
				this.live.put(callId, this.gateway.allocate(call.room(), now));
			}
			catch (RuntimeException ex) {
				log.warn("Could not move the media room of call {} off lost SFU instance {}: {}", callId, instance,
						ex.getMessage());
			}
		}
	}

	/**
	 * On the release thread: a node moved the call's room (this one included: the event comes back
	 * to the mover, whose own record of the room names the new instance by then). A room this node
	 * still holds on the old instance is no longer this node's: it is left behind, to be destroyed.
	 * Late, repeated or foreign events find nothing to do, and neither does a move to an instance
	 * this node does not reach (its participants stay in the room: see the socket layer).
	 */
	private void followMove(CallEvent.RoomMoved moved) {
		SfuRoom room = this.live.get(moved.callId());
		if (room != null && room.instance().equals(moved.from()) && this.gateway.available(moved.to())
				&& this.live.remove(moved.callId(), room)) {
			log.info("The media room of call {} moved from SFU instance {} to {} (another node moved it)",
					moved.callId(), moved.from(), moved.to());
			this.left.leave(room);
		}
	}

	private void queue(Runnable task) {
		try {
			this.timer.execute(task);
		}
		catch (RejectedExecutionException ex) {
			log.debug("Shutting down: no room moves any more");
		}
	}

	/** A seat was freed or a socket closed: release the room later if nobody is back by then. */
	public void seatFreed(String callId) {
		try {
			this.timer.schedule(() -> releaseIfEmpty(callId), this.releaseGrace.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			log.debug("Shutting down: the room of call {} is released with the node's other rooms", callId);
		}
	}

	private void releaseIfEmpty(String callId) {
		try {
			Call call = this.calls.get(callId);
			if (!call.ended() && !call.agent().present() && !call.customer().present()
					&& this.localSockets.applyAsInt(callId) == 0) {
				release(call, "both seats empty");
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not check call {} for room release: {}", callId, ex.getMessage());
		}
	}

	private void releaseEnded(String callId) {
		try {
			release(this.calls.get(callId), "call ended");
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the room of ended call {}: {}", callId, ex.getMessage());
		}
	}

	private void release(Call call, String why) {
		this.live.remove(call.id());
		if (call.sfuInstance() == null) {
			return; // never allocated
		}
		this.gateway.release(new SfuRoom(call.room(), call.sfuInstance()));
		log.info("Released the media room of call {} ({})", call.id(), why);
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
