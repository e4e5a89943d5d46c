/**
 * A protocol-faithful fake of the CaseCall server for browser checks of the web client while
 * the real /ws/v1 is being written: serves src/main/web, answers GET /api/v1/session for fake
 * (unsigned) tokens, and speaks docs/protocol.md on /ws/v1. Its "SFU" relays: a participant's
 * publishing offer is offered to the other participant as a subscription (`sub-<role>`), and
 * the answer and candidates travel back, so media flows browser to browser.
 *
 *   node src/test/browser/fake-signaling.js [port]
 *   POST /fake/calls?locale=de           -> {agentJoinUrl, customerInviteUrl, callId} (locale= : none)
 *   POST /fake/kill?call=ID&role=customer -> drops that socket (the browser sees 1006)
 *   GET  /fake/timings                   -> the timings reports received, with violations
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

import { violations } from '../../main/web/js/call/timings.js';
import { opsApi } from './fake-ops.js';
import { accept, refuse } from './websocket-server.js';

const WEB = fileURLToPath(new URL('../../main/web/', import.meta.url));
/** The /ops page's charts: the app serves uPlot from its webjar, the fake from npm (same version). */
const UPLOT = fileURLToPath(new URL('../../../node_modules/uplot/dist/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

const b64 = (object) => Buffer.from(JSON.stringify(object)).toString('base64url');
const id = (n = 8) => randomBytes(n).toString('base64url').slice(0, n);

export function startFakeServer(port = 0) {
  const calls = new Map();
  const reports = [];

  const claimsOf = (token) => {
    try {
      return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    } catch {
      return null;
    }
  };

  /** The session check of the real server: a problem code, or the claims and call. */
  const admit = (token) => {
    const claims = token && claimsOf(token);
    if (!claims || !claims.call) return { problem: 'token_malformed', status: 401 };
    if (claims.problem) return { problem: claims.problem, status: claims.problem === 'token_revoked' ? 403 : 401 };
    const call = calls.get(claims.call);
    if (!call || call.ended) return { problem: 'token_revoked', status: 403 };
    return { claims, call };
  };

  const createCall = (url) => {
    // `locale=` (empty) issues a customer token without a locale: the browser's languages decide
    const locale = url.searchParams.has('locale') ? url.searchParams.get('locale') || undefined : 'en';
    const problem = url.searchParams.get('problem') || undefined;
    const call = {
      id: id(12), caseId: url.searchParams.get('case') || 'CASE-1001', ended: false,
      seats: {
        agent: seat('agent', 'Alex Martin'),
        customer: seat('customer', url.searchParams.get('name') || 'Mei Chen'),
      },
    };
    calls.set(call.id, call);
    const token = (role) => `${b64({ alg: 'none', kid: 'fake' })}.${b64({ call: call.id, role, locale: role === 'customer' ? locale : undefined, problem })}.fake`;
    const base = `http://localhost:${server.address().port}`;
    return { callId: call.id, agentJoinUrl: `${base}/agent#token=${token('agent')}`, customerInviteUrl: `${base}/join#token=${token('customer')}` };
  };

  const session = (call, role, locale) => {
    const other = role === 'agent' ? 'customer' : 'agent';
    const view = {
      callId: call.id, role, participantId: call.seats[role].participantId, displayName: call.seats[role].displayName,
      otherName: call.seats[other].displayName, locale, status: 'waiting', caseId: call.caseId,
      tokenExpiresAt: new Date(Date.now() + 15 * 60_000).toISOString(), inviteExpiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    };
    if (role === 'agent') {
      Object.assign(view, { reason: 'Parcel lost in transit (DHL → Lyon)', orderValue: { amount: 1249, currency: 'EUR' } });
      view.inviteUrl = createInvite(call);
    }
    return view;
  };
  const createInvite = (call) => `http://localhost:${server.address().port}/join#token=${b64({ alg: 'none' })}.${b64({ call: call.id, role: 'customer' })}.fake`;

  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    try {
      if (url.pathname === '/fake/calls' && request.method === 'POST') return json(response, 201, createCall(url));
      if (url.pathname === '/fake/timings') return json(response, 200, reports);
      if (url.pathname === '/fake/kill' && request.method === 'POST') {
        const seat = calls.get(url.searchParams.get('call'))?.seats[url.searchParams.get('role')];
        const sockets = seat ? [...seat.sockets] : [];
        sockets.forEach((ws) => ws.kill());
        return json(response, 200, { killed: sockets.length });
      }
      if (url.pathname === '/api/v1/session') {
        const header = request.headers.authorization || '';
        const result = admit(header.startsWith('Bearer ') ? header.slice(7) : null);
        if (result.problem) return json(response, result.status, { code: result.problem, status: result.status }, 'application/problem+json');
        return json(response, 200, session(result.call, result.claims.role, result.claims.locale));
      }
      if (opsApi(url, request, (status, body, type) => json(response, status, body, type))) return undefined;
      const webjar = url.pathname.match(/^\/webjars\/uplot\/[\d.]+\/dist\/([\w.-]+)$/);
      const pages = { '/join': 'join.html', '/agent': 'agent.html', '/ops': 'ops.html' };
      const file = webjar ? webjar[1] : pages[url.pathname] || normalize(url.pathname).replace(/^([/\\])+/, '');
      const body = await readFile(join(webjar ? UPLOT : WEB, file));
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
      response.end(body);
    } catch {
      json(response, 404, { code: 'not_found' }, 'application/problem+json');
    }
  });

  server.on('upgrade', (request, socket) => {
    const protocols = String(request.headers['sec-websocket-protocol'] || '').split(',').map((p) => p.trim());
    const token = (protocols.find((p) => p.startsWith('token.')) || '').slice('token.'.length);
    if (!protocols.includes('casecall.v1') || !token) return refuse(socket, 400, '{"code":"protocol_missing"}');
    const result = admit(token);
    if (result.problem) return refuse(socket, result.status, JSON.stringify({ code: result.problem }));
    const ws = accept(request, socket, 'casecall.v1');
    connection(ws, result.call, result.claims.role, reports);
  });

  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, port: server.address().port, calls, reports })));
}

