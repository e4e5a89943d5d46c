package io.casecall.signaling.ws;

import java.util.HashMap;
import java.util.Map;

import io.casecall.room.token.Role;

import org.springframework.stereotype.Component;

/**
 * Caps the live sockets of each seat and each call on this node ({@code max-sockets-per-seat},
 * {@code max-sockets-per-call}): one socket per seat plus one for a reload taking it over. A
 * permit is taken before the upgrade and given back when the socket (or the failed upgrade) is
 * gone, so a flood from one link is refused at the handshake without touching the call store or
 * the media server, and other calls never notice it.
 */
@Component
class SocketCaps {

	private final SignalingProperties properties;

	private final Map<String, Integer> bySeat = new HashMap<>();

	private final Map<String, Integer> byCall = new HashMap<>();

	SocketCaps(SignalingProperties properties) {
		this.properties = properties;
	}

	/**
	 * A permit for one more socket of a seat, or {@code null} when the seat or call is full.
	 * Asked with the claims of a verified token, before the call store is: a refused socket costs
	 * a signature check and nothing else.
	 */
	synchronized Permit acquire(String callId, Role role) {
		String seat = callId + "|" + role.wire();
		if (this.bySeat.getOrDefault(seat, 0) >= this.properties.maxSocketsPerSeat()
				|| this.byCall.getOrDefault(callId, 0) >= this.properties.maxSocketsPerCall()) {
			return null;
		}
		this.bySeat.merge(seat, 1, Integer::sum);
		this.byCall.merge(callId, 1, Integer::sum);
		return new Permit(seat, callId);
	}

	private synchronized void release(Permit permit) {
		this.bySeat.computeIfPresent(permit.seat, (key, count) -> (count > 1) ? count - 1 : null);
		this.byCall.computeIfPresent(permit.callId, (key, count) -> (count > 1) ? count - 1 : null);
	}

	/** Live sockets of a call on this node (open or being upgraded). */
	synchronized int sockets(String callId) {
		return this.byCall.getOrDefault(callId, 0);
	}

	/** One socket's place; {@link #release()} is idempotent. */
	final class Permit {

		private final String seat;

		private final String callId;

		private boolean released;

		private Permit(String seat, String callId) {
			this.seat = seat;
			this.callId = callId;
		}

		void release() {
			synchronized (SocketCaps.this) {
				if (this.released) {
					return;
				}
				this.released = true;
				SocketCaps.this.release(this);
			}
		}

	}

}
