/**
 * The media side of one join: its peer connections (media/transport.js) by the protocol's `pc`
 * id, and what their events mean for the call: the `ice_connected`/`dtls_connected` marks, a
 * connection repaired when its media path fails (`failed`, or `disconnected` too long): first an
 * ICE restart on the same connection, and only when that does not bring it back within a bound
 * given up (the join is rebuilt), remote tracks with the participant
 * they belong to, the first remote video frame (`first-frame`). Negotiation (peers.js) opens and drops them; nothing here speaks to the server.
 */
import { watchFirstFrame } from '../media/first-frame.js';
import { emptyMediaStats, PeerTransport } from '../media/transport.js';

/**
 * A connection `disconnected` this long is repaired (the browser would wait ~30 s for `failed`);
 * shorter outages of the path mend themselves.
 */
const DISCONNECTED_GRACE_MS = 3000;

/** An ICE restart not `connected` again within this long is given up (the join is rebuilt). */
const RESTART_BOUND_MS = 10_000;

/**
 * A restarted connection that sends our media hears the SFU within this long when the restart
 * took on both sides: the SFU answers what it receives with RTCP (receiver reports every second,
 * congestion feedback every 200 ms or so). See {@link Connections#proveRestart}.
 */
const RESTART_PROOF_MS = 1000;

/** Restarts in a row that did not take, after which the connection is left to the bound. */
const UNPROVEN_RESTARTS_MAX = 3;

/**
 * Keyframes asked of this page by another (see {@link Connections#refreshVideo}) at most this
 * often: that page asks every 600 ms while its video stalls, and at once when its path is back.
 */
const KEYFRAME_REFRESH_MS = 300;

export class Connections {
  /** Whether the video we send should be encoded (see {@link Connections#sendVideo}). */
  #videoWanted = true;

  #videoApplied = Promise.resolve();

  #refreshedAt = -Infinity;

  /**
   * @param {object} deps
   * @param {import('./timings.js').TimingsCollector} deps.timings
   * @param {function(string, object)} deps.emit the engine's event emitter
   * @param {function(string)} deps.onFailed a connection failed for good
   * @param {function(string): boolean} [deps.onRepair] restart ICE on connection `id`; false when
   *   it cannot be (the connection is then given up at once)
   * @param {function(string, ?object)} deps.onLocalCandidate a local candidate of a connection
   * @param {function(PeerTransport)} deps.onConnected a connection's ICE and DTLS are up
   * @param {function('ice'|'dtls')} [deps.markConnected] marks a connection's ICE or DTLS being up
   *   (default: `ice_connected`/`dtls_connected`; peers.js tells pre-connected ones apart)
   * @param {function(): boolean} [deps.beforeClick] whether the customer has not clicked Join yet:
   *   the first frame is watched for from the click on (nothing is sent before it)
   * @param {object} [deps.transportOptions] passed to {@link PeerTransport}
   */
  constructor({ timings, emit, onFailed, onRepair = () => false, onLocalCandidate, onConnected, markConnected, beforeClick = () => false, transportOptions = {} }) {
    Object.assign(this, { timings, emit, onFailed, onRepair, onLocalCandidate, onConnected, beforeClick, transportOptions });
    this.markConnected = markConnected || ((name) => timings.mark(`${name}_connected`));
    /** A remote video that arrived before the click, to watch for its first frame from the click on. */
    this.heldVideo = null;
    /** @type {Map<string, PeerTransport>} */
    this.transports = new Map();
    /** The participant whose media a server-offered connection carries, by `pc` id. */
    this.participants = new Map();
    /** The first remote video's frame watch, once a video track arrived. */
    this.firstFrame = null;
    /** Resolves when the first remote video frame is decoded. */
    this.firstFrameSeen = new Promise((resolve) => { this.firstFrameResolve = resolve; });
    this.pendingElement = null;
    this.closed = false;
  }

  /** A new (or the given, made in advance) connection under `id`. */
  open(id, existing = null) {
    const transport = existing || this.create(id);
    if (existing) existing.id = id;
    this.transports.set(id, transport);
    this.#wire(id, transport);
    return transport;
  }

  /** A connection not yet under any id (made in advance; see Peers.prepareSubscription). */
  create(id) {
    return new PeerTransport(id, this.transportOptions);
  }

