/**
 * The signaling client: the only code that touches the CaseCall signaling WebSocket.
 *
 * One `send…` method per client message and one `on…` handler per server message of
 * docs/protocol.md, framing in envelope.js, heartbeats, and reconnects by a policy object.
 * It knows nothing about peer connections or the page: the call engine wires it.
 */
import { decode, encode, looksLikeToken, subprotocols, withResume, PROTOCOL } from './envelope.js';
import { browserTimers, Heartbeat } from './heartbeat.js';
import { ALWAYS_ONLINE, OnlineClock } from './network.js';
import { CloseCode, DefaultReconnectPolicy, isRetryableClose } from './reconnect-policy.js';

const noop = () => {};

/** Server message type -> handler property. */
const HANDLERS = Object.freeze({
  joined: 'onJoined',
  answer: 'onAnswer',
  offer: 'onOffer',
  candidate: 'onCandidate',
  'pc-closed': 'onPcClosed',
  'media-state': 'onMediaState',
  'side-channel': 'onSideChannel',
  'participant-joined': 'onParticipantJoined',
  'participant-left': 'onParticipantLeft',
  'participant-media': 'onParticipantMedia',
  'call-status': 'onCallStatus',
  'call-ended': 'onCallEnded',
  token: 'onToken',
  photo_request: 'onPhotoRequest',
  photo_added: 'onPhotoAdded',
  keyframe: 'onKeyframeWanted',
  pong: 'onPong',
  error: 'onError',
});

export const SignalState = Object.freeze({
  IDLE: 'idle',
  CONNECTING: 'connecting',
  OPEN: 'open',
  RETRYING: 'retrying',
  CLOSED: 'closed',
});

/** Whether this browser has WebSockets at all (else the page says it is unsupported). */
export function socketsSupported(scope = globalThis) {
  return 'WebSocket' in scope;
}

export class SignalClient {
  /**
   * @param {string} url `ws(s)://host/ws/v1`
   * @param {string} token the room token
   * @param {object} [options]
   * @param {typeof WebSocket} [options.WebSocketImpl]
   * @param {{nextRetryDelayMs: function}} [options.reconnectPolicy]
   * @param {object} [options.timers] `now/setTimeout/clearTimeout/setInterval/clearInterval`
   * @param {number} [options.heartbeatMs] ping period until `joined` says otherwise
   * @param {number} [options.lostAfterMs] silence after which the socket counts as lost
   * @param {number} [options.stableAfterMs] an open socket this old resets the backoff
   * @param {number} [options.connectTimeoutMs] an attempt not open after this long is given up
   *   and the next one scheduled (a socket opened while the network was down can otherwise stay
   *   pending for minutes)
   * @param {number} [options.probeTimeoutMs] after the network came back or changed, an open
   *   socket that says nothing for this long (a ping is sent at once) is taken for dead
   * @param {{online: function(): boolean, subscribe: function(function(string)): function}} [options.network]
   *   the page's network (network.js): while offline no attempt is made and the give-up window
   *   stands still; when it returns, the next attempt starts at once
   */
  constructor(url, token, {
    WebSocketImpl = globalThis.WebSocket,
    reconnectPolicy = new DefaultReconnectPolicy(),
    timers = browserTimers,
    heartbeatMs = 5000,
    lostAfterMs = 10_000,
    stableAfterMs = 10_000,
    connectTimeoutMs = 10_000,
    probeTimeoutMs = 2000,
    network = ALWAYS_ONLINE,
  } = {}) {
    this.url = url;
    this.token = token;
    this.WebSocketImpl = WebSocketImpl;
    this.reconnectPolicy = reconnectPolicy;
    this.timers = timers;
    this.heartbeat = new Heartbeat({
      timers, periodMs: heartbeatMs, lostAfterMs, stableAfterMs,
      ping: (ts) => this.sendPing(ts),
      onLost: () => this.#lose(CloseCode.ABNORMAL, 'heartbeat lost'),
      onStable: () => this.#healthy(),
    });
    this.connectTimeoutMs = connectTimeoutMs;
    this.probeTimeoutMs = probeTimeoutMs;
    this.network = network;
    this.clock = new OnlineClock(() => timers.now(), network.online());
    this.unsubscribe = null;
    this.probeTimer = null;
    this.state = SignalState.IDLE;
    this.ws = null;
    this.retryCount = 0;
    this.everOpened = false;
    /** The next sockets resume a session the server keeps: `?resume=1` tells it not to prepare media for them. */
    this.resuming = false;
    this.opened = false;
    this.closedByClient = false;
    this.lastFatalError = null;
    this.retryTimer = null;
    this.connectTimer = null;

    /** The socket opened: `({reconnected: boolean})`. */
    this.onOpen = noop;
    /**
     * The socket was lost and a new attempt is scheduled: `({attempt, delayMs, code, opened, offline})`;
     * `offline` (delayMs null): no attempt until the network is back.
     */
    this.onReconnecting = noop;
    /** The browser went offline or online: `({online})`. */
    this.onNetwork = noop;
    /** The socket closed for good: `({code, reason, error, gaveUp, byClient})`. */
    this.onClose = noop;
    /**
     * What the connection went through, for the page's timeline: `(what, detail)` with `what` one of
     * `network` ({change}), `socket_connecting` ({resume}), `socket_open`, `socket_lost` ({code, reason}),
     * `probe_sent`, `probe_answered`, `probe_timeout`.
     */
    this.onTrace = noop;
    for (const handler of Object.values(HANDLERS)) this[handler] = noop;
  }

