/**
 * What happened to the page's connection, in order: the network's `online`/`offline`, the probe of
 * an open socket, sockets opened and lost, `join`/`joined` (resumed or not), each peer
 * connection's ICE and connection states and ICE restarts. A bounded list kept for diagnostics
 * (the fault drill reads it through `window.casecall.timeline()`); nothing is logged.
 */

/** Entries kept: the newest ones (a long call keeps only its latest trouble). */
const LIMIT = 300;

export class Timeline {
  /** @param {function(): number} [now] ms, the page's clock (`performance.now()`) */
  constructor(now = () => performance.now(), limit = LIMIT) {
    this.now = now;
    this.limit = limit;
    this.list = [];
  }

  /** `what` happened now; `detail` (optional, flat) says more. */
  add(what, detail = undefined) {
    const entry = { at: Math.round(this.now()), what };
    if (detail !== undefined) entry.detail = detail;
    this.list.push(entry);
    if (this.list.length > this.limit) this.list.splice(0, this.list.length - this.limit);
  }

  /** A copy of the entries, oldest first. */
  entries() {
    return this.list.map((entry) => ({ ...entry }));
  }
}
