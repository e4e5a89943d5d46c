/**
 * The agent's request to end the call for both sides: `end` goes out, the server's
 * `call-ended` is awaited (it carries the call's end to both pages), and when nothing answers
 * within `waitMs` the agent is told and may try again.
 */

/** After `end`, the server's `call-ended` is awaited this long before the agent may try again. */
const END_WAIT_MS = 8000;

/** Longest closing note the server keeps. */
const MAX_NOTE = 2000;

export class EndRequest {
  /**
   * @param {object} deps
   * @param {function({outcome?: string, note?: string}): boolean} deps.send sends `end`; whether it went out
   * @param {function()} deps.onTimeout no answer within `waitMs`
   * @param {number} [deps.waitMs]
   */
  constructor({ send, onTimeout, waitMs = END_WAIT_MS }) {
    Object.assign(this, { send, onTimeout, waitMs });
    /** The request awaiting its answer: `{outcome}`, or null. */
    this.pending = null;
    this.timer = null;
  }

  /** @returns {boolean} whether the request went out */
  start({ outcome, note }) {
    if (!this.send({ outcome, note: note ? note.slice(0, MAX_NOTE) : undefined })) return false;
    this.pending = { outcome };
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.pending = null;
      this.onTimeout();
    }, this.waitMs);
    return true;
  }

  /** The outcome the agent chose, while the request awaits its answer. */
  get outcome() {
    return this.pending ? this.pending.outcome : undefined;
  }

  /** The request was answered (refused, or the call ended), or the call is over. */
  cancel() {
    clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
