/**
 * The call engine's documented surface: its states and the events it emits. The UI listens to
 * these and nothing else (`call.on(CallEvent.STATE, ({state}) => …)`).
 */

/** Where the call stands, from this participant's point of view. */
export const CallState = Object.freeze({
  /** Created; nothing started. */
  IDLE: 'idle',
  /** Pre-join: preview running, socket pre-warming; `join()` not called yet. */
  READY: 'ready',
  /** `join()` called: waiting for the socket and `joined`. */
  CONNECTING: 'connecting',
  /** Joined; the other side is not in the call. `detail.peerLeft` once they had been here. */
  WAITING: 'waiting',
  /** Joined, and the other side is in the call. */
  CONNECTED: 'connected',
  /** The socket was lost during the call; rejoining per the reconnect policy. */
  RECONNECTING: 'reconnecting',
  /** Over: `detail.reason` is `left` (this side hung up) or the server's `call-ended` reason. */
  ENDED: 'ended',
  /** Cannot continue: `detail.code` (`seat_taken`, `replaced`, `connection_lost`, `token_…`, …). */
  FAILED: 'failed',
});

export const CallEvent = Object.freeze({
  /** `{state, previous, detail}`: see {@link CallState}. */
  STATE: 'state',
  /**
   * `{state: 'connecting'|'open'|'retrying'|'closed'|'offline', attempt?, delayMs?}`: the signaling
   * socket; `offline`: the browser says the network is down, nothing is tried until it is back.
   */
  SIGNAL: 'signal',
  /** `{stream, audio, video, problems}`: own camera/microphone opened or changed. */
  LOCAL_MEDIA: 'local-media',
  /** `{audio, video}`: own microphone/camera switched on or off. */
  LOCAL_MUTE: 'local-mute',
  /** `{cameras, microphones, selected: {audio, video}}`: device list (after permission: labelled). */
  DEVICES: 'devices',
  /** `{participantId, role, clientOffers, join, heartbeatMs}`: the seat is taken. */
  JOINED: 'joined',
  /** `{track, stream, kind, participantId, pc}`: a remote track arrived. */
  REMOTE_TRACK_ADDED: 'remote-track-added',
  /** `{track, kind, participantId, pc}`: a remote track went away. */
  REMOTE_TRACK_REMOVED: 'remote-track-removed',
  /** `{participant}`: the other side joined (or rejoined). */
  PARTICIPANT_JOINED: 'participant-joined',
  /** `{participant}`: the other side left. */
  PARTICIPANT_LEFT: 'participant-left',
  /** `{participant}`: the other side (un)muted; `participant.audio`, `participant.video`. */
  PARTICIPANT_MEDIA: 'participant-media',
  /** `{status}`: the call's status (`waiting`, `connected`). */
  CALL_STATUS: 'call-status',
  /** `{reason, outcome}`: the call is over for everyone. */
  CALL_ENDED: 'call-ended',
  /** `{code, message, fatal, ref}`: something was refused or failed. */
  ERROR: 'error',
  /** `{name, at}`: a connect-time mark was recorded. */
  TIMING: 'timing',
  /** `{join, marks}`: the connect-time report was sent. */
  TIMINGS_SENT: 'timings-sent',
  /** `{requestId, countdown}`: the agent asked for a photo (the customer's page takes it after the countdown). */
  PHOTO_REQUESTED: 'photo-requested',
  /** `{evidenceId, contentType, size, requestedBy, at}`: a photo was kept with the call. */
  PHOTO_ADDED: 'photo-added',
  /** `{token, expiresAt}`: the server refreshed this seat's room token (keep it for a reload). */
  TOKEN: 'token',
  /** `{pc, state}`: the SFU's view of a connection. */
  MEDIA_STATE: 'media-state',
});
