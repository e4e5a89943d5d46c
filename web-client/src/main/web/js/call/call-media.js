/**
 * The call engine's media side: this side's camera and microphone (local-participant.js) and
 * the peer connections of the current join (peers.js, renewed for every join). It gets the
 * server's media messages from the engine and sends through the engine's `send` port: it
 * knows no socket.
 */
import { LocalParticipant } from './local-participant.js';
import { Peers } from './peers.js';

export class CallMedia {
  /**
   * @param {object} deps
   * @param {import('./timings.js').TimingsCollector} deps.timings
   * @param {function(string, object)} deps.emit the engine's event emitter
   * @param {object} deps.send the engine's port to the server (see Peers)
   * @param {function({audio: boolean, video: boolean})} deps.onMuteChanged tell the other side
   * @param {function()} deps.onMediaChanged local tracks appeared or changed
   * @param {function()} deps.onFailed the current join's media failed for good
   * @param {function()} deps.onProgress a mark that may complete the connect-time report was made
   * @param {object} [deps.transportOptions] passed to each PeerTransport
   * @param {?object} [deps.devices] remembers the chosen camera and microphone (see LocalParticipant)
   * @param {function(object)} [deps.trace] the current join's connection states and ICE restarts
   *   (`{pc, ice}`, `{pc, connection}`, `{pc, restart}`), for the page's timeline
   */
  constructor({ timings, emit, send, onMuteChanged, onMediaChanged, onFailed, onProgress, transportOptions = {}, devices = null, trace = () => {} }) {
    Object.assign(this, { timings, emit, send, onFailed, onProgress, transportOptions, trace });
    /** Own camera and microphone: the UI drives them here. */
    this.localParticipant = new LocalParticipant({
      emit, timings, onMediaChanged, onMuteChanged, devices,
      onTrackReplaced: (kind, track) => this.peers.replaceTrack(kind, track),
    });
    this.local = this.localParticipant.media;
    this.peers = this.#newPeers();
  }

  /** Opens the camera and microphone. */
  start() {
    return this.localParticipant.start();
  }

  /**
   * The customer clicked Join (the agent's page: its join): connections made from now on belong to
   * the join, and what was pre-connected before the click is watched.
   * @returns {boolean} whether the pre-connected connections were up at the click
   */
  joinClicked() {
    this.clicked = true;
    return this.peers.joinClicked();
  }

  /** The current join's connections are closed; the next join starts with new ones. */
  renew() {
    this.peers.closeAll();
    this.peers = this.#newPeers();
  }

  /**
   * Local media is ready or changed: before the join, prepare the publishing offer (when the
   * client will offer) and the connection of the first server offer; after it, publish (when
   * the server wants the client to offer).
   */
  changed({ joined, clientOffers, clientOffersHint }) {
    if (joined) {
      if (clientOffers) this.peers.publish();
      return;
    }
    if (clientOffersHint && this.local.liveTracks().length) {
      if (this.peers.prepared) this.peers.refreshPrepared();
      else this.peers.preparePublish();
    }
    this.peers.prepareSubscription();
  }

  /** Everything closed: connections, camera, microphone. */
  close() {
    this.peers.closeAll();
    this.localParticipant.stop();
  }

  #newPeers() {
    const peers = new Peers({
      send: this.send,
      local: this.local,
      timings: this.timings,
      transportOptions: this.transportOptions,
      emit: (name, detail) => this.#fromPeers(peers, name, detail),
      onFailed: () => { if (peers === this.peers) this.onFailed(); },
      clicked: !!this.clicked,
    });
    return peers;
  }

  #fromPeers(peers, name, detail) {
    if (name === 'first-frame') {
      if (peers === this.peers && this.timings.mark('first_frame', detail.at)) this.onProgress();
      return;
    }
    if (name === 'media-published') {
      this.onProgress();
      return;
    }
    if (name === 'transport-state') {
      if (peers === this.peers) this.trace(detail);
      return;
    }
    this.emit(name, detail);
  }
}
