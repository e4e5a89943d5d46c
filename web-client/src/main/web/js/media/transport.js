/**
 * One RTCPeerConnection with the SFU, identified by the protocol's `pc` id. The only code that
 * touches RTCPeerConnection: it publishes local tracks, answers server offers (optionally
 * sending local media on them), and queues remote ICE candidates until the remote
 * description is set (an SFU may trickle before its offer lands).
 */

const noop = () => {};

/** Whether this browser has peer connections at all (else the page says it is unsupported). */
export function peerConnectionsSupported(scope = globalThis) {
  return 'RTCPeerConnection' in scope;
}

export class PeerTransport {
  /**
   * @param {string} id the protocol's `pc` id
   * @param {object} [options]
   * @param {RTCConfiguration} [options.config]
   * @param {typeof RTCPeerConnection} [options.RTCPeerConnectionImpl]
   */
  constructor(id, { config = {}, RTCPeerConnectionImpl = globalThis.RTCPeerConnection } = {}) {
    this.id = id;
    this.pc = new RTCPeerConnectionImpl({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', ...config });
    this.pendingCandidates = [];
    this.remoteTracks = new Set();
    this.sendsLocalMedia = false;
    this.closed = false;

    /** A local ICE candidate `{candidate, sdpMid, sdpMLineIndex}`, or null at the end. */
    this.onLocalCandidate = noop;
    /** A remote track arrived: `({track, stream})`. */
    this.onTrack = noop;
    /** A remote track went away: `({track})`. */
    this.onTrackEnded = noop;
    /** `iceConnectionState` changed. */
    this.onIceState = noop;
    /** `connectionState` changed (`connected` = ICE and DTLS done). */
    this.onConnectionState = noop;

    this.pc.onicecandidate = (event) => {
      if (this.closed) return;
      if (!event.candidate) {
        this.onLocalCandidate(null);
      } else if (event.candidate.candidate) {
        const { candidate, sdpMid, sdpMLineIndex } = event.candidate;
        this.onLocalCandidate({ candidate, sdpMid, sdpMLineIndex });
      }
    };
    this.pc.oniceconnectionstatechange = () => !this.closed && this.onIceState(this.pc.iceConnectionState);
    this.pc.onconnectionstatechange = () => !this.closed && this.onConnectionState(this.pc.connectionState);
    this.pc.ontrack = (event) => this.#remoteTrack(event);
  }

  /**
   * Adds one send-only transceiver per local track (publishing).
   * @param {MediaStreamTrack[]} tracks
   * @param {MediaStream} [stream]
   */
  publish(tracks, stream) {
    for (const track of tracks) {
      this.pc.addTransceiver(track, { direction: 'sendonly', streams: stream ? [stream] : [] });
    }
    this.sendsLocalMedia = tracks.length > 0;
  }

  /** Creates and applies an offer; returns its SDP. */
  async createOffer() {
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    return this.pc.localDescription.sdp;
  }

  /** Creates and applies an offer with new ICE credentials (an ICE restart); returns its SDP. */
  async restartIce() {
    const offer = await this.pc.createOffer({ iceRestart: true });
    await this.pc.setLocalDescription(offer);
    return this.pc.localDescription.sdp;
  }

  /**
   * Waits until ICE gathering is complete (or `timeoutMs` passed) and returns the local SDP,
   * which then carries the gathered candidates.
   */
  async gatheredLocalSdp(timeoutMs) {
    if (this.pc.iceGatheringState !== 'complete' && timeoutMs > 0) {
      await new Promise((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        const pc = this.pc;
        function done() {
          clearTimeout(timer);
          pc.removeEventListener('icegatheringstatechange', check);
          resolve();
        }
        function check() {
          if (pc.iceGatheringState === 'complete') done();
        }
        pc.addEventListener('icegatheringstatechange', check);
      });
    }
    return { sdp: this.pc.localDescription.sdp, complete: this.pc.iceGatheringState === 'complete' };
  }

  /** Applies the SFU's answer to our offer. */
  async acceptAnswer(sdp) {
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
    await this.#flushCandidates();
  }

  /**
   * Applies an SFU offer and answers it. The answer is returned as soon as it is set locally;
   * candidates the SFU trickled before the offer are added meanwhile, not before.
   * @param {string} sdp
   * @param {{audio?: MediaStreamTrack, video?: MediaStreamTrack, stream?: MediaStream, held?: boolean}} [attach]
   *   local tracks to send on the first audio and video transceivers (one connection that
   *   carries everything, as with Jitsi Videobridge); `held`: the transceivers are set up to send
   *   but no track is attached yet (before the customer's click nothing leaves the device; the
   *   tracks come with {@link replaceTrack}, without renegotiation)
   * @param {{setup?: 'passive'}} [options] `passive`: the SFU asked to be the DTLS client (it
   *   then starts DTLS as soon as its ICE check succeeds)
   * @returns {Promise<string>} the answer SDP
   */
  async answerOffer(sdp, attach = null, { setup = null } = {}) {
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    if (attach) await this.#attach(attach);
    const answer = await this.pc.createAnswer();
    if (setup === 'passive') answer.sdp = answer.sdp.replace(/^a=setup:active$/gm, 'a=setup:passive');
    await this.pc.setLocalDescription(answer);
    this.flushed = this.#flushCandidates();
    return this.pc.localDescription.sdp;
  }

  /**
   * Adds (or queues) a remote candidate; null = the SFU has no more. Queued until the remote
   * description it belongs to is set: before the first one, and while our own offer waits for its
   * answer. An ICE restart's answer and the candidates the SFU trickles for it come close together
   * (Janus sends them right after it, and the server relays them from another thread than the
   * answer): added before that answer, without a username fragment, they would belong to the old
   * ICE generation and be dropped with it. (A race read in the code; the one seen in the fault drill
   * went the other way: see Peers.restartIce.)
   */
  async addRemoteCandidate(candidate) {
    if (this.closed) return;
    if (!this.pc.remoteDescription || this.pc.signalingState === 'have-local-offer') {
      this.pendingCandidates.push(candidate);
      return;
    }
    if (this.flushed) await this.flushed; // keep the SFU's order: queued ones first
    await this.#addCandidate(candidate);
  }

  /** Sends nothing on any of its senders from now on (tracks go again with {@link replaceTrack}). */
  async detachTracks() {
    for (const { sender } of this.pc.getTransceivers()) if (sender.track) await sender.replaceTrack(null);
  }

  /** Swaps the track sent for `kind` (device change); no renegotiation. */
  async replaceTrack(kind, track) {
    for (const transceiver of this.pc.getTransceivers()) {
      if (kindOf(transceiver) === kind && isSending(transceiver)) await transceiver.sender.replaceTrack(track);
    }
  }

  /**
   * Stops (`false`) or resumes encoding the video this connection sends: `active` of its
   * encodings, no renegotiation. libwebrtc starts a resumed send stream with a keyframe.
   */
  async setVideoActive(active) {
    for (const transceiver of this.pc.getTransceivers()) {
      if (kindOf(transceiver) !== 'video' || !isSending(transceiver)) continue;
      const parameters = transceiver.sender.getParameters();
      const encodings = parameters.encodings || [];
      if (!encodings.length || encodings.every((encoding) => encoding.active === active)) continue;
      for (const encoding of encodings) encoding.active = active;
      await transceiver.sender.setParameters(parameters);
    }
  }

  /** Whether ICE and DTLS are up (`connectionState` `connected`). */
  get connected() {
    return this.connectionState === 'connected';
  }

  /** The connection's `connectionState`; `closed` once closed here. */
  get connectionState() {
    return this.closed ? 'closed' : this.pc.connectionState;
  }

  /** The kinds this connection publishes, for comparing with the local tracks. */
  sentKinds() {
    return this.pc.getTransceivers().filter(isSending).map(kindOf).sort();
  }

  /**
   * This connection's media counters from `getStats`: video frames decoded and payload bytes received, audio packets
   * received, RTP packets received (every kind), RTP packets sent, and the payload bytes of
   * either direction (`bytesReceived`/`bytesSent` count no headers and no padding: packets with 0
   * payload bytes are an SFU's padding probes, not media).
   * @returns {Promise<{framesDecoded: number, videoBytesReceived: number, audioPacketsReceived: number, packetsReceived: number, packetsSent: number, bytesReceived: number, bytesSent: number}>}
   */
  async stats() {
    const totals = emptyMediaStats();
    const stats = await this.pc.getStats();
    stats.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'video') {
        totals.framesDecoded += report.framesDecoded || 0;
        totals.videoBytesReceived += report.bytesReceived || 0;
      }
      if (report.type === 'inbound-rtp' && report.kind === 'audio') totals.audioPacketsReceived += report.packetsReceived || 0;
      if (report.type === 'inbound-rtp') {
        totals.packetsReceived += report.packetsReceived || 0;
        totals.bytesReceived += report.bytesReceived || 0;
      }
      if (report.type === 'outbound-rtp') {
        totals.packetsSent += report.packetsSent || 0;
        totals.bytesSent += report.bytesSent || 0;
      }
    });
    return totals;
  }

  /** Every byte this connection received (RTP and RTCP; `getStats` `transport`), 0 when it cannot tell. */
  async transportBytesReceived() {
    let bytes = 0;
    (await this.pc.getStats()).forEach((report) => {
      if (report.type === 'transport') bytes += report.bytesReceived || 0;
    });
    return bytes;
  }

  /** Whether any of our RTP has left this connection (the SFU can receive it). */
  async sendingMedia() {
    return (await this.stats()).packetsSent > 0;
  }

  /**
   * Polls {@link sendingMedia} until our first RTP left, the connection closed, `until()` holds
   * or `timeoutMs` passed.
   * @returns {Promise<boolean>} whether RTP left
   */
  async whenSending({ timeoutMs, until = () => false, pollMs = 20 }) {
    const deadline = performance.now() + timeoutMs;
    while (!this.closed && !until() && performance.now() < deadline) {
      if (await this.sendingMedia().catch(() => false)) return true;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    return false;
  }

  /** The receiver of a remote track, for decode statistics. */
  receiverOf(track) {
    return this.pc.getReceivers().find((receiver) => receiver.track === track) || null;
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    for (const track of this.remoteTracks) this.onTrackEnded({ track });
    this.remoteTracks.clear();
    try { this.pc.close(); } catch { /* already closed */ }
  }

  async #attach({ audio, video, stream, held = false }) {
    const firstOf = (kind) => this.pc.getTransceivers().find((t) => kindOf(t) === kind && !t.stopped);
    for (const [kind, track] of [['audio', audio], ['video', video]]) {
      const transceiver = track && firstOf(kind);
      if (!transceiver) continue;
      transceiver.direction = 'sendrecv';
      if (!held) await transceiver.sender.replaceTrack(track);
      if (stream && transceiver.sender.setStreams) transceiver.sender.setStreams(stream);
      this.sendsLocalMedia = true;
    }
  }

  async #flushCandidates() {
    const queued = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of queued) await this.#addCandidate(candidate);
  }

  async #addCandidate(candidate) {
    try {
      if (candidate) await this.pc.addIceCandidate(candidate);
      else await this.pc.addIceCandidate();
    } catch {
      // A candidate for an m-line the answer rejected, or end-of-candidates on an old browser.
    }
  }

  #remoteTrack({ track, streams }) {
    if (this.closed) return;
    const stream = streams && streams[0] ? streams[0] : new MediaStream([track]);
    this.remoteTracks.add(track);
    const gone = () => {
      if (!this.remoteTracks.delete(track)) return;
      this.onTrackEnded({ track });
    };
    track.addEventListener('ended', gone);
    stream.addEventListener('removetrack', (event) => event.track === track && gone());
    this.onTrack({ track, stream });
  }
}

/** A transceiver's media kind (its receiver always has a track of that kind). */
function kindOf(transceiver) {
  return transceiver.receiver.track.kind;
}

function isSending(transceiver) {
  const direction = transceiver.currentDirection || transceiver.direction;
  return !transceiver.stopped && (direction === 'sendonly' || direction === 'sendrecv');
}

/** The media counters of {@link PeerTransport#stats}, all 0. */
export function emptyMediaStats() {
  return { framesDecoded: 0, videoBytesReceived: 0, audioPacketsReceived: 0, packetsReceived: 0, packetsSent: 0, bytesReceived: 0, bytesSent: 0 };
}
