package io.casecall.signaling.ws;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.call.Call;
import io.casecall.room.call.CallEvent;
import io.casecall.room.call.CallEventBus;
import io.casecall.room.call.CallPresence;
import io.casecall.room.call.CallService;
import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.sfu.SfuRoom;

import org.springframework.stereotype.Component;

/**
 * The SFU room of each call: allocated on first use on the instance recorded for the call, and
 * released when the call ends or when both seats have stayed empty, with no socket of the call
 * left on this node, for the grace period.
 */
@Component
class MediaRooms {

	private static final Logger log = LoggerFactory.getLogger(MediaRooms.class);

	private final SfuGateway gateway;

	private final CallPresence presence;

	private final CallService calls;

	private final SignalingProperties properties;

	private final SocketCaps sockets;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "casecall-room-release");
		thread.setDaemon(true);
		return thread;
	});

	MediaRooms(SfuGateway gateway, CallPresence presence, CallService calls, SignalingProperties properties,
			CallEventBus events, SocketCaps sockets) {
		this.gateway = gateway;
		this.sockets = sockets;
		this.presence = presence;
		this.calls = calls;
		this.properties = properties;
		events.subscribe((event) -> {
			if (event instanceof CallEvent.Ended ended) {
				this.timer.execute(() -> releaseEnded(ended.callId()));
			}
		});
	}

	SfuGateway gateway() {
		return this.gateway;
	}

	/** The call's room, allocated if needed, on the instance every participant of the call uses. */
	SfuRoom ensure(Call call) {
		SfuRoom room = this.gateway.allocate(call.room(), call.sfuInstance());
		if (call.sfuInstance() == null) {
			String claimed = this.presence.claimSfuInstance(call.id(), room.instance());
			if (!claimed.equals(room.instance())) {
				room = this.gateway.allocate(call.room(), claimed);
			}
		}
		return room;
	}

	/** A seat was freed or a socket closed: release the room later if nobody is back by then. */
	void seatFreed(String callId) {
		try {
			this.timer.schedule(() -> releaseIfEmpty(callId), this.properties.roomReleaseGrace().toMillis(),
					TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			log.debug("Shutting down: the room of call {} is released with the node's other rooms", callId);
		}
	}

	private void releaseIfEmpty(String callId) {
		try {
			Call call = this.calls.get(callId);
			if (!call.ended() && !call.agent().present() && !call.customer().present()
					&& this.sockets.sockets(callId) == 0) {
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
		if (call.sfuInstance() == null) {
			return; // never allocated
		}
		this.gateway.release(new SfuRoom(call.room(), call.sfuInstance()));
		log.info("Released the media room of call {} ({})", call.id(), why);
	}

	@PreDestroy
	void stop() {
		this.timer.shutdownNow();
	}

}
