/**
 * The liveness of one open signaling socket (docs/protocol.md, "Heartbeat"): a `ping` every
 * period, the socket counted as lost after `lostAfterMs` without any word from the server, and
 * as stable (the reconnect backoff starts afresh) once it has been open `stableAfterMs`.
 */

/** Timers of the page; tests pass fakes. */
export const browserTimers = Object.freeze({
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (id) => clearInterval(id),
});

export class Heartbeat {
  /**
   * @param {object} options
   * @param {object} options.timers `now/setInterval/clearInterval`
   * @param {number} options.periodMs ping period until the server says otherwise
   * @param {number} options.lostAfterMs silence after which the socket counts as lost
   * @param {number} options.stableAfterMs an open socket this old counts as stable
   * @param {function(number)} options.ping sends a `ping` with this timestamp
   * @param {function()} options.onLost the server has been silent too long
   * @param {function()} options.onStable the socket has been open long enough
   */
  constructor({ timers, periodMs, lostAfterMs, stableAfterMs, ping, onLost, onStable }) {
    Object.assign(this, { timers, periodMs, lostAfterMs, stableAfterMs, ping, onLost, onStable });
    this.timer = null;
  }

  /** The server's period from `joined` (1 to 60 s; anything else is ignored). */
  setPeriod(ms) {
    if (Number.isFinite(ms) && ms >= 1000 && ms <= 60_000) this.periodMs = ms;
  }

  /** The socket opened now. */
  start() {
    this.stop();
    this.openedAt = this.timers.now();
    this.lastHeardAt = this.openedAt;
    this.lastPingAt = this.openedAt;
    this.timer = this.timers.setInterval(() => this.#beat(), Math.min(1000, this.periodMs));
  }

  /** The server said something. */
  heard() {
    this.lastHeardAt = this.timers.now();
  }

  stop() {
    if (this.timer !== null) this.timers.clearInterval(this.timer);
    this.timer = null;
  }

  #beat() {
    const now = this.timers.now();
    if (now - this.lastHeardAt >= this.lostAfterMs) {
      this.onLost();
      return;
    }
    if (now - this.openedAt >= this.stableAfterMs) this.onStable();
    if (now - this.lastPingAt >= this.periodMs) {
      this.lastPingAt = now;
      this.ping(Math.round(now));
    }
  }
}
