/**
 * Connect-time marks (docs/protocol.md, "Connect-time report"): each phase at most once per
 * join, as `performance.now()` values, and one report per join.
 *
 * Marks made before the first join (page_ready, ws_open of a pre-warmed socket, media_ready)
 * belong to the first join. A rejoin after a lost connection starts from an empty set.
 */

export const MARKS = Object.freeze([
  'page_ready', 'ws_open', 'media_ready', 'join_click', 'join_sent', 'join_ack',
  'publish_offer', 'publish_answer', 'subscribe_offer', 'subscribe_answer',
  'ice_connected', 'dtls_connected', 'media_published', 'first_frame',
  'preconnect_sent', 'pre_ice_connected', 'pre_dtls_connected',
]);

/**
 * Chains of marks the server requires in this order (docs/protocol.md): each mark present must
 * not be earlier than the one before it in its chain that is present (missing marks are skipped).
 */
export const ORDER = Object.freeze([
  ['page_ready', 'ws_open'],
  ['join_click', 'join_sent', 'join_ack', 'ice_connected', 'dtls_connected', 'first_frame'],
  ['publish_offer', 'publish_answer'], ['subscribe_offer', 'subscribe_answer'],
  ['join_sent', 'media_published'],
  // the pre-connection's own phases: before join_click allowed, outside the connect time
  ['ws_open', 'preconnect_sent', 'pre_ice_connected', 'pre_dtls_connected'],
]);

/**
 * The largest mark the server accepts (signaling `TimingRules.MAX_MS`, a day): marks count from
 * the page's navigation start, and a page may sit on its preview for hours.
 */
export const MAX_MARK_MS = 86_400_000;

/**
 * How far past the join's start (`join_click`, else `join_sent`) the server accepts a mark
 * (`TimingRules.MAX_SPAN_MS`, ten minutes).
 */
export const MAX_SPAN_MS = 600_000;

/** Out-of-order marks closer than this (event dispatch skew) are pulled into order. */
const SKEW_MS = 5;

const KNOWN = new Set(MARKS);

export class TimingsCollector {
  /**
   * @param {{now?: function(): number, onMark?: function(string, number)}} [options]
   */
  constructor({ now = () => performance.now(), onMark = () => {} } = {}) {
    this.now = now;
    this.onMark = onMark;
    this.scope = newScope(false);
    this.joins = 0;
  }

  /**
   * Records a phase of the current join.
   * @param {string} name one of {@link MARKS}
   * @param {number} [at] when (default: now)
   * @param {{replace?: boolean}} [options] replace an earlier value (a pre-warmed socket that
   *   was re-opened before the join)
   * @returns {boolean} whether the mark was recorded
   */
  mark(name, at = this.now(), { replace = false } = {}) {
    if (!KNOWN.has(name)) throw new Error(`Unknown timing mark ${name}`);
    if (!Number.isFinite(at) || at < 0) return false;
    if (name in this.scope.marks && !replace) return false;
    this.scope.marks[name] = Math.round(at * 10) / 10;
    this.onMark(name, this.scope.marks[name]);
    return true;
  }

  has(name) {
    return name in this.scope.marks;
  }

  get(name) {
    return this.scope.marks[name];
  }

  /** A copy of the current join's marks. */
  marks() {
    return { ...this.scope.marks };
  }

  /**
   * Starts a join. The first join keeps the marks made before it; later ones start empty.
   * @returns {?{join: number, marks: object, rejoin: boolean}} the previous join's report, if
   *   it was never taken
   */
  beginJoin() {
    this.joins += 1;
    if (this.joins === 1) return null;
    const previous = this.takeReport();
    this.scope = newScope(true);
    return previous;
  }

  /** Whether the join's media was pre-connected (ICE and DTLS up) at the click: the report's `preconnected`. */
  setPreconnected(ready) {
    this.scope.preconnected = !!ready;
  }

  /** The join number from `joined`. */
  setJoinNumber(join) {
    this.scope.join = join;
  }

  get reported() {
    return this.scope.reported;
  }

  /**
   * The current join's report, once: `{join, marks, rejoin}`, with marks put in the order the
   * server checks. Null when already taken or the join number is unknown.
   */
  takeReport() {
    const scope = this.scope;
    if (scope.reported || scope.join === null || scope.join === undefined) return null;
    scope.reported = true;
    const report = { join: scope.join, marks: ordered(scope.marks), rejoin: scope.rejoin };
    if (scope.preconnected !== undefined) report.preconnected = scope.preconnected;
    return report;
  }
}

/** Violations of {@link ORDER} and of the server's bounds in a set of marks, as readable strings. */
export function violations(marks) {
  const found = [];
  const start = marks.join_click ?? marks.join_sent;
  for (const [name, value] of Object.entries(marks)) {
    if (!KNOWN.has(name)) found.push(`unknown mark ${name}`);
    else if (!Number.isFinite(value) || value < 0 || value > MAX_MARK_MS) found.push(`${name} out of range`);
    else if (start !== undefined && value - start > MAX_SPAN_MS) found.push(`${name} out of range`);
  }
  for (const [earlier, later] of pairs(marks)) {
    if (marks[earlier] > marks[later]) found.push(`${earlier} after ${later}`);
  }
  return found;
}

function newScope(rejoin) {
  return { join: null, marks: {}, reported: false, rejoin };
}

/**
 * Marks that end a join (the outcome depends on them) and are observed facts: a decoded frame
 * proves the connection was up, however late the main thread dispatched its state event.
 */
const END_MARKS = new Set(['first_frame', 'media_published']);

/**
 * Puts marks into the order the server checks. A pair a few milliseconds out of order (event
 * dispatch skew) is pulled together. Further out, an end mark is kept and the earlier phase is
 * pulled back to it (on a busy browser the frame callback can run before the
 * `connectionstatechange` event), and so on down the chain; any other later mark is dropped as
 * untrustworthy.
 */
function ordered(marks) {
  const result = { ...marks };
  const kept = new Set(END_MARKS);
  for (let pass = 0; pass <= MARKS.length; pass++) {
    let changed = false;
    for (const [earlier, later] of pairs(result)) {
      if (!(earlier in result) || !(later in result) || result[earlier] <= result[later]) continue;
      if (result[earlier] - result[later] <= SKEW_MS) result[later] = result[earlier];
      else if (kept.has(later)) {
        result[earlier] = result[later];
        kept.add(earlier);
      }
      else delete result[later];
      changed = true;
    }
    if (!changed) break;
  }
  return result;
}

/** Neighbours `[earlier, later]` among the marks present, chain by chain, as the server compares them. */
function pairs(marks) {
  const found = [];
  for (const chain of ORDER) {
    const present = chain.filter((name) => name in marks);
    for (let i = 1; i < present.length; i++) found.push([present[i - 1], present[i]]);
  }
  return found;
}
