/**
 * The page's network as the signal client sees it: whether the browser believes it is online,
 * and the time spent online since the connection was lost (the give-up window counts only that:
 * a call whose network is merely down waits for it instead of ending).
 *
 * The browser's `online`/`offline` events and `navigator.connection` `change` reach this layer
 * through a port the page hands in (platform/browser-env.js, `network`); node tests hand in
 * their own. Without one the page counts as always online (the behaviour before issue 13).
 */

/** A network port: `online()` and `subscribe(listener)` -> unsubscribe; the listener gets `'online'|'offline'|'change'`. */
export const ALWAYS_ONLINE = Object.freeze({ online: () => true, subscribe: () => () => {} });

/** Online time since a loss, by a clock (`now()` in ms). */
export class OnlineClock {
  constructor(now, online) {
    this.now = now;
    this.online = online;
    this.since = null; // the loss, or null while connected
    this.countedMs = 0; // online time before the last offline period
    this.mark = 0; // when the current online period (since the loss) began
  }

  /** The connection was lost now (a second call while already lost changes nothing). */
  lost() {
    if (this.since !== null) return;
    this.since = this.now();
    this.countedMs = 0;
    this.mark = this.since;
  }

  /** The connection proved itself: nothing is counted until the next loss. */
  reset() {
    this.since = null;
    this.countedMs = 0;
  }

  /** The browser went offline (false) or online (true). */
  setOnline(online) {
    if (online === this.online) return;
    const now = this.now();
    if (!online && this.since !== null) this.countedMs += now - this.mark;
    if (online) this.mark = now;
    this.online = online;
  }

  /** Milliseconds online since the loss (0 when not lost). */
  elapsedMs() {
    if (this.since === null) return 0;
    return this.countedMs + (this.online ? this.now() - this.mark : 0);
  }
}
