/**
 * When to reconnect the signaling socket (docs/protocol.md, "Errors"): a small policy object
 * with a default, in the manner of livekit/client-sdk-js's `ReconnectPolicy`.
 *
 * A policy answers one question: given how many retries happened and how long ago the
 * connection was lost, how long to wait before the next attempt, or `null` to give up.
 */

/**
 * Backoff of the default policy: 0.25, 0.5, 1, 2 s, then 2 s again. It never sleeps longer
 * than 2 s while the page believes it is online (issue 13: an 8 s plateau kept a customer in
 * front of a dead screen for up to half a minute after the network was back); while the
 * browser says it is offline the signal client makes no attempt at all (network.js).
 */
export const DEFAULT_RETRY_DELAYS_MS = Object.freeze([250, 500, 1000, 2000]);

/**
 * The default policy gives up when the page has been online this long since the connection was
 * lost (time offline does not count: the signal client hands in online time only).
 */
export const DEFAULT_MAX_ELAPSED_MS = 60_000;

/**
 * While the server says the media or call service is unavailable (the last close was 4503), the
 * policy keeps trying this long instead: the server keeps such a call open for
 * `casecall.call.sfu-outage-grace` (10 min), and a page that gave up after a minute left its user
 * in front of "Try again" while the call could come back (issue 13's drill: Janus down 75 s).
 */
export const UNAVAILABLE_MAX_ELAPSED_MS = 600_000;

export class DefaultReconnectPolicy {
  /**
   * @param {{delaysMs?: number[], maxElapsedMs?: number}} [options]
   */
  constructor({ delaysMs = DEFAULT_RETRY_DELAYS_MS, maxElapsedMs = DEFAULT_MAX_ELAPSED_MS, unavailableMaxElapsedMs = UNAVAILABLE_MAX_ELAPSED_MS } = {}) {
    if (!delaysMs.length) throw new Error('A reconnect policy needs at least one delay');
    this.delaysMs = [...delaysMs];
    this.maxElapsedMs = maxElapsedMs;
    this.unavailableMaxElapsedMs = unavailableMaxElapsedMs;
  }

  /**
   * @param {{retryCount: number, elapsedMs: number, code?: number}} context retries so far (0
   *   before the first), milliseconds online since the connection was lost, and the last close code
   * @returns {number|null} milliseconds to wait before the next attempt, or null to give up
   */
  nextRetryDelayMs({ retryCount, elapsedMs, code }) {
    const delay = this.delaysMs[Math.min(retryCount, this.delaysMs.length - 1)];
    const max = code === CloseCode.UNAVAILABLE ? this.unavailableMaxElapsedMs : this.maxElapsedMs;
    if (elapsedMs + delay > max) return null;
    return delay;
  }
}

/** Close codes of docs/protocol.md. */
export const CloseCode = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  ABNORMAL: 1006,
  MESSAGE_TOO_LARGE: 1009,
  INTERNAL_ERROR: 1011,
  PROTOCOL_ERROR: 4400,
  WRONG_CALL: 4403,
  SILENT: 4408,
  SEAT: 4409,
  CALL_ENDED: 4410,
  RATE_LIMITED: 4429,
  SFU_REJECTED: 4502,
  UNAVAILABLE: 4503,
});

/** Closes after which the client reconnects; after any other it stays closed. */
const RETRYABLE = new Set([
  CloseCode.GOING_AWAY,
  CloseCode.ABNORMAL,
  CloseCode.INTERNAL_ERROR,
  CloseCode.SILENT,
  CloseCode.UNAVAILABLE,
]);

export function isRetryableClose(code) {
  return RETRYABLE.has(code);
}
