/**
 * The negotiation of one join's peer connections with the SFU: the publishing connection the
 * client offers (Janus), the connections the server offers (subscriptions, or one connection
 * carrying everything with Jitsi Videobridge), trickled candidates, and the connect-time marks
 * they produce. The connections themselves are in connections.js. Gets the server's messages from the engine and hands what
 * goes to the server to the engine's `send` port: it never sees the signal client; no DOM.
 */
import { CandidateOutbox } from './candidate-outbox.js';
import { Connections } from './connections.js';

export const PUBLISH_PC = 'pub';

/** How long a prepared offer waits for ICE gathering before it is used anyway. */
const GATHER_WAIT_MS = 400;

/** How often one join publishes again after the SFU closed the publishing connection. */
const MAX_REPUBLISH = 3;

/** Longest wait of the publishing answer for a subscription's first frame (see handleAnswer). */
const PUBLISH_DEFER_MS = 1500;

/** How long a connected publisher is watched for its first RTP leaving (the `media_published` mark). */
const PUBLISHED_WATCH_MS = 10_000;

/** How long a server offer that carries our own media waits for the camera and microphone to open. */
const LOCAL_MEDIA_WAIT_MS = 10_000;

export class Peers {
  /**
   * @param {object} deps
   * @param {{offer: function(string, string): boolean, answer: function(string, string): boolean,
   *   candidate: function(string, ?object): boolean, restart: function(string): boolean,
   *   ready?: function(): boolean}} deps.send
   *   what goes to the server (`pc` id, SDP or candidate, an ICE restart of a server-offered
   *   connection); each returns whether it went out; `ready`: whether anything can go now. The
   *   engine wires it.
   * @param {import('../media/local-media.js').LocalMedia} deps.local
   * @param {import('./timings.js').TimingsCollector} deps.timings
   * @param {function(string, object)} deps.emit the engine's event emitter
   * @param {function(string)} deps.onFailed a media connection failed for good
   * @param {object} [deps.transportOptions] passed to each PeerTransport
   * @param {boolean} [deps.clicked] whether Join was clicked already (a rejoin's connections)
   */
  constructor({ send, local, timings, emit, onFailed, transportOptions = {}, clicked = false }) {
    Object.assign(this, { send, local, timings, emit, onFailed });
    /** Whether the customer clicked Join (the agent's page joins at once). */
    this.clicked = clicked;
    /** Whether the page sent `preconnect`: server offers may be answered, and candidates go, before `joined`. */
    this.preconnected = false;
    /** Connections answered before the click that send their tracks only from the click on. */
    this.heldSenders = new Set();
    /** Whether the pre-connected connections were up at the click (the report's `preconnected`). */
    this.readyAtClick = false;
    /**
     * Whether our publishing offer went before the click (the server holds our media): its
     * connection connects with no track attached, and the tracks go at the click.
     */
    this.publishedEarly = false;
    /** The server refused an early publication: this page's joins carry their offer (today's path). */
    this.earlyRefused = false;
    this.connections = new Connections({
      timings, emit, onFailed, transportOptions,
      onRepair: (pc) => this.restartIce(pc),
      markConnected: (name) => this.#markConnected(name),
      beforeClick: () => !this.clicked,
      onLocalCandidate: (pc, candidate) => {
        this.outbox.push(pc, candidate);
        this.#flushOutbox();
      },
      onConnected: (transport) => { if (transport.sendsLocalMedia && !this.heldSenders.has(transport)) this.#watchPublished(transport); },
    });
    /** The join's open connections by `pc` id. */
    this.transports = this.connections.transports;
    this.earlyCandidates = new Map();
    /** Server offers being answered (a publish answer waits for them). */
    this.answering = new Set();
    /** A connection made in advance for the first server offer (see prepareSubscription). */
    this.spare = null;
    /** Resolves when the first remote video frame is decoded. */
    this.outbox = new CandidateOutbox((pc, candidate) => send.candidate(pc, candidate));
    this.joined = false;
    this.prepared = null;
    this.ready = null;
    this.publishSent = false;
    this.closed = false;
    this.clientOffers = false;
    this.republished = 0;
  }

  /**
   * Creates the publishing connection and its offer. Before the join (pre-warm) it waits a
   * little for ICE gathering so the offer in `join` carries its candidates; after the join
   * (`gatherMs` 0) the offer goes at once and candidates trickle.
   */
  preparePublish({ gatherMs = GATHER_WAIT_MS } = {}) {
    if (this.prepared || this.publishSent || this.closed) return this.prepared;
    const tracks = this.local.liveTracks();
    if (!tracks.length) return null;
    const transport = this.connections.open(PUBLISH_PC);
    transport.publish(tracks, this.local.stream);
    const kinds = kindsOf(tracks);
    const prepared = transport.createOffer()
      .then(() => transport.gatheredLocalSdp(gatherMs))
      .then((offer) => ({ ...offer, kinds }))
      .catch((error) => {
        if (!transport.closed) this.emit('error', { code: 'publish_failed', message: String(error), fatal: false });
        return null;
      });
    this.prepared = prepared;
    prepared.then((offer) => {
      if (this.prepared !== prepared) return; // replaced meanwhile
      if (offer) this.ready = offer;
      else this.#forgetPrepared();
      if (offer) this.#publishEarly();
    });
    return prepared;
  }

  /** Local media changed before the join: a prepared offer for other kinds of tracks is redone. */
  refreshPrepared() {
    if (this.publishSent || this.publishedEarly || !this.prepared) return;
    if (!this.ready) {
      const pending = this.prepared;
      pending.then(() => { if (this.prepared === pending) this.refreshPrepared(); });
      return;
    }
    if (this.ready.kinds === kindsOf(this.local.liveTracks())) return;
    this.#forgetPrepared();
    this.preparePublish();
  }

  /** The prepared offer to put in `join`, if it is ready now and still fits; marks it as sent. */
  takeOfferForJoin() {
    const offer = this.ready;
    if (!offer || this.publishSent || !this.transports.has(PUBLISH_PC)) return undefined;
    if (offer.kinds !== kindsOf(this.local.liveTracks())) return undefined;
    this.publishSent = true;
    this.transports.get(PUBLISH_PC).candidatesInSdp = offer.complete;
    return { pc: PUBLISH_PC, sdp: offer.sdp };
  }

  /**
   * The page sent `preconnect`: the server's offers come before `joined` and are answered, and
   * their candidates go at once. Connections of an earlier socket's pre-connection (the server
   * gave them back with that socket) are dropped first.
   */
  preconnect() {
    for (const id of [...this.transports.keys()]) if (id !== PUBLISH_PC) this.connections.drop(id);
    this.earlyCandidates.clear();
    this.connections.heldVideo = null;
    this.preconnected = true;
    if (this.publishedEarly) this.#republishEarly(); // published to the previous socket's session
    this.prepareSubscription();
    this.#publishEarly();
    this.#flushOutbox();
  }

  /**
   * The server refused our publishing offer before the join (it did not hold our media yet, or
   * gave it back): the same prepared offer rides in `join` instead, today's path.
   */
  publishRefused() {
    if (!this.publishedEarly || this.joined) return;
    this.earlyRefused = true;
    this.publishedEarly = false;
    this.publishSent = false;
  }

  /**
   * The customer clicked Join (the agent's page: its join). Media sent or watched from now on.
   * @returns {boolean} whether the pre-connected connections were all up (ICE and DTLS) at the click
   */
  joinClicked() {
    const offered = [...this.transports].filter(([id]) => id !== PUBLISH_PC).map(([, transport]) => transport);
    this.readyAtClick = this.preconnected && offered.length > 0 && offered.every((transport) => transport.connected);
    this.clicked = true;
    for (const transport of this.heldSenders) {
      this.#release(transport);
      if (transport.connected && transport.sendsLocalMedia) this.#watchPublished(transport);
    }
    this.heldSenders.clear();
    this.connections.clicked();
    return this.readyAtClick;
  }

  /** `joined` arrived: candidates may flow; publish if the server wants the client to offer. */
  async onJoined({ clientOffers }) {
    this.joined = true;
    this.clientOffers = clientOffers;
    if (!clientOffers && !(this.transports.get(PUBLISH_PC) || {}).answered) this.#forgetPrepared();
    this.#flushOutbox();
    if (clientOffers) await this.publish();
  }

  /** Sends the publishing offer (after `joined`, when it did not travel in the join). */
  async publish() {
    if (this.publishSent || this.closed) return;
    if (!this.local.liveTracks().length) return;
    if (this.ready && this.ready.kinds !== kindsOf(this.local.liveTracks())) this.#forgetPrepared();
    if (!this.prepared) this.preparePublish({ gatherMs: 0 });
    const offer = await this.prepared;
    if (!offer || this.publishSent || this.closed || !this.transports.has(PUBLISH_PC)) return;
    this.publishSent = true;
    const transport = this.transports.get(PUBLISH_PC);
    if (transport) transport.candidatesInSdp = offer.complete;
    if (this.send.offer(PUBLISH_PC, offer.sdp)) this.timings.mark('publish_offer');
    this.#flushOutbox();
  }

  async handleAnswer({ pc, sdp }) {
    const transport = this.transports.get(pc);
    if (!transport || typeof sdp !== 'string') return;
    if (pc === PUBLISH_PC && this.publishedEarly && !this.clicked) {
      // published before the click: nothing is sent on it, and no subscription is decoding yet
      await Promise.all([...this.answering]);
    } else if (pc === PUBLISH_PC) {
      this.timings.mark('publish_answer');
      // Seeing the other side comes first: applying this answer starts the camera's encoder,
      // which competes for the CPU with answering, connecting and decoding a subscription. So it
      // waits for subscriptions being answered and, when one is under way, for its first frame
      // (at most PUBLISH_DEFER_MS). The other side sees this one that much later.
      await Promise.all([...this.answering]);
      if (this.connections.firstFrame || this.transports.size > 1) {
        await Promise.race([this.connections.firstFrameSeen, new Promise((resolve) => setTimeout(resolve, PUBLISH_DEFER_MS))]);
      }
    }
    try {
      await transport.acceptAnswer(sdp);
      transport.answered = true;
      if (pc === PUBLISH_PC) this.republished = 0;
      this.emit('transport-state', { pc, answer: 'applied' }); // (the connection timeline)
    } catch (error) {
      this.emit('transport-state', { pc, answer: 'failed' });
      this.emit('error', { code: 'negotiation_failed', message: String(error), fatal: false });
      this.onFailed('negotiation_failed');
    }
  }

  /**
   * Pre-join: creates the connection the first server offer will use, so that constructing an
   * RTCPeerConnection (tens of milliseconds on a slow device) is not on the path to the first frame.
   */
  prepareSubscription() {
    if (!this.spare && !this.closed) this.spare = this.connections.create('spare');
  }

  /** A connection answered before the click with nothing sent: its tracks go at the click. */
  #sendAfterClick(transport) {
    if (this.clicked) this.#release(transport);
    else this.heldSenders.add(transport);
  }

