/**
 * The call engine shared by the customer and agent pages: the one place that wires the
 * signaling client to the media side (call-media.js: local media and the peer connections),
 * and tells the UI what happens through the events of events.js. The UI calls its methods and
 * listens; it never sees a socket or a peer connection.
 */
import { CallMedia } from './call-media.js';
import { closeOutcome, LossCause } from './close-outcome.js';
import { ConnectReport } from './connect-report.js';
import { Emitter } from './emitter.js';
import { EndRequest } from './end-request.js';
import { MediaRecovery } from './media-recovery.js';
import { CallEvent, CallState } from './events.js';
import { Photos } from './photos.js';
import { RemoteParty } from './remote-party.js';
import { Timeline } from './timeline.js';
import { TimingsCollector } from './timings.js';
import { peerConnectionsSupported } from '../media/transport.js';
import { CloseCode } from '../signaling/reconnect-policy.js';
import { SideChannel } from '../signaling/side-channel.js';
import { SignalClient, socketsSupported } from '../signaling/signal-client.js';

/** A pre-warmed socket that gave up is tried again after this long (the click also retries). */
const PREWARM_RETRY_MS = 8000;

/** A `join` not answered by `joined` this long is tried again on a new socket. */
const JOIN_WAIT_MS = 10_000;

export class CallEngine extends Emitter {
  /** Whether this browser can make a call at all (peer connections and WebSockets). */
  static supported() {
    return peerConnectionsSupported() && socketsSupported();
  }