function seat(role, displayName) {
  return { role, displayName, participantId: `${role}-${id(6)}`, ws: null, device: null, joins: 0, audio: true, video: true, pub: null, sockets: new Set() };
}

/** One signaling session: the protocol's messages, with the relay "SFU". */
function connection(ws, call, role, reports) {
  const me = call.seats[role];
  const other = call.seats[role === 'agent' ? 'customer' : 'agent'];
  const send = (target, message) => target.ws && target.ws.send(JSON.stringify(message));
  const fail = (code, close) => {
    ws.send(JSON.stringify({ type: 'error', code, message: code, fatal: true }));
    ws.close(close);
  };
  let joined = false;
  me.sockets.add(ws);

  /** Offers `publisher`'s media to `subscriber` as a subscription. */
  const forward = (publisher, subscriber) => {
    if (!publisher.pub || !subscriber.ws) return;
    send(subscriber, { type: 'offer', pc: `sub-${publisher.role}`, sdp: publisher.pub.sdp, attachLocalMedia: false, participantId: publisher.participantId });
    for (const candidate of publisher.pub.candidates) send(subscriber, { type: 'candidate', pc: `sub-${publisher.role}`, candidate });
    publisher.pub.forwarded = true;
  };

  const handlers = {
    join(message) {
      if (joined) return send(me, { type: 'error', code: 'already_joined', fatal: false, ref: 'join' });
      if (message.callId !== call.id) return fail('wrong_call', 4403);
      if (call.ended) return fail('call_ended', 4410);
      if (me.ws && me.ws !== ws) {
        if (me.device !== message.device) return fail('seat_taken', 4409);
        const old = me.ws;
        me.ws = null;
        old.send(JSON.stringify({ type: 'error', code: 'replaced', fatal: true }));
        old.close(4409);
      }
      Object.assign(me, { ws, device: message.device, joins: me.joins + 1, pub: null });
      joined = true;
      send(me, {
        type: 'joined', callId: call.id, participantId: me.participantId, role, status: other.ws ? 'connected' : 'waiting', join: me.joins,
        clientOffers: true, heartbeatMs: 5000,
        participants: [{ participantId: other.participantId, role: other.role, displayName: other.displayName, present: !!other.ws, audio: other.audio, video: other.video }],
      });
      send(other, { type: 'participant-joined', participantId: me.participantId, role, displayName: me.displayName });
      if (message.offer) handlers.offer(message.offer);
      forward(other, me);
    },
    // accepted and changes nothing, as with an SFU that cannot hold media (docs/protocol.md,
    // "Pre-connection"): this fake's "SFU" relays browser to browser
    preconnect() {},
    offer({ pc, sdp }) {
      me.pub = { pc, sdp, candidates: [], forwarded: false };
      forward(me, other);
    },
    answer({ pc, sdp }) {
      const publisher = call.seats[pc.replace(/^sub-/, '')];
      if (publisher && publisher.pub) send(publisher, { type: 'answer', pc: publisher.pub.pc, sdp });
    },
    candidate({ pc, candidate }) {
      if (me.pub && pc === me.pub.pc) {
        me.pub.candidates.push(candidate);
        if (me.pub.forwarded) send(other, { type: 'candidate', pc: `sub-${role}`, candidate });
      } else if (pc.startsWith('sub-')) {
        const publisher = call.seats[pc.slice(4)];
        if (publisher && publisher.pub) send(publisher, { type: 'candidate', pc: publisher.pub.pc, candidate });
      }
    },
    media({ audio, video }) {
      Object.assign(me, { audio, video });
      send(other, { type: 'participant-media', participantId: me.participantId, role, audio, video });
    },
    timings({ join, marks, ...extra }) {
      reports.push({ callId: call.id, role, join, marks, extra, violations: violations(marks) });
    },
    ping({ ts }) {
      send(me, { type: 'pong', ts });
    },
    leave() {
      ws.close(1000);
    },
    end({ outcome }) {
      if (role !== 'agent') return send(me, { type: 'error', code: 'forbidden', fatal: false, ref: 'end' });
      call.ended = true;
      for (const s of [me, other]) {
        send(s, { type: 'call-ended', reason: 'agent_ended', outcome });
        if (s.ws) s.ws.close(4410);
      }
    },
  };

  ws.onmessage = (text) => {
    let message;
    try { message = JSON.parse(text); } catch { return; }
    // (to this socket: the seat's socket is the joined one; e.g. a publishing offer before the click)
    if (message.type !== 'join' && message.type !== 'ping' && message.type !== 'preconnect' && !joined) return ws.send(JSON.stringify({ type: 'error', code: 'not_joined', fatal: false, ref: message.type }));
    const handler = handlers[message.type];
    if (handler) handler(message);
    else if (typeof message.type === 'string') ws.send(JSON.stringify({ type: 'error', code: 'unknown_type', fatal: false, ref: message.type }));
  };
  ws.onclose = () => {
    me.sockets.delete(ws);
    if (me.ws !== ws) return;
    me.ws = null;
    me.pub = null;
    send(other, { type: 'participant-left', participantId: me.participantId, role });
    send(other, { type: 'pc-closed', pc: `sub-${role}` });
    if (other.pub) {
      // the other side published to this one's subscription: that connection is gone too
      send(other, { type: 'pc-closed', pc: other.pub.pc });
      other.pub = null;
    }
  };
}

function json(response, status, body, type = 'application/json') {
  response.writeHead(status, { 'Content-Type': type });
  response.end(JSON.stringify(body));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { port } = await startFakeServer(Number(process.argv[2] || 0));
  console.log(`fake CaseCall on http://localhost:${port}`);
}