  drop(id) {
    const transport = this.transports.get(id);
    if (!transport) return;
    clearTimeout(transport.graceTimer);
    clearTimeout(transport.restartTimer);
    this.transports.delete(id);
    // a video held for the click on a connection closed before it (the agent republished or
    // reconnected): the next one's video is watched instead
    if (this.heldVideo && this.heldVideo.transport === transport) this.heldVideo = null;
    transport.close();
  }

  closeAll() {
    this.closed = true;
    if (this.firstFrame) this.firstFrame.cancel();
    for (const id of [...this.transports.keys()]) this.drop(id);
  }

  /** The customer clicked Join: a remote video that arrived before it is watched from now on. */
  clicked() {
    const held = this.heldVideo;
    this.heldVideo = null;
    if (held && !held.transport.closed && !this.firstFrame && !this.closed) this.#watchFirstFrame(held.transport, held.track);
  }

  /** The UI shows the first remote video in this element (for requestVideoFrameCallback). */
  observeFirstFrame(element) {
    if (this.firstFrame) this.firstFrame.watchElement(element);
    else this.pendingElement = element;
  }

  /**
   * A local device changed: send the new track on every connection that sends its kind (and that
   * `sending` allows: a connection held until the click is left alone).
   */
  async replaceTrack(kind, track, sending = () => true) {
    for (const transport of this.transports.values()) {
      if (transport.sendsLocalMedia && sending(transport)) await transport.replaceTrack(kind, track).catch(() => {});
    }
  }

  /**
   * The browser is offline (`false`) or online again: the video we send is not encoded while it
   * is offline. What a connection encodes during an outage reaches the other side after it, late:
   * the SFU asks for what it missed and passes the retransmission on as ordinary packets, and the
   * receiving browser takes frames captured seconds ago for network delay and holds live video
   * for as long (up to 2.5 s after a 3 s outage in the fault drill). Back online, the video starts
   * again with a keyframe.
   */
  sendVideo(on) {
    this.#videoWanted = on;
    return this.#changeVideo((transport) => transport.setVideoActive(this.#videoWanted));
  }

  /**
   * Another page's video of ours does not decode and its SFU cannot ask this browser for a keyframe
   * (Jitsi Videobridge; the server relays the request): the video we send starts again at once, which
   * libwebrtc begins with a keyframe. Not while it is stopped for being offline, and at most once per
   * `KEYFRAME_REFRESH_MS` (each one is a burst of bits).
   */
  refreshVideo(now = Date.now()) {
    if (!this.#videoWanted || now - this.#refreshedAt < KEYFRAME_REFRESH_MS) return this.#videoApplied;
    this.#refreshedAt = now;
    return this.#changeVideo(async (transport) => {
      if (!this.#videoWanted) return;
      await transport.setVideoActive(false);
      await transport.setVideoActive(true);
    });
  }