  /**
   * @param {object} options
   * @param {object} options.session the `GET /api/v1/session` answer
   * @param {string} options.token the room token
   * @param {string} options.device this tab's device id
   * @param {string} options.wsUrl the signaling socket URL
   * @param {boolean} [options.clientOffersHint] whether to prepare a publishing offer to send
   *   with `join` (true unless a previous `joined` said the server offers)
   * @param {function(): Promise} [options.checkSession] re-checks the token when the socket
   *   keeps failing to open (a refused handshake cannot be read by a browser)
   * @param {object} [options.signalOptions] passed to {@link SignalClient}
   * @param {object} [options.transportOptions] passed to each PeerTransport
   * @param {?function} [options.http] the page's fetch, for photos (call/photos.js)
   * @param {?object} [options.devices] remembers the chosen camera/microphone (LocalParticipant)
   * @param {boolean} [options.preconnect] the customer's page connects its media while the preview
   *   shows (`preconnect`), held by the server until the click
   */
  constructor({ session, token, device, wsUrl, clientOffersHint = true, checkSession = null, signalOptions = {}, transportOptions = {}, http = null, devices = null, preconnect = true }) {
    super();
    this.preconnect = preconnect && session.role === 'customer';
    this.session = session;
    this.role = session.role;
    this.device = device;
    this.clientOffersHint = clientOffersHint;
    this.checkSession = checkSession;
    this.state = CallState.IDLE;
    this.detail = {};
    this.remote = new RemoteParty();
    this.lossCause = new LossCause();
    /** The server's offers and candidates waiting for the side channel's hold (see #afterHold), or null. */
    this.heldForChannel = null;
    /** `join` messages sent so far, and the one the open side channel came for (null: before a join). */
    this.joinsSent = 0;
    this.sideChannelJoin = null;
    this.timings = new TimingsCollector({ onMark: (name, at) => this.emit(CallEvent.TIMING, { name, at }) });
    /** The connection's history (network, socket, probe, join, peer connections): see timeline.js. */
    this.timeline = new Timeline();
    this.signal = new SignalClient(wsUrl, token, signalOptions);
    // the side channel opens its sockets and timers as the signal client does (tests give fakes)
    const { WebSocketImpl, timers } = signalOptions;
    this.sideChannelOptions = { ...(WebSocketImpl ? { WebSocketImpl } : {}), ...(timers ? { timers } : {}) };
    const signal = this.signal;
    signal.onTrace = (what, detail) => this.timeline.add(what, detail);
    /** Keyframes and ICE restarts when the media path is back, and when video stalls: see media-recovery.js. */
    this.recovery = new MediaRecovery({
      sample: () => this.peers.mediaStats(),
      send: () => this.joined && signal.sendKeyframe(),
      repairDown: () => this.peers.repairDown(),
      trace: (what, detail) => this.timeline.add(what, detail),
      ...(timers ? { timers } : {}),
    });
    this.media = new CallMedia({
      timings: this.timings,
      emit: (name, detail) => this.emit(name, detail),
      // what the media side sends goes on the signal client: wired here and nowhere else
      send: {
        offer: (pc, sdp) => signal.sendOffer(pc, sdp),
        answer: (pc, sdp) => signal.sendAnswer(pc, sdp),
        candidate: (pc, candidate) => signal.sendCandidate(pc, candidate),
        restart: (pc) => signal.sendRestart(pc),
        ready: () => signal.isOpen,
      },
      onMuteChanged: (state) => this.joined && signal.sendMedia(state),
      onMediaChanged: () => this.#mediaChanged(),
      onFailed: () => {
        if (this.#over()) return;
        // the socket is away and the page resumes on the next: the resume repairs what is down
        if (this.resume) return;
        this.rebuild = true; // media itself failed: the next socket renegotiates instead of resuming
        signal.reconnect('media failed');
      },
      onProgress: () => this.#maybeReport(),
      transportOptions,
      devices,
      trace: (detail) => this.#connectionChanged(detail),
    });
    /** Photos kept with the call, with the newest room token (docs/evidence.md). */
    this.photos = new Photos({ http, token: () => signal.token, callId: session.callId });
    /** Own camera and microphone: the UI drives them here. */
    this.localParticipant = this.media.localParticipant;
    this.local = this.media.local;
    this.report = new ConnectReport({
      timings: this.timings,
      send: (join, marks, extra) => signal.sendTimings(join, marks, extra),
      role: this.role,
      onSent: ({ join, marks }) => this.emit(CallEvent.TIMINGS_SENT, { join, marks }),
    });
    this.ending = new EndRequest({
      send: (request) => signal.sendEnd(request),
      onTimeout: () => {
        if (!this.#over()) this.emit(CallEvent.ERROR, { code: 'end_timeout', message: 'No answer to end', fatal: false, ref: 'end' });
      },
    });
    this.#wireSignal();
  }

  /** The current join's peer connections (negotiation state; for tests and diagnostics). */
  get peers() {
    return this.media.peers;
  }

  /** Marks `page_ready` at `at` (the page script's start). */
  pageReady(at) {
    this.timings.mark('page_ready', at);
  }

  /** Pre-join: opens the socket (pre-warm) and the camera/microphone. */
  prepare() {
    this.#setState(CallState.READY);
    this.emit(CallEvent.SIGNAL, { state: 'connecting' });
    this.signal.connect();
    return this.media.start();
  }

  /**
   * Whether the pre-join preparation is complete: the socket is open and, when the client will
   * offer, its publishing offer is ready to ride in `join`.
   */
  prewarmed() {
    return this.signal.isOpen && (!this.clientOffersHint || !!this.peers.ready);
  }

  /** Joins the call (the customer's click; the agent's page calls it at once). */
  join() {
    if (this.joinRequested || this.#over()) return;
    this.timings.beginJoin();
    if (this.role === 'customer') this.timings.mark('join_click');
    const preconnected = this.media.joinClicked();
    if (this.preconnectSent) this.timings.setPreconnected(preconnected);
    this.joinRequested = true;
    // what the SFU held back until the click (e.g. Jitsi Videobridge's forwarding) is released first
    if (this.sideChannel) this.sideChannel.consent();
    this.#releaseHeld(); // consent given: nothing left to hold
    this.#setState(CallState.CONNECTING);
    if (this.signal.isOpen) this.#sendJoin();
    else this.signal.connect();
  }

  /** Hangs up; the call stays open for the other side. */
  leave() {
    if (this.#over()) return;
    this.report.flush();
    this.signal.sendLeave();
    this.#finish(CallState.ENDED, { reason: 'left' });
  }

  /**
   * Ends the call for both sides (agent only).
   * @param {{outcome?: string, note?: string}} [result]
   * @returns {boolean} whether the request was sent
   */
  end({ outcome, note } = {}) {
    if (this.#over() || this.role !== 'agent') return false;
    this.report.flush();
    return this.ending.start({ outcome, note });
  }

  /** Asks the customer's page for a photo (agent only, joined); false when it was not sent. */
  requestPhoto() {
    if (this.role !== 'agent' || !this.joined || this.#over()) return false;
    return this.signal.sendPhotoRequest();
  }

  /** The UI shows the remote video in `element`: the first frame is timed on it. */
  observeFirstFrame(element) { this.peers.observeFirstFrame(element); }

  /** The connect-time reports sent so far (for browser tests). */
  sentReports() { return this.report.sent.map((report) => ({ ...report })); }

  /**
   * Media counters summed over this join's connections (for browser tests and diagnostics):
   * see PeerTransport.stats (frames, packets and payload bytes from `getStats`).
   */
  mediaStats() {
    return this.peers.mediaStats();
  }

  // --- signaling

  #wireSignal() {
    const s = this.signal;
    s.onOpen = () => {
      this.timings.mark('ws_open', undefined, { replace: !this.joinSent });
      this.lossCause.reset();
      this.emit(CallEvent.SIGNAL, { state: 'open' });
      if (this.joinRequested) {
        // (a pre-connection is consumed by the first joined: later sockets resume or rejoin as usual)
        if (!this.joinSent && !this.resume && this.peers === this.preconnectedPeers) this.#dropPreconnection();
        this.#sendJoin();
      } else this.#preconnect();
    };
    s.onReconnecting = ({ attempt, delayMs, opened, code, offline }) => {
      this.lossCause.closed(code);
      this.emit(CallEvent.SIGNAL, offline ? { state: 'offline', attempt } : { state: 'retrying', attempt, delayMs });
      // the SFU lost the session (4503): nothing is left to resume
      if (this.joined && !this.rebuild && code !== CloseCode.UNAVAILABLE) this.#keepForResume();
      else if (this.joinSent) this.#restartJoin();
      if (!opened && !offline && attempt >= 2) this.#recheckSession();
    };
    // offline: the page says so and waits; back online: the signal client tries at once
    s.onNetwork = ({ online }) => {
      if (this.#over()) return;
      if (!online) this.emit(CallEvent.SIGNAL, { state: 'offline', attempt: s.retryCount });
      else this.emit(CallEvent.SIGNAL, s.isOpen ? { state: 'open' } : { state: 'retrying', attempt: s.retryCount });
      this.peers.sendVideo(online);
      // back online with the socket up: media whose path went down is repaired now, not after the
      // browser's own checks (seconds), and keyframes are asked for; with the socket down, the resume does it
      if (online && s.isOpen && this.joined) this.recovery.back();
    };
    s.onClose = (close) => this.#socketClosed(close);
    s.onJoined = (message) => this.#joined(message);
    s.onAnswer = (message) => this.peers.handleAnswer(message);
    s.onOffer = (message) => this.#afterHold(() => this.peers.handleOffer(message));
    s.onCandidate = (message) => this.#afterHold(() => this.peers.handleCandidate(message));
    s.onPcClosed = (message) => this.#afterHold(() => this.peers.handlePcClosed(message));
    s.onMediaState = (message) => this.peers.handleMediaState(message);
    s.onSideChannel = (message) => this.#openSideChannel(message);
    s.onParticipantJoined = (message) => this.#participant(message, { present: true }, CallEvent.PARTICIPANT_JOINED);
    s.onParticipantLeft = (message) => this.#participant(message, { present: false }, CallEvent.PARTICIPANT_LEFT);
    s.onParticipantMedia = (message) => this.#participant(message, { audio: !!message.audio, video: !!message.video }, CallEvent.PARTICIPANT_MEDIA);
    s.onCallStatus = ({ status }) => this.emit(CallEvent.CALL_STATUS, { status });
    s.onToken = ({ token, expiresAt }) => this.emit(CallEvent.TOKEN, { token, expiresAt });
    s.onPhotoRequest = ({ requestId, countdown }) => this.emit(CallEvent.PHOTO_REQUESTED, { requestId, countdown: countdown ?? 3 });
    s.onKeyframeWanted = () => this.peers.refreshVideo();
    s.onPhotoAdded = ({ evidenceId, contentType, size, requestedBy, at }) => this.emit(CallEvent.PHOTO_ADDED, { evidenceId, contentType, size, requestedBy, at });
    s.onCallEnded = ({ reason, outcome }) => this.#finish(CallState.ENDED, { reason: reason || 'ended', outcome });
    s.onError = ({ code, message, fatal, ref }) => {
      if (ref === 'end') this.ending.cancel();
      // our publishing offer before the click was not taken: it rides in `join` instead
      if (ref === 'offer' && !this.joined) this.peers.publishRefused();
      // the SFU cannot restart the connection it offered: rebuilt now rather than at the bound
      if (ref === 'restart') this.peers.restartRefused();
      this.emit(CallEvent.ERROR, { code, message, fatal: !!fatal, ref });
    };
  }

  #sendJoin() {
    if (this.joinSent || !this.signal.isOpen) return;
    const resume = this.resume || undefined;
    const offer = this.clientOffersHint && !resume ? this.peers.takeOfferForJoin() : undefined;
    if (!this.signal.sendJoin({ callId: this.session.callId, device: this.device, offer, resume })) return;
    this.joinSent = true;
    this.joinsSent += 1;
    this.remote.joinSent();
    clearTimeout(this.joinTimer);
    this.joinTimer = setTimeout(() => !this.joined && !this.#over() && this.signal.reconnect('no joined'), JOIN_WAIT_MS);
    const at = performance.now();
    this.timeline.add('join_sent', { resume: !!resume });
    this.timings.mark('join_sent', at);
    if (offer) this.timings.mark('publish_offer', at);
  }

  /**
   * Before the click, on every open socket: connect the media now, held by the server until the
   * join (docs/protocol.md, "Pre-connection"). A socket re-opened during the preview (network
   * change) gets a fresh pre-connection: the server gave the old one back with its socket.
   */
  #preconnect() {
    if (!this.preconnect || this.#over() || !this.signal.sendPreconnect()) return;
    this.preconnectSent = true;
    this.timings.mark('preconnect_sent', undefined, { replace: true });
    this.peers.preconnect();
    this.preconnectedPeers = this.peers;
  }

  /**
   * Clicked while the socket was down after a pre-connection: what it connected went with the
   * lost socket (the server gave it back), so the join negotiates everything afresh on new
   * connections, as a join without pre-connection.
   */
  #dropPreconnection() {
    this.preconnectedPeers = null;
    this.heldForChannel = null;
    this.timings.setPreconnected(false);
    this.media.renew();
    this.#mediaChanged();
  }

  #joined(message) {
    clearTimeout(this.joinTimer);
    this.timeline.add('joined', { resumed: !!message.resumed });
    this.signal.resuming = false;
    if (this.resume) {
      this.resume = null;
      if (message.resumed) {
        this.#resumed(message);
        return;
      }
      this.#rebuildMedia(); // nothing kept to resume: renegotiate as any rejoin
    }
    this.rebuild = false;
    this.preconnectedPeers = null;
    this.participantId = message.participantId;
    this.timings.mark('join_ack');
    this.timings.setJoinNumber(message.join);
    this.signal.setHeartbeatInterval(message.heartbeatMs);
    this.joined = true;
    this.clientOffers = !!message.clientOffers;
    this.clientOffersHint = this.clientOffers;
    this.remote.fromJoined(message.participants);
    this.emit(CallEvent.JOINED, {
      participantId: message.participantId, role: message.role, clientOffers: this.clientOffers,
      join: message.join, heartbeatMs: message.heartbeatMs,
    });
    if (this.remote.info) this.emit(CallEvent.PARTICIPANT_MEDIA, { participant: this.remote.snapshot() });
    this.signal.sendMedia(this.local.mediaState());
    this.report.sendKept();
    this.#presenceState();
    // a pre-connected join's first frame may be decoded before 'joined' arrives (the held media is
    // resumed as the join begins, beside the seat's Redis round trip): its report goes now
    this.#maybeReport();
    this.peers.onJoined({ clientOffers: this.clientOffers });
    this.recovery.start();
  }

  /**
   * The socket was lost after the join while media works: the peer connections (and the side
   * channel) are kept, and the next socket's `join` asks to resume the session the server keeps
   * for them (`resume`); `joined` says whether it did.
   */
  #keepForResume() {
    this.joinSent = false;
    this.joined = false;
    this.resume = { participantId: this.participantId, pcs: [...this.peers.transports.keys()] };
    this.signal.resuming = true;
    this.#setState(CallState.RECONNECTING);
  }

  /** `joined` with `resumed: true`: media never stopped; the call goes on where it was. */
  #resumed(message) {
    this.signal.setHeartbeatInterval(message.heartbeatMs);
    this.joined = true;
    this.remote.fromJoined(message.participants);
    this.emit(CallEvent.JOINED, {
      participantId: message.participantId, role: message.role, clientOffers: this.clientOffers,
      join: message.join, heartbeatMs: message.heartbeatMs, resumed: true,
    });
    if (this.remote.info) this.emit(CallEvent.PARTICIPANT_MEDIA, { participant: this.remote.snapshot() });
    this.signal.sendMedia(this.local.mediaState());
    this.report.sendKept();
    this.#presenceState();
    this.rebuild = false;
    // the path may have died while the socket was away (no restart could be sent then)
    this.recovery.back();
    this.recovery.start();
  }

  /** A connection's state changed: into the timeline, and a connection up again is a return. */
  #connectionChanged(detail) {
    this.timeline.add('pc', detail);
    this.recovery.connectionChanged(detail);
  }

  /** The socket was lost after the join: everything is renegotiated on the next socket. */
  #restartJoin() {
    this.joinSent = false;
    this.joined = false;
    this.resume = null;
    this.signal.resuming = false;
    this.#rebuildMedia();
    this.#setState(this.state === CallState.CONNECTING ? CallState.CONNECTING : CallState.RECONNECTING);
    this.#mediaChanged();
  }

