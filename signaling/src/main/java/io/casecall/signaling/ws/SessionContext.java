package io.casecall.signaling.ws;

import io.casecall.room.call.CallPresence;
import io.casecall.room.call.CallService;
import io.casecall.room.media.MediaRooms;
import io.casecall.signaling.metrics.CallMetrics;
import io.casecall.signaling.metrics.TimingReports;

import org.springframework.stereotype.Component;

/** What every participant session works with; one instance per node. */
@Component
record SessionContext(SignalingProperties properties, MessageCodec codec, CallPresence presence, CallService calls,
		MediaRooms rooms, CallSessions sessions, TimingReports timings, CallMetrics metrics, SeatLeaves leaves,
		PhotoMessages photos, KeyframeRelay keyframes, DetachedParticipants detached,
		SessionRecords records) {
}