  /**
   * Applies `change` to every connection that sends our media, after the changes asked for before
   * it: an `online` right after an `offline` must not read the encodings before the `offline` set them.
   */
  #changeVideo(change) {
    this.#videoApplied = this.#videoApplied.then(async () => {
      for (const transport of this.transports.values()) {
        if (transport.sendsLocalMedia) await change(transport).catch(() => {});
      }
    });
    return this.#videoApplied;
  }

  /** Media counters summed over the connections (see PeerTransport.stats). */
  async mediaStats() {
    const totals = emptyMediaStats();
    for (const transport of this.transports.values()) {
      const stats = await transport.stats();
      for (const name of Object.keys(totals)) totals[name] += stats[name];
    }
    return totals;
  }

  #wire(id, transport) {
    transport.onLocalCandidate = (candidate) => this.onLocalCandidate(id, candidate);
    transport.onIceState = (state) => {
      if (state === 'connected' || state === 'completed') this.markConnected('ice');
      this.emit('transport-state', { pc: id, ice: state });
    };
    transport.onConnectionState = (state) => {
      clearTimeout(transport.graceTimer);
      if (state === 'connected') {
        clearTimeout(transport.restartTimer);
        transport.restartTimer = null;
        this.markConnected('dtls');
        this.onConnected(transport);
      }
      if (state === 'failed') this.#repair(id, transport, 'media_failed');
      if (state === 'disconnected') {
        transport.graceTimer = setTimeout(() => !transport.closed && this.#repair(id, transport, 'media_disconnected'), DISCONNECTED_GRACE_MS);
      }
      this.emit('transport-state', { pc: id, connection: state });
    };
    transport.onTrack = ({ track, stream }) => {
      if (track.kind === 'video' && !this.firstFrame) {
        if (this.beforeClick()) this.heldVideo ||= { transport, track };
        else this.#watchFirstFrame(transport, track);
      }
      this.emit('remote-track-added', { track, stream, kind: track.kind, participantId: this.participants.get(id) || null, pc: id });
    };
    transport.onTrackEnded = ({ track }) => {
      this.emit('remote-track-removed', { track, kind: track.kind, participantId: this.participants.get(id) || null, pc: id });
    };
  }

  /**
   * Repairs at once every connection whose media path is down (`failed`, or `disconnected`)
   * instead of waiting for the browser's own checks or the disconnected grace: after a resume (the
   * path may have died while the socket was away: a restart could not be sent then) and when the
   * network comes back.
   */
  repairDown() {
    for (const [id, transport] of this.transports) {
      const state = transport.connectionState;
      if (state !== 'failed' && state !== 'disconnected') continue;
      clearTimeout(transport.graceTimer);
      clearTimeout(transport.restartTimer); // a restart sent on a socket since lost: restart afresh
      transport.restartTimer = null;
      this.#repair(id, transport, state === 'failed' ? 'media_failed' : 'media_disconnected');
    }
  }

  /**
   * The server refused to restart a connection it offered (its SFU cannot: Jitsi Videobridge over
   * REST, docs/jvb.md): what waits on such a restart is given up now, not at the bound (10 s),
   * and the join rebuilt. One rebuild replaces every connection. `serverOffered`: whether a
   * connection's restart went as `restart` (ours are restarted with an offer of our own).
   */
  restartRefused(serverOffered = () => true) {
    for (const [id, transport] of this.transports) {
      if (!transport.restartTimer || transport.closed || transport.connected || !serverOffered(id)) continue;
      clearTimeout(transport.restartTimer);
      transport.restartTimer = null;
      this.onFailed(transport.repairReason);
      return;
    }
  }

  /** The media path of a connection failed: an ICE restart first, bounded; then it is given up. */
  #repair(id, transport, reason) {
    if (transport.restartTimer) return; // restarting: the bound decides
    if (!this.onRepair(id)) {
      this.onFailed(reason);
      return;
    }
    this.emit('transport-state', { pc: id, restart: true });
    transport.repairReason = reason;
    transport.restartTimer = setTimeout(() => {
      if (!transport.closed && !transport.connected) this.onFailed(reason);
    }, RESTART_BOUND_MS);
    this.#proveRestart(id, transport, reason);
  }

  /**
   * Chromium can say `connected` after a restart that did not take on the SFU's side (fault
   * drill, 40 s cut: Janus's Admin API showed one of the page's new candidates reaching Janus's old
   * ICE generation before the restart's offer; Janus's restarted checks then failed, nothing from
   * Janus reached the page (no RTCP: PLIs and the target bitrate stood still), and only the
   * disconnect 5 s later and a second restart ended it). A connection that sends our
   * media and has received nothing since the restart began, `RESTART_PROOF_MS` after it, is
   * restarted again (at most `UNPROVEN_RESTARTS_MAX` times in a row).
   */
  async #proveRestart(id, transport, reason) {
    if (!transport.sendsLocalMedia) return;
    const proof = {};
    transport.restartProof = proof;
    const before = await transport.transportBytesReceived().catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, RESTART_PROOF_MS));
    // not connected yet: the bound decides; connected on the old pair only is what this is for
    if (transport.closed || transport.restartProof !== proof || before === null || !transport.connected) return;
    const after = await transport.transportBytesReceived().catch(() => null);
    if (after === null || after > before || transport.restartProof !== proof) {
      transport.unprovenRestarts = 0;
      return;
    }
    transport.unprovenRestarts = (transport.unprovenRestarts || 0) + 1;
    if (transport.unprovenRestarts > UNPROVEN_RESTARTS_MAX) return;
    this.emit('transport-state', { pc: id, unproven: true });
    clearTimeout(transport.restartTimer);
    transport.restartTimer = null;
    this.#repair(id, transport, reason);
  }

  #watchFirstFrame(transport, track) {
    this.firstFrame = watchFirstFrame({ receiver: transport.receiverOf(track), element: this.pendingElement });
    this.pendingElement = null;
    this.firstFrame.promise.then((at) => {
      this.firstFrameResolve();
      if (at !== null && !this.closed) this.emit('first-frame', { at });
    });
  }
}
