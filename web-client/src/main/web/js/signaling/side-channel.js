/**
 * A WebSocket opened beside the media when the server asks for one (`side-channel`), such as
 * Jitsi Videobridge's bridge channel. The client stays SFU-neutral: it opens the URL it is
 * given, sends the objects the server listed as soon as the socket is open (`onOpen`), and
 * those it listed for after the join (`onJoin`: what the SFU holds back until its user joined)
 * once {@link SideChannel#consent} was called, and ignores what comes back. The URL is a
 * secret: it is never logged.
 */
import { DefaultReconnectPolicy } from './reconnect-policy.js';
import { browserTimers } from './heartbeat.js';

export class SideChannel {
  /**
   * @param {{url: string, onOpen?: object[], onJoin?: object[]}} request the `side-channel` message
   * @param {object} [options]
   * @param {number} [options.connectTimeoutMs] an attempt not open after this long is given up
   *   and the next one scheduled, as in the signal client
   * @param {function(): void} [options.onGreeted] called each time the channel opened and sent its
   *   greeting (what holds the media before the consent is then on its way to the SFU)
   */
  constructor({ url, onOpen = [], onJoin = [] }, {
    WebSocketImpl = globalThis.WebSocket,
    reconnectPolicy = new DefaultReconnectPolicy(),
    timers = browserTimers,
    connectTimeoutMs = 10_000,
    onGreeted = () => {},
  } = {}) {
    this.url = url;
    this.greeting = Array.isArray(onOpen) ? onOpen : [];
    this.onJoin = Array.isArray(onJoin) ? onJoin : [];
    this.consented = false;
    /** The socket that is open now, or null. */
    this.openWs = null;
    this.WebSocketImpl = WebSocketImpl;
    this.reconnectPolicy = reconnectPolicy;
    this.timers = timers;
    this.connectTimeoutMs = connectTimeoutMs;
    this.onGreeted = onGreeted;
    this.closed = false;
    this.retryCount = 0;
    this.lostAt = null;
    this.ws = null;
    this.retryTimer = null;
  }

  open() {
    if (this.closed) return;
    let ws;
    try {
      ws = new this.WebSocketImpl(this.url);
    } catch {
      this.closed = true; // an unusable URL will not get better
      return;
    }
    this.ws = ws;
    const connectTimer = this.timers.setTimeout(() => {
      if (ws !== this.ws || this.closed) return;
      ws.onclose = null;
      try { ws.close(); } catch { /* still connecting */ }
      this.#lost(ws);
    }, this.connectTimeoutMs);
    ws.onopen = () => {
      this.timers.clearTimeout(connectTimer);
      this.retryCount = 0;
      this.lostAt = null;
      this.openWs = ws;
      for (const message of this.greeting) ws.send(JSON.stringify(message));
      if (this.consented) this.#sendOnJoin(ws);
      this.onGreeted();
    };
    ws.onmessage = null;
    ws.onclose = () => {
      this.timers.clearTimeout(connectTimer);
      this.#lost(ws);
    };
  }

  /**
   * The user joined (the click on Join is the consent): sends `onJoin` now if the channel is
   * open, or right after the greeting when it opens (again after every reconnect). Once only.
   */
  /** Whether it has something to send before the consent (the SFU holds media with it). */
  get holds() {
    return this.greeting.length > 0;
  }

  consent() {
    if (this.consented) return;
    this.consented = true;
    if (this.openWs && this.openWs === this.ws) this.#sendOnJoin(this.openWs);
  }

  #sendOnJoin(ws) {
    for (const message of this.onJoin) ws.send(JSON.stringify(message));
  }

  close() {
    this.closed = true;
    this.timers.clearTimeout(this.retryTimer);
    if (this.ws) {
      this.ws.onclose = null;
      try { this.ws.close(1000); } catch { /* ignore */ }
    }
    this.ws = null;
  }

  #lost(ws) {
    if (this.closed || ws !== this.ws) return;
    this.openWs = null;
    const now = this.timers.now();
    if (this.lostAt === null) this.lostAt = now;
    const delay = this.reconnectPolicy.nextRetryDelayMs({ retryCount: this.retryCount, elapsedMs: now - this.lostAt });
    if (delay === null) return;
    this.retryCount += 1;
    this.retryTimer = this.timers.setTimeout(() => this.open(), delay);
  }
}