  /** New peer connections (and side channel) for the next join; the last join's report waits for it. */
  #rebuildMedia() {
    this.media.renew();
    this.recovery.reset();
    // a side channel the server sent for the join it is answering now (ahead of `joined`: a resume
    // refused on Jitsi Videobridge comes with a new endpoint) is the new one, not the old
    if (this.sideChannel && !(this.joinSent && this.sideChannelJoin === this.joinsSent)) {
      this.sideChannel.close();
      this.sideChannel = null;
    }
    this.heldForChannel = null; // what the old connections were offered goes with them
    this.report.keep(this.timings.beginJoin());
  }

  #socketClosed({ code, error, gaveUp, byClient }) {
    this.emit(CallEvent.SIGNAL, { state: 'closed', code });
    if (byClient || this.#over()) return;
    if (!this.joinRequested) {
      // pre-join: keep trying to have a warm socket; the click on Join connects at once anyway
      setTimeout(() => { if (!this.joinRequested && !this.#over()) this.signal.connect(); }, PREWARM_RETRY_MS);
      return;
    }
    this.lossCause.closed(code);
    const { state, detail } = closeOutcome({ code, error, gaveUp }, this.lossCause);
    this.#finish(state, detail);
  }

  /** A browser cannot read why a handshake was refused: ask the session endpoint. */
  async #recheckSession() {
    const code = await this.lossCause.recheck(this.checkSession);
    if (code && !this.#over()) this.#finish(CallState.FAILED, { code });
  }

  /**
   * Before the consent, a side channel that holds the SFU's media (Jitsi Videobridge: no audio or
   * video to this endpoint) must say so before the connection can carry any: the server's offers
   * and candidates wait, in order, until its greeting went out (or the click). Otherwise a channel
   * slower to open than ICE and DTLS (a far network, a lost packet) lets the other side's audio
   * reach the device before the click.
   */
  #afterHold(apply) {
    if (this.heldForChannel) this.heldForChannel.push(apply);
    else apply();
  }

  #releaseHeld() {
    const held = this.heldForChannel;
    this.heldForChannel = null;
    if (held) for (const apply of held) apply();
  }

  #openSideChannel(message) {
    if (this.sideChannel) this.sideChannel.close();
    const channel = new SideChannel(message, {
      ...this.sideChannelOptions,
      onGreeted: () => { if (channel === this.sideChannel) this.#releaseHeld(); },
    });
    this.sideChannel = channel;
    this.sideChannelJoin = this.joinSent ? this.joinsSent : null;
    // a new channel comes with a new endpoint: what waited for the old one is stale
    this.heldForChannel = (!this.joinRequested && channel.holds) ? [] : null;
    if (this.joinRequested) channel.consent();
    channel.open();
  }

  #participant(message, change, event) {
    this.emit(event, { participant: this.remote.update(message, change) });
    if (event !== CallEvent.PARTICIPANT_MEDIA) this.#presenceState();
    if (event === CallEvent.PARTICIPANT_JOINED) this.#maybeReport();
  }

  #presenceState() {
    if (!this.joined || this.#over()) return;
    const { state, detail } = this.remote.presenceState();
    this.#setState(state, detail);
  }

  // --- media

  /** Local media is ready or changed: pre-warm or publish as the server wants. */
  #mediaChanged() {
    if (this.#over()) return;
    this.media.changed({ joined: this.joined, clientOffers: this.clientOffers, clientOffersHint: this.clientOffersHint });
    if (this.joined) this.signal.sendMedia(this.local.mediaState());
  }

  // --- connect-time report

  #maybeReport() {
    this.report.update({ joined: this.joined, otherPresent: this.remote.present });
  }

  // --- lifecycle

  #over() {
    return this.state === CallState.ENDED || this.state === CallState.FAILED;
  }

  #finish(state, detail) {
    if (this.#over()) return;
    if (state === CallState.ENDED && detail.reason !== 'left' && this.ending.pending) detail.outcome ??= this.ending.outcome;
    this.report.cancel();
    this.recovery.stop();
    clearTimeout(this.joinTimer);
    this.ending.cancel();
    this.media.close();
    this.heldForChannel = null;
    if (this.sideChannel) this.sideChannel.close();
    this.signal.close(CloseCode.NORMAL);
    this.#setState(state, detail);
    if (state === CallState.ENDED && detail.reason !== 'left') this.emit(CallEvent.CALL_ENDED, { ...detail });
  }

  #setState(state, detail = {}) {
    const same = state === this.state && JSON.stringify(detail) === JSON.stringify(this.detail);
    if (same) return;
    const previous = this.state;
    this.state = state;
    this.detail = detail;
    this.emit(CallEvent.STATE, { state, previous, detail });
  }
}
