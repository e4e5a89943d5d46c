package io.casecall.signaling.ws;

import io.casecall.room.call.CallEventBus;
import io.casecall.room.call.CallPresence;
import io.casecall.room.call.CallService;
import io.casecall.room.media.MediaRooms;
import io.casecall.room.sfu.SfuGateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The room lifecycle (room-service's {@link MediaRooms}) with this node's settings: the release
 * grace ({@code casecall.signaling.room-release-grace}) and the node's own sockets of a call and
 * the participants it keeps for a resume, any of which keeps the room.
 */
@Configuration(proxyBeanMethods = false)
class MediaRoomsConfiguration {

	@Bean
	MediaRooms mediaRooms(SfuGateway gateway, CallPresence presence, CallService calls, CallEventBus events,
			SignalingProperties properties, SocketCaps sockets, DetachedParticipants detached) {
		return new MediaRooms(gateway, presence, calls, events, properties.roomReleaseGrace(),
				(callId) -> sockets.sockets(callId) + detached.count(callId));
	}

}
