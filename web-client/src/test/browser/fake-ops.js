/**
 * The ops API of docs/ops.md as the /ops page reads it, with fixed sample data, for looking
 * at the page in the browser check: GET /api/v1/ops/summary, /calls and /calls/{id}, behind
 * an ops key in X-API-Key (401 `api_key_invalid` otherwise). uPlot comes from npm here
 * (the app serves the same version from its webjar).
 */
export const OPS_KEY = 'fake-ops-key';

const STEP_S = 60;
const TARGET_MS = 600;

/** Sample customer joins (connect ms, or an outcome that is not `connected`). */
const CUSTOMER = [150, 180, 210, 240, 260, 290, 320, 380, 450, 720, 'failed', 'abandoned'];

function summary(window, now) {
  const connected = CUSTOMER.filter((c) => typeof c === 'number').sort((a, b) => a - b);
  const edges = [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000, 3000];
  const histogram = edges.map((fromMs, i) => ({
    fromMs, toMs: edges[i + 1] ?? null, count: connected.filter((c) => c >= fromMs && (edges[i + 1] === undefined || c < edges[i + 1])).length,
  }));
  const from = new Date(now - 15 * 60_000);
  const series = Array.from({ length: 16 }, (_, i) => {
    const start = new Date(Math.floor(from.getTime() / 60_000) * 60_000 + i * 60_000).toISOString();
    const some = i % 3 === 1;
    return { start, count: some ? 3 : 0, connected: some ? 3 : 0, p50: some ? 240 + i * 5 : null, p95: some ? 420 + i * 12 : null, p99: some ? 450 + i * 14 : null };
  });
  const rank = (list, p) => list[Math.min(list.length - 1, Math.ceil(p * list.length) - 1)]; // nearest rank
  const role = (count, list) => ({
    count, connected: list.length, failed: 1, abandoned: 1,
    successRate: list.length / count, withinTargetRate: list.filter((c) => c <= TARGET_MS).length / list.length,
    connectMs: { p50: rank(list, 0.5), p95: rank(list, 0.95), p99: rank(list, 0.99), max: list.at(-1) },
    histogram, series,
  });
  return {
    window, from: from.toISOString(), to: new Date(now).toISOString(), stepSeconds: STEP_S, targetMs: TARGET_MS, openCalls: 3,
    customer: role(CUSTOMER.length, connected),
    agent: { ...role(4, [330, 360, 410]), failed: 0, abandoned: 1 },
  };
}

function join(start, marks) {
  let previous = 0;
  const after = marks.filter(([, at]) => at > 0);
  return {
    join: 1, joins: 1, reports: 1, outcome: 'connected', connectMs: marks.at(-1)[1], start,
    marks: marks.map(([mark, atMs]) => ({ mark, atMs })),
    segments: after.map(([phase, toMs]) => {
      const segment = { phase, fromMs: previous, toMs, ms: toMs - previous };
      previous = toMs;
      return segment;
    }),
  };
}

/** An instant join: media pre-connected during the preview, first frame soon after the click. */
function preconnected() {
  return {
    ...join('join_click', [['page_ready', -9000], ['preconnect_sent', -8700], ['pre_ice_connected', -8550], ['pre_dtls_connected', -8490],
      ['join_click', 0], ['join_sent', 1], ['join_ack', 35], ['first_frame', 95]]),
    preconnected: true,
  };
}

function calls(now) {
  const at = (s) => new Date(now - s * 1000).toISOString();
  return Array.from({ length: 4 }, (_, i) => ({
    callId: `fakecall${i}`, caseId: `CASE-${1001 + i}`, status: ['connected', 'waiting', 'ended', 'ended'][i], sfu: 'janus', sfuInstance: 'janus-1',
    createdAt: at(600 - i * 100), waitingAt: at(590 - i * 100), connectedAt: i === 1 ? null : at(580 - i * 100), endedAt: i >= 2 ? at(300) : null,
    endReason: i >= 2 ? 'agent_ended' : null, href: `/api/v1/ops/calls/fakecall${i}`,
    customer: i === 1 ? undefined : i === 0 ? preconnected() : join('join_click', [['page_ready', -900], ['join_click', 0], ['join_sent', 1], ['join_ack', 40 + i * 30],
      ['subscribe_offer', 60 + i * 40], ['ice_connected', 150 + i * 90], ['dtls_connected', 190 + i * 120], ['first_frame', 240 + i * 160]]),
    agent: join('page_open', [['page_ready', 80], ['ws_open', 200], ['join_sent', 202], ['join_ack', 210], ['media_ready', 320], ['first_frame', 380 + i * 20]]),
  }));
}

function webhooks(now) {
  const at = (s) => new Date(now - s * 1000).toISOString();
  const delivery = (i, type, status, attempts, lastStatus, lastError) => ({
    id: `dlv_fake${i}`, eventId: `msg_fake${i}`, type, callId: `fakecall${i % 4}`, endpoint: 'crm', status, attempts,
    replays: 0, createdAt: at(600 - i * 60), updatedAt: at(500 - i * 60), lastStatus, lastError,
  });
  const dead = delivery(3, 'call.ended', 'dead', 12, 503, 'HTTP 503');
  const retrying = delivery(2, 'call.connected', 'retrying', 2, null, 'HttpTimeoutException: request timed out');
  return {
    endpoints: [{ name: 'crm', origin: 'https://crm.example.com', events: [], lagSeconds: 0 }], deadLetters: 1,
    recent: [delivery(0, 'call.created', 'delivered', 1, 204, null), delivery(1, 'call.waiting', 'delivered', 1, 204, null), retrying, dead],
    failures: [retrying, dead], dead: [dead],
  };
}

/**
 * Answers the ops API paths; returns false for any other path.
 * @returns {boolean} whether it answered
 */
export function opsApi(url, request, respond) {
  if (!url.pathname.startsWith('/api/v1/ops/')) return false;
  if (request.headers['x-api-key'] !== OPS_KEY) {
    respond(401, { type: 'about:blank', status: 401, code: 'api_key_invalid', detail: 'That API key is not accepted.' }, 'application/problem+json');
    return true;
  }
  const now = Date.now();
  if (url.pathname === '/api/v1/ops/summary') respond(200, summary(url.searchParams.get('window') || '15m', now));
  else if (url.pathname === '/api/v1/ops/calls') respond(200, { limit: 50, calls: calls(now) });
  else if (url.pathname === '/api/v1/ops/webhooks') respond(200, webhooks(now));
  else {
    const call = calls(now).find((c) => url.pathname === c.href);
    if (call) respond(200, { callId: call.callId, caseId: call.caseId, status: call.status, participants: [] });
    else respond(404, { status: 404, code: 'call_not_found' }, 'application/problem+json');
  }
  return true;
}
