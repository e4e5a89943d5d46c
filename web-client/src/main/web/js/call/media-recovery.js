/**
 * Brings video back after a loss, on the page that receives it.
 *
 * A Chromium receiver that gets video it cannot decode (the frames it needs were lost) asks for a
 * keyframe on its own only every 3 s (libwebrtc's wait for a decodable frame), and the requests it
 * made while the path was down were lost with it. So the page asks (the `keyframe` message; the
 * server has the SFU ask the publishers):
 * - at once when its media path is back: the network returned with the socket up, the session was
 *   resumed, or a connection that was `failed`/`disconnected` is `connected` again; what is still
 *   down is ICE-restarted at the same moment;
 * - whenever video arrives but nothing decodes for `stallMs`: a request that went before the path
 *   carried it, a keyframe lost on the way, or a sender whose path came back without this page
 *   seeing any change (the other side's network). Watched every `pollMs`, and every `fastPollMs` for
 *   `fastForMs` after a return (when it matters most); asked at once when the last request went
 *   before this video arrived, else at most every `repeatMs` while it lasts (libwebrtc itself asks
 *   every 200 ms while it waits for a keyframe it knows it needs).
 * Video that does not arrive at all (held, camera off, the path still down) is not a stall.
 */
import { browserTimers } from '../signaling/heartbeat.js';

export class MediaRecovery {
  /** Connections whose path went down (`failed`/`disconnected`) and is not back yet. */
  #down = new Set();

  /** Of those, the ones restarted again after a restart the SFU did not hear (connections.js). */
  #unproven = new Set();

  #timer = null;

  /** The last sample: video payload bytes received, frames decoded, when. */
  #last = null;

  /** Since when video arrives without a frame decoded, or null. */
  #stalledSince = null;

  #askedAt = -Infinity;

  #fastUntil = -Infinity;

  /**
   * @param {object} deps
   * @param {function(): Promise<{videoBytesReceived: number, framesDecoded: number}>} deps.sample
   *   the current connections' counters (summed; a new set of connections starts again from 0)
   * @param {function(): boolean} deps.send sends `keyframe`; whether it went (joined, socket open)
   * @param {function(): void} deps.repairDown ICE-restarts every connection whose path is down
   * @param {function(string, object=): void} [deps.trace] the connection timeline
   */
  constructor({ sample, send, repairDown, trace = () => {}, timers = browserTimers,
    pollMs = 500, fastPollMs = 150, fastForMs = 10_000, stallMs = 250, repeatMs = 600 }) {
    Object.assign(this, { sample, send, repairDown, trace, timers, pollMs, fastPollMs, fastForMs, stallMs, repeatMs });
    this.running = false;
  }

  /** Watches for stalls from now on (joined). */
  start() {
    if (this.running) return;
    this.running = true;
    this.#schedule(this.pollMs);
  }

  stop() {
    this.running = false;
    this.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** The connections were replaced: what was down and the counters went with them. */
  reset() {
    this.#down.clear();
    this.#unproven.clear();
    this.#last = null;
    this.#stalledSince = null;
  }

  /** The media path may be back: restart what is still down, ask for keyframes, watch closely. */
  back() {
    this.repairDown();
    this.#pathBack();
  }

  /**
   * A connection's timeline entry (connections.js, peers.js): one that was down and is `connected`
   * again is a return; so is the answer to a restart of one that said `connected` while the SFU did
   * not hear it (`unproven`: its state does not change again).
   */
  connectionChanged({ pc, connection, unproven, answer }) {
    if (connection === 'failed' || connection === 'disconnected' || unproven) this.#down.add(pc);
    if ((connection === 'connected' || (answer === 'applied' && this.#unproven.has(pc))) && this.#down.delete(pc)) {
      this.#unproven.delete(pc);
      this.#pathBack();
    }
    if (unproven) this.#unproven.add(pc);
  }

  #pathBack() {
    this.#ask(undefined);
    this.#fastUntil = this.timers.now() + this.fastForMs;
    if (this.running) this.#schedule(this.fastPollMs);
  }

  #ask(detail) {
    if (!this.send()) return;
    this.#askedAt = this.timers.now();
    this.trace('keyframe_sent', detail);
  }

  #schedule(ms) {
    this.timers.clearTimeout(this.#timer);
    this.#timer = this.timers.setTimeout(() => this.#poll(), ms);
  }

  async #poll() {
    this.#timer = null;
    const counters = await this.sample().catch(() => null);
    if (!this.running) return;
    if (counters) this.#judge(counters, this.timers.now());
    if (!this.#timer) this.#schedule(this.timers.now() < this.#fastUntil ? this.fastPollMs : this.pollMs);
  }

  #judge({ videoBytesReceived: bytes, framesDecoded: frames }, now) {
    const last = this.#last;
    this.#last = { bytes, frames, at: now };
    // first sample, or new connections counting from 0: nothing to compare with
    if (!last || bytes < last.bytes || frames < last.frames) return;
    if (frames > last.frames || bytes === last.bytes) {
      this.#stalledSince = null;
      return;
    }
    this.#stalledSince ??= last.at;
    const stalledMs = now - this.#stalledSince;
    // a request made before this video arrived could not be for it; else give the last one time
    const due = this.#askedAt < this.#stalledSince || now - this.#askedAt >= this.repeatMs;
    if (stalledMs >= this.stallMs && due) this.#ask({ stalledMs: Math.round(stalledMs) });
  }
}
