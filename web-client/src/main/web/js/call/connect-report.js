/**
 * When a join's connect-time report goes out (docs/protocol.md, "Connect-time report"): the
 * customer's once the agent's first frame is decoded; the agent's once its media is
 * published, and if the customer is already there, once the customer's first frame is decoded
 * too (or after a wait; a first frame before its own media is published waits for it the same way). A join that ends first reports what it has; a report the socket could
 * not carry goes out after the next `joined`.
 */
export class ConnectReport {
  /**
   * @param {object} options
   * @param {import('./timings.js').TimingsCollector} options.timings
   * @param {function(number, object, object): boolean} options.send sends a report (join, marks,
   *   extra members); returns whether it went out (the engine wires it to the signal client)
   * @param {string} options.role
   * @param {function({join: number, marks: object})} [options.onSent]
   * @param {number} [options.firstFrameWaitMs] how long a published agent waits for the customer's video
   */
  constructor({ timings, send, role, onSent = () => {}, firstFrameWaitMs = 10_000 }) {
    Object.assign(this, { timings, send, role, onSent, firstFrameWaitMs });
    this.sent = [];
    this.kept = [];
    this.timer = null;
  }

  /**
   * Something happened that may complete the current join's report. A customer's join is complete
   * with its first frame. An agent's join ends with its own media published: the customer's first
   * frame alone does not complete it (on a rejoin the agent often decodes the customer before its
   * own publisher is up, and a report sent then would say `abandoned` for a join that worked), it
   * only starts the wait after which the report goes out with what it has.
   */
  update({ joined, otherPresent }) {
    if (this.timings.reported || !joined) return;
    const firstFrame = this.timings.has('first_frame');
    if (this.role !== 'agent') {
      if (firstFrame) this.flush();
    } else if (this.timings.has('media_published') && (firstFrame || !otherPresent)) {
      this.flush();
    } else if ((firstFrame || this.timings.has('media_published')) && !this.timer) {
      this.timer = setTimeout(() => this.flush(), this.firstFrameWaitMs);
    }
  }

  /** The join is over (or complete): send its report now, once. */
  flush() {
    this.cancel();
    const report = this.timings.takeReport();
    if (report) this.#send(report);
  }

  /** A rejoin starts: the previous join's report (if it was never sent) waits for the next socket. */
  keep(report) {
    this.cancel();
    if (report) this.kept.push({ ...report, failed: true });
  }

  /** `joined` arrived: send what earlier joins could not. */
  sendKept() {
    for (const report of this.kept.splice(0)) this.#send(report);
  }

  cancel() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  /** `connected` with the role's end mark; else `failed` (the connection was lost) or `abandoned`. */
  outcome(report) {
    const end = this.role === 'customer' ? 'first_frame' : 'media_published';
    if (end in report.marks) return 'connected';
    return report.failed ? 'failed' : 'abandoned';
  }

  #send(report) {
    const extra = { outcome: this.outcome(report), ...(report.rejoin ? { reconnect: true } : {}) };
    if (report.preconnected !== undefined) extra.preconnected = report.preconnected;
    if (this.send(report.join, report.marks, extra)) {
      this.sent.push(report);
      this.onSent(report);
    } else {
      this.kept.push(report);
    }
  }
}
