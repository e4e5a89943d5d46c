/**
 * The signaling client: the only code that touches the CaseCall signaling WebSocket.
 *
 * One `send…` method per client message and one `on…` handler per server message of
 * docs/protocol.md, framing in envelope.js, heartbeats, and reconnects by a policy object.
 * It knows nothing about peer connections or the page: the call engine wires it.
 */
import { decode, encode, looksLikeToken, subprotocols, PROTOCOL } from './envelope.js';
import { browserTimers, Heartbeat } from './heartbeat.js';
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
   */
  constructor(url, token, {
    WebSocketImpl = globalThis.WebSocket,
    reconnectPolicy = new DefaultReconnectPolicy(),
    timers = browserTimers,
    heartbeatMs = 5000,
    lostAfterMs = 10_000,
    stableAfterMs = 10_000,
    connectTimeoutMs = 10_000,
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
    this.state = SignalState.IDLE;
    this.ws = null;
    this.retryCount = 0;
    this.lostAt = null;
    this.everOpened = false;
    this.opened = false;
    this.closedByClient = false;
    this.lastFatalError = null;
    this.retryTimer = null;
    this.connectTimer = null;

    /** The socket opened: `({reconnected: boolean})`. */
    this.onOpen = noop;
    /** The socket was lost and a new attempt is scheduled: `({attempt, delayMs, code, opened})`. */
    this.onReconnecting = noop;
    /** The socket closed for good: `({code, reason, error, gaveUp, byClient})`. */
    this.onClose = noop;
    for (const handler of Object.values(HANDLERS)) this[handler] = noop;
  }

  /** Opens the socket (again, after a final close). */
  connect() {
    if (this.state === SignalState.CONNECTING || this.state === SignalState.OPEN) return;
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.closedByClient = false;
    this.lastFatalError = null;
    this.#open();
  }

  /** Closes the socket for good; no reconnect follows. */
  close(code = CloseCode.NORMAL, reason = '') {
    this.closedByClient = true;
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.heartbeat.stop();
    this.#stopConnectTimer();
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

  sendJoin({ callId, device, offer }) { return this.#send('join', { callId, device, offer }); }

  sendOffer(pc, sdp) { return this.#send('offer', { pc, sdp }); }

  sendAnswer(pc, sdp) { return this.#send('answer', { pc, sdp }); }

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
    let ws;
    try {
      ws = new this.WebSocketImpl(this.url, subprotocols(this.token));
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
    this.onOpen({ reconnected });
  }

  #onMessage(ws, event) {
    if (ws !== this.ws) return;
    this.heartbeat.heard();
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
    this.heartbeat.stop();
    this.#stopConnectTimer();
    this.ws = null;
    if (this.closedByClient) return;
    if (!isRetryableClose(code)) {
      this.state = SignalState.CLOSED;
      this.onClose({ code, reason, error: this.lastFatalError, gaveUp: false, byClient: false });
      return;
    }
    const now = this.timers.now();
    if (this.lostAt === null) this.lostAt = now;
    const delayMs = this.reconnectPolicy.nextRetryDelayMs({ retryCount: this.retryCount, elapsedMs: now - this.lostAt });
    if (delayMs === null) {
      this.state = SignalState.CLOSED;
      this.onClose({ code, reason, error: this.lastFatalError, gaveUp: true, byClient: false });
      return;
    }
    this.retryCount += 1;
    this.state = SignalState.RETRYING;
    this.lastFatalError = null;
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (this.state === SignalState.RETRYING) this.#open();
    }, delayMs);
    this.onReconnecting({ attempt: this.retryCount, delayMs, code, opened });
  }

  /** The connection proved itself: the next loss starts the backoff from the beginning. */
  #healthy() {
    this.retryCount = 0;
    this.lostAt = null;
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