  /** Opens the socket (again, after a final close). */
  connect() {
    if (this.state === SignalState.CONNECTING || this.state === SignalState.OPEN) return;
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.closedByClient = false;
    this.lastFatalError = null;
    if (!this.unsubscribe) this.unsubscribe = this.network.subscribe((change) => this.#networkChanged(change));
    this.#open();
  }

  /** Whether the page believes it is online. */
  get online() {
    return this.clock.online;
  }

  /** Closes the socket for good; no reconnect follows. */
  close(code = CloseCode.NORMAL, reason = '') {
    this.closedByClient = true;
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.heartbeat.stop();
    this.#stopConnectTimer();
    this.#stopProbe();
    if (this.unsubscribe) this.unsubscribe();
    this.unsubscribe = null;
    const ws = this.ws;
    this.ws = null;
    const wasActive = this.state !== SignalState.CLOSED && this.state !== SignalState.IDLE;
    this.state = SignalState.CLOSED;
    if (ws) {
      detach(ws);
      try { ws.close(code, reason); } catch { /* already closing */ }
    }
    if (wasActive) this.onClose({ code, reason, error: null, gaveUp: false, byClient: true });
  }

  /** Drops the current socket and reconnects per policy (e.g. the media path failed). */
  reconnect(reason = 'client reconnect') {
    if (this.state !== SignalState.OPEN && this.state !== SignalState.CONNECTING) return;
    this.#lose(CloseCode.ABNORMAL, reason);
  }

  get isOpen() {
    return this.state === SignalState.OPEN;
  }

  /** The server's heartbeat period from `joined`. */
  setHeartbeatInterval(ms) {
    this.heartbeat.setPeriod(ms);
  }

  // --- client -> server: one sender per message type; each returns whether it was sent

  /** @param {{callId: string, device: string, offer?: object, resume?: {participantId: string, pcs: string[]}}} join */
  sendJoin({ callId, device, offer, resume }) { return this.#send('join', { callId, device, offer, resume }); }

  /** Connect my media before the join, held until `join` (docs/protocol.md, "Pre-connection"). */
  sendPreconnect() { return this.#send('preconnect'); }

  sendOffer(pc, sdp) { return this.#send('offer', { pc, sdp }); }

  sendAnswer(pc, sdp) { return this.#send('answer', { pc, sdp }); }

  /** ICE restart of a connection the server offered: the server answers with an `offer` for it. */
  sendRestart(pc) { return this.#send('restart', { pc }); }

  /** The media path is back after a loss: the server asks the SFU for keyframes both ways. */
  sendKeyframe() { return this.#send('keyframe'); }

  /** @param {{candidate: string, sdpMid: ?string, sdpMLineIndex: ?number}|null} candidate */
  sendCandidate(pc, candidate) { return this.#send('candidate', { pc, candidate }); }

  sendMedia({ audio, video }) { return this.#send('media', { audio: !!audio, video: !!video }); }

  sendTimings(join, marks, extra = {}) { return this.#send('timings', { ...extra, join, marks }); }

  sendLeave() { return this.#send('leave'); }

  sendEnd({ outcome, note } = {}) { return this.#send('end', { outcome: outcome || undefined, note: note || undefined }); }

  sendPing(ts) { return this.#send('ping', { ts }); }

  /** The agent asks the customer's page for a photo (docs/protocol.md). */
  sendPhotoRequest() { return this.#send('photo_request'); }

  // --- internals

  #open() {
    this.state = SignalState.CONNECTING;
    this.onTrace('socket_connecting', { resume: this.resuming });
    let ws;
    try {
      ws = new this.WebSocketImpl(this.resuming ? withResume(this.url) : this.url, subprotocols(this.token));
    } catch {
      // A bad URL or a refused protocol list: nothing to wait for, treat as a lost attempt.
      this.#lost(CloseCode.ABNORMAL, 'could not create the socket', false);
      return;
    }
    this.ws = ws;
    this.opened = false;
    this.connectTimer = this.timers.setTimeout(() => {
      this.connectTimer = null;
      if (ws === this.ws && this.state === SignalState.CONNECTING) this.#lose(CloseCode.ABNORMAL, 'connect timeout');
    }, this.connectTimeoutMs);
    ws.onopen = () => this.#onOpen(ws);
    ws.onmessage = (event) => this.#onMessage(ws, event);
    ws.onclose = (event) => this.#onSocketClose(ws, event);
    ws.onerror = noop; // always followed by close
  }

  #onOpen(ws) {
    if (ws !== this.ws) return;
    this.#stopConnectTimer();
    const reconnected = this.everOpened;
    this.state = SignalState.OPEN;
    this.opened = true;
    this.everOpened = true;
    if (ws.protocol && ws.protocol !== PROTOCOL) {
      this.#lose(CloseCode.PROTOCOL_ERROR, 'unexpected subprotocol');
      return;
    }
    this.heartbeat.start();
    this.onTrace('socket_open');
    this.onOpen({ reconnected });
  }

  #onMessage(ws, event) {
    if (ws !== this.ws) return;
    this.heartbeat.heard();
    if (this.probeTimer !== null) this.onTrace('probe_answered');
    this.#stopProbe();
    const message = decode(event.data);
    if (!message) return;
    if (message.type === 'joined') this.#healthy();
    if (message.type === 'error' && message.fatal) this.lastFatalError = message;
    if (message.type === 'token') {
      // a refreshed room token: the next socket (a reconnect late in a long call) opens with it
      if (!looksLikeToken(message.token)) return;
      this.token = message.token;
    }
    const handler = HANDLERS[message.type];
    if (handler) this[handler](message);
  }

  #onSocketClose(ws, event) {
    if (ws !== this.ws) return;
    this.#lost(event.code, event.reason || '', this.opened);
  }

  /** Drops the current socket as if it had closed with `code`. */
  #lose(code, reason) {
    const ws = this.ws;
    if (ws) {
      detach(ws);
      try { ws.close(4000, reason); } catch { /* ignore */ }
    }
    this.#lost(code, reason, this.opened);
  }

  #lost(code, reason, opened) {
    this.onTrace('socket_lost', { code, reason });
    this.heartbeat.stop();
    this.#stopConnectTimer();
    this.#stopProbe();
    this.ws = null;
    if (this.closedByClient) return;
    if (!isRetryableClose(code)) {
      this.state = SignalState.CLOSED;
      this.onClose({ code, reason, error: this.lastFatalError, gaveUp: false, byClient: false });
      return;
    }
    this.clock.lost();
    this.lastFatalError = null;
    if (!this.clock.online) {
      // nothing to try until the network is back (#networkChanged), and no give-up meanwhile
      this.state = SignalState.RETRYING;
      this.onReconnecting({ attempt: this.retryCount, delayMs: null, code, opened, offline: true });
      return;
    }
    const delayMs = this.reconnectPolicy.nextRetryDelayMs({ retryCount: this.retryCount, elapsedMs: this.clock.elapsedMs(), code });
    if (delayMs === null) {
      this.state = SignalState.CLOSED;
      this.onClose({ code, reason, error: this.lastFatalError, gaveUp: true, byClient: false });
      return;
    }
    this.retryCount += 1;
    this.state = SignalState.RETRYING;
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (this.state === SignalState.RETRYING) this.#open();
    }, delayMs);
    this.onReconnecting({ attempt: this.retryCount, delayMs, code, opened, offline: false });
  }

  /**
   * The browser's network changed (`online`, `offline`, or a `change` of the connection).
   * Offline: a pending retry is cancelled (the page waits). Back online or changed: a waiting
   * or pending attempt is replaced by one made now, and an open socket is probed with a ping.
   */
  #networkChanged(change) {
    if (this.state === SignalState.CLOSED || this.state === SignalState.IDLE) return;
    this.onTrace('network', { change });
    const online = change === 'offline' ? false : change === 'online' ? true : this.network.online();
    const was = this.clock.online;
    this.clock.setOnline(online);
    if (was !== online) this.onNetwork({ online });
    if (!online) {
      if (this.state === SignalState.RETRYING && this.retryTimer !== null) {
        this.timers.clearTimeout(this.retryTimer);
        this.retryTimer = null;
        this.onReconnecting({ attempt: this.retryCount, delayMs: null, code: CloseCode.ABNORMAL, opened: false, offline: true });
      }
      return;
    }
    if (this.state === SignalState.OPEN) {
      this.#probe();
      return;
    }
    // an attempt started while the network was down may hang until its timeout: start afresh
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      detach(ws);
      try { ws.close(4000, 'network changed'); } catch { /* ignore */ }
    }
    this.#stopConnectTimer();
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.#open();
  }

  /** A ping now; nothing heard within the probe timeout means the socket died with the old network. */
  #probe() {
    if (this.probeTimer !== null) return;
    this.sendPing(Math.round(this.timers.now()));
    this.onTrace('probe_sent');
    const ws = this.ws;
    this.probeTimer = this.timers.setTimeout(() => {
      this.probeTimer = null;
      if (ws !== this.ws || this.state !== SignalState.OPEN) return;
      this.onTrace('probe_timeout');
      this.#lose(CloseCode.ABNORMAL, 'network changed');
    }, this.probeTimeoutMs);
  }

  #stopProbe() {
    if (this.probeTimer !== null) this.timers.clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  /** The connection proved itself: the next loss starts the backoff from the beginning. */
  #healthy() {
    this.retryCount = 0;
    this.clock.reset();
  }

  #stopConnectTimer() {
    if (this.connectTimer !== null) this.timers.clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  #send(type, members) {
    if (this.state !== SignalState.OPEN || !this.ws) return false;
    this.ws.send(encode(type, members));
    return true;
  }
}

function detach(ws) {
  ws.onopen = null;
  ws.onmessage = null;
  ws.onclose = null;
  ws.onerror = null;
}