  /**
   * Before the click, where the server holds our media (`preconnect`): the prepared publishing
   * offer goes now, its tracks detached first, so that its connection (and the other side's
   * subscription to it) connects while nothing leaves the device; the tracks go at the click
   * (`replaceTrack`, no renegotiation). Refused by the server, the offer rides in `join` instead.
   */
  async #publishEarly() {
    const transport = this.transports.get(PUBLISH_PC);
    const offer = this.ready;
    if (!this.preconnected || this.earlyRefused || this.clicked || this.publishSent || this.closed || !transport || !offer) return;
    this.publishSent = true; // nothing else sends it meanwhile
    this.publishedEarly = true;
    this.heldSenders.add(transport);
    await transport.detachTracks();
    if (this.clicked || this.closed || transport.closed || this.transports.get(PUBLISH_PC) !== transport) {
      // clicked meanwhile: the offer goes as without pre-connection. The click attached the
      // tracks while the detach was still going sender by sender (it awaits each), so a sender it
      // reached after the click lost its track again: attached once more, now that it is over.
      if (this.clicked) this.#release(transport);
      this.publishedEarly = false;
      this.publishSent = false;
      return;
    }
    transport.candidatesInSdp = offer.complete;
    if (!this.send.offer(PUBLISH_PC, offer.sdp)) {
      this.publishedEarly = false;
      this.publishSent = false;
      return;
    }
    this.#flushOutbox();
  }

  /** Our early publication belonged to a session the server gave back: a new connection is prepared. */
  #republishEarly() {
    this.heldSenders.delete(this.transports.get(PUBLISH_PC));
    this.#forgetPrepared();
    this.publishedEarly = false;
    this.publishSent = false;
    this.preparePublish();
  }

  #release(transport) {
    if (transport.closed) return;
    transport.replaceTrack('audio', this.local.tracks.audio || null).catch(() => {});
    transport.replaceTrack('video', this.local.tracks.video || null).catch(() => {});
  }

  async handleOffer({ pc, sdp, attachLocalMedia, participantId, answerSetup }) {
    if (typeof pc !== 'string' || typeof sdp !== 'string') return;
    this.timings.mark('subscribe_offer');
    if (participantId) this.connections.participants.set(pc, participantId);
    const transport = this.transports.get(pc) || this.connections.open(pc, this.#takeSpare());
    const early = this.earlyCandidates.get(pc) || [];
    this.earlyCandidates.delete(pc);
    for (const candidate of early) transport.addRemoteCandidate(candidate);
    const attaching = attachLocalMedia && !transport.sendsLocalMedia;
    const answering = (async () => {
      try {
        // A server offer carries our own media (one connection for everything): answered before
        // the camera opened, it would send nothing for the whole call, as the server re-offers
        // only when the other side changes. So the camera and microphone being opened are waited
        // for (bounded: a permission prompt left open must not hold the call forever).
        if (attaching && this.local.starting) await withTimeout(this.local.whenStarted(), LOCAL_MEDIA_WAIT_MS);
        if (this.closed || transport.closed) return;
        // pre-connected before the click: set up to send, but nothing leaves the device until it
        const held = attaching && !this.clicked;
        const attach = attaching ? { audio: this.local.tracks.audio, video: this.local.tracks.video, stream: this.local.stream, held } : null;
        const answer = await transport.answerOffer(sdp, attach, { setup: answerSetup === 'passive' ? 'passive' : null });
        if (this.closed || transport.closed) return;
        if (held) this.#sendAfterClick(transport);
        if (this.send.answer(pc, answer)) this.timings.mark('subscribe_answer');
      } catch (error) {
        this.emit('error', { code: 'negotiation_failed', message: String(error), fatal: false });
        this.onFailed('negotiation_failed');
      }
    })();
    this.answering.add(answering);
    await answering;
    this.answering.delete(answering);
  }

  handleCandidate({ pc, candidate }) {
    const transport = this.transports.get(pc);
    if (transport) {
      transport.addRemoteCandidate(candidate);
    } else if (typeof pc === 'string') {
      // The SFU may trickle before its offer: keep them for the connection it will offer.
      if (!this.earlyCandidates.has(pc)) this.earlyCandidates.set(pc, []);
      this.earlyCandidates.get(pc).push(candidate);
    }
  }

  /** The SFU closed a connection; if it was our publisher, publish again (a bounded number of times). */
  handlePcClosed({ pc }) {
    if (pc !== PUBLISH_PC) {
      this.connections.drop(pc);
      return;
    }
    if (this.publishedEarly && !this.joined) {
      // the server gave our held session back before the click: prepare for the join again
      if (!this.clicked) this.#republishEarly();
      else this.#forgetPrepared();
      this.publishedEarly = false;
      this.publishSent = false;
      return;
    }
    this.#forgetPrepared();
    this.publishSent = false;
    if (this.joined && this.clientOffers && this.republished < MAX_REPUBLISH) {
      this.republished += 1;
      this.publish();
    }
  }

  /**
   * Restarts ICE on connection `pc`, keeping the connection: the publishing one offers again with
   * new ICE credentials, a server-offered one asks the server for such an offer (`restart`).
   * @returns {boolean} whether the restart is under way
   */
  restartIce(pc) {
    const transport = this.transports.get(pc);
    if (!transport || this.closed || !this.joined) return false;
    if (pc !== PUBLISH_PC) return this.send.restart(pc);
    if (!this.publishSent || !transport.answered) return false;
    // nothing can carry the restart's offer now (the socket is away): begun anyway, it would stay a
    // local offer the SFU never saw, and a later restart from there did not connect (fault drill,
    // 40 s cut); the resume restarts it instead, as a server-offered connection
    if (this.send.ready && !this.send.ready()) return false;
    transport.candidatesInSdp = false; // the restart's offer goes at once: its new candidates trickle
    // ... after it: Chromium may report the first of them before setLocalDescription resolves, and a
    // candidate Janus gets before the restart's offer is dropped by that restart (its ICE agent
    // forgets the remote candidates it had): Janus's checks then had nothing to check, and the
    // restart failed 6 s later (fault drill, 40 s cut: Janus admin API, `ice` connecting, failed)
    transport.offerPending = true;
    transport.restartIce()
      .then((sdp) => this.send.offer(pc, sdp) && this.emit('transport-state', { pc, offer: 'sent' }))
      .catch((error) => this.emit('error', { code: 'negotiation_failed', message: String(error), fatal: false }))
      .finally(() => {
        transport.offerPending = false;
        this.#flushOutbox();
      });
    return true;
  }

  /** The server could not restart a connection it offered: given up now (see Connections.restartRefused). */
  restartRefused() {
    this.connections.restartRefused((pc) => pc !== PUBLISH_PC);
  }

  /** The SFU's view of a connection. */
  handleMediaState({ pc, state }) {
    const transport = this.transports.get(pc);
    if (transport && transport.sendsLocalMedia && state === 'receiving') this.#published();
    this.emit('media-state', { pc, state });
  }

  /**
   * A local device changed: send the new track on every connection that sends its kind, except
   * those that send only from the click on (before it nothing leaves the device).
   */
  replaceTrack(kind, track) {
    return this.connections.replaceTrack(kind, track, (transport) => !this.heldSenders.has(transport));
  }

  /** Restarts ICE at once on every connection whose media path is down (see Connections.repairDown). */
  repairDown() {
    this.connections.repairDown();
  }

  /** Offline (`false`): the video we send is not encoded until online again (see Connections.sendVideo). */
  sendVideo(on) {
    return this.connections.sendVideo(on);
  }

  /** Another page wants a keyframe of our video (see Connections.refreshVideo). */
  refreshVideo() {
    return this.connections.refreshVideo();
  }

  /** Media counters summed over this join's connections (see PeerTransport.stats). */
  mediaStats() {
    return this.connections.mediaStats();
  }

  /** The UI shows the first remote video in this element (for requestVideoFrameCallback). */
  observeFirstFrame(element) {
    this.connections.observeFirstFrame(element);
  }

  closeAll() {
    this.closed = true;
    if (this.spare) this.spare.close();
    this.spare = null;
    this.connections.closeAll();
  }

  #takeSpare() {
    const spare = this.spare;
    this.spare = null;
    return spare;
  }

  /** Drops the publishing connection and whatever was prepared for it. */
  #forgetPrepared() {
    this.connections.drop(PUBLISH_PC);
    this.prepared = null;
    this.ready = null;
  }

  /** Sends the local candidates that may go now (see CandidateOutbox). */
  #flushOutbox() {
    this.outbox.flush({
      transports: this.transports,
      joined: this.joined || this.preconnected,
      offerOut: (pc) => pc !== PUBLISH_PC || (this.publishSent && !this.transports.get(pc).offerPending),
    });
  }

  /**
   * A connection's ICE or DTLS is up: before the click that is the pre-connection's phase
   * (`pre_ice_connected`, the latest one); after it, the join's (`ice_connected`), unless the join
   * was pre-connected: its connections were up before the click, and a later one (the publisher)
   * is no phase of the customer's connect time.
   */
  #markConnected(name) {
    if (!this.clicked) return this.timings.mark(`pre_${name}_connected`, undefined, { replace: true });
    if (this.readyAtClick) return false;
    return this.timings.mark(`${name}_connected`);
  }

  #published() {
    if (this.closed || !this.timings.mark('media_published')) return;
    this.emit('media-published', { at: this.timings.get('media_published') });
  }

  async #watchPublished(transport) {
    const sending = await transport.whenSending({ timeoutMs: PUBLISHED_WATCH_MS, until: () => this.timings.has('media_published') });
    if (sending) this.#published();
  }
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((resolve) => { timer = setTimeout(resolve, ms); })]).finally(() => clearTimeout(timer));
}

function kindsOf(tracks) {
  return tracks.map((track) => track.kind).sort().join();
}
