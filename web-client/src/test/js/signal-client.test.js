import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';

import { SignalClient, SignalState } from '../../main/web/js/signaling/signal-client.js';
import { FakeSocket, FakeTimers } from './support/fakes.js';

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJjYWxsIjoiYzEifQ.sig';

function client(options = {}) {
  const timers = new FakeTimers();
  const signal = new SignalClient('ws://localhost/ws/v1', TOKEN, { WebSocketImpl: FakeSocket, timers, ...options });
  const events = [];
  signal.onOpen = (e) => events.push(['open', e]);
  signal.onReconnecting = (e) => events.push(['reconnecting', e]);
  signal.onClose = (e) => events.push(['close', e]);
  return { signal, timers, events };
}

describe('SignalClient', () => {
  beforeEach(() => FakeSocket.reset());

  it('connects with the versioned protocol and the token as subprotocols', () => {
    const { signal, events } = client();
    signal.connect();
    assert.equal(FakeSocket.last.url, 'ws://localhost/ws/v1');
    assert.deepEqual(FakeSocket.last.protocols, ['casecall.v1', `token.${TOKEN}`]);
    assert.equal(signal.state, SignalState.CONNECTING);
    FakeSocket.last.accept();
    assert.equal(signal.isOpen, true);
    assert.deepEqual(events, [['open', { reconnected: false }]]);
  });

  it('frames one message per sender', () => {
    const { signal } = client();
    signal.connect();
    const socket = FakeSocket.last;
    socket.accept();
    const candidate = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.2 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    signal.sendJoin({ callId: 'c1', device: 'device-123', offer: { pc: 'pub', sdp: 'v=0' } });
    signal.sendJoin({ callId: 'c1', device: 'device-123' });
    signal.sendOffer('pub', 'v=0 offer');
    signal.sendAnswer('sub-1', 'v=0 answer');
    signal.sendCandidate('pub', candidate);
    signal.sendCandidate('pub', null);
    signal.sendMedia({ audio: false, video: 1 });
    signal.sendTimings(2, { join_sent: 10.5 }, { reconnect: true });
    signal.sendLeave();
    signal.sendEnd({ outcome: 'refunded', note: 'Refund issued' });
    signal.sendEnd({});
    signal.sendPing(42);
    assert.deepEqual(socket.messages(), [
      { type: 'join', callId: 'c1', device: 'device-123', offer: { pc: 'pub', sdp: 'v=0' } },
      { type: 'join', callId: 'c1', device: 'device-123' },
      { type: 'offer', pc: 'pub', sdp: 'v=0 offer' },
      { type: 'answer', pc: 'sub-1', sdp: 'v=0 answer' },
      { type: 'candidate', pc: 'pub', candidate },
      { type: 'candidate', pc: 'pub', candidate: null },
      { type: 'media', audio: false, video: true },
      { type: 'timings', reconnect: true, join: 2, marks: { join_sent: 10.5 } },
      { type: 'leave' },
      { type: 'end', outcome: 'refunded', note: 'Refund issued' },
      { type: 'end' },
      { type: 'ping', ts: 42 },
    ]);
  });

  it('sends nothing while the socket is not open', () => {
    const { signal } = client();
    assert.equal(signal.sendLeave(), false);
    signal.connect();
    assert.equal(signal.sendPing(1), false);
    assert.deepEqual(FakeSocket.last.sent, []);
  });

  it('hands each server message type to its own handler and ignores the rest', () => {
    const { signal } = client();
    const seen = [];
    const handlers = {
      joined: 'onJoined', answer: 'onAnswer', offer: 'onOffer', candidate: 'onCandidate', 'pc-closed': 'onPcClosed',
      'media-state': 'onMediaState', 'side-channel': 'onSideChannel', 'participant-joined': 'onParticipantJoined',
      'participant-left': 'onParticipantLeft', 'participant-media': 'onParticipantMedia', 'call-status': 'onCallStatus',
      'call-ended': 'onCallEnded', pong: 'onPong', error: 'onError',
    };
    for (const [type, handler] of Object.entries(handlers)) signal[handler] = (message) => seen.push([type, message]);
    signal.connect();
    const socket = FakeSocket.last;
    socket.accept();
    for (const type of Object.keys(handlers)) socket.receive({ type, n: 1 });
    socket.receive({ type: 'something-new', n: 1 });
    socket.receive('not json');
    socket.receive({ notype: true });
    assert.deepEqual(seen.map(([type]) => type), Object.keys(handlers));
    assert.deepEqual(seen[0][1], { type: 'joined', n: 1 });
  });

  it('pings every heartbeat period and adopts the period from joined', () => {
    const { signal, timers } = client();
    signal.connect();
    const socket = FakeSocket.last;
    socket.accept();
    timers.advance(4999);
    assert.equal(socket.messages().filter((m) => m.type === 'ping').length, 0);
    socket.receive({ type: 'pong' });
    timers.advance(1);
    assert.equal(socket.messages().filter((m) => m.type === 'ping').length, 1);
    signal.setHeartbeatInterval(2000);
    socket.receive({ type: 'pong' });
    timers.advance(2000);
    assert.equal(socket.messages().filter((m) => m.type === 'ping').length, 2);
    assert.equal(typeof socket.messages().find((m) => m.type === 'ping').ts, 'number');
  });

  it('treats 10 s without a word from the server as lost and reconnects', () => {
    const { signal, timers, events } = client();
    signal.connect();
    const first = FakeSocket.last;
    first.accept();
    timers.advance(9000);
    assert.equal(FakeSocket.instances.length, 1);
    timers.advance(1000);
    assert.notEqual(first.closedWith, null, 'the silent socket is closed');
    assert.deepEqual(events[1], ['reconnecting', { attempt: 1, delayMs: 250, code: 1006, opened: true, offline: false }]);
    timers.advance(250);
    assert.equal(FakeSocket.instances.length, 2);
    FakeSocket.last.accept();
    assert.deepEqual(events[2], ['open', { reconnected: true }]);
  });

  it('gives up an attempt that does not open within the connect timeout, and tries the next one', () => {
    const { signal, timers, events } = client({ connectTimeoutMs: 5000 });
    signal.connect();
    const pending = FakeSocket.last;
    timers.advance(4999);
    assert.equal(signal.state, SignalState.CONNECTING, 'still waiting just before the timeout');
    assert.equal(pending.closedWith, null);
    timers.advance(1);
    assert.notEqual(pending.closedWith, null, 'the pending socket is closed');
    assert.deepEqual(events, [['reconnecting', { attempt: 1, delayMs: 250, code: 1006, opened: false, offline: false }]]);
    timers.advance(250);
    assert.equal(FakeSocket.instances.length, 2);
    pending.accept(); // the old attempt opening late changes nothing
    assert.equal(signal.state, SignalState.CONNECTING);
    FakeSocket.last.accept();
    assert.deepEqual(events.at(-1), ['open', { reconnected: false }]);
    timers.advance(9000); // past the connect timeout, short of the 10 s of silence that counts as lost
    assert.equal(FakeSocket.instances.length, 2, 'an attempt that opened has no timeout left running');
    assert.equal(signal.isOpen, true);
  });

  it('times out every attempt, so a network that stays down is given up on within the policy\'s 60 s', () => {
    const { signal, timers, events } = client();
    signal.connect();
    while (signal.state !== SignalState.CLOSED && timers.now() < 600_000) timers.advance(100); // no socket ever answers
    const [name, detail] = events.at(-1);
    assert.equal(name, 'close');
    assert.equal(detail.gaveUp, true);
    // the first attempt's 10 s, the 60 s window, and the last attempt started in it timing out
    assert.ok(timers.now() <= 80_000, `gave up at ${timers.now()} ms`);
    assert.ok(FakeSocket.instances.length >= 4, `${FakeSocket.instances.length} attempts, each timed out`);
    assert.ok(FakeSocket.instances.every((socket) => socket.closedWith !== null), 'no attempt is left pending');
  });

  it('opens the next socket with a token the server refreshed, and ignores what is not one', () => {
    const { signal, timers } = client();
    const seen = [];
    signal.onToken = (message) => seen.push(message.expiresAt);
    signal.connect();
    FakeSocket.last.accept();
    FakeSocket.last.receive({ type: 'token', token: 'fresh.fresh.fresh', expiresAt: '2026-11-26T10:30:00Z' });
    FakeSocket.last.receive({ type: 'token', token: 42 });
    FakeSocket.last.receive({ type: 'token', token: 'not a token' });
    assert.deepEqual(seen, ['2026-11-26T10:30:00Z']);
    FakeSocket.last.drop(1006);
    timers.advance(250);
    assert.deepEqual(FakeSocket.last.protocols, ['casecall.v1', 'token.fresh.fresh.fresh']);
  });

  it('reconnects after retryable closes with the policy backoff', () => {
    const { signal, timers, events } = client();
    signal.connect();
    FakeSocket.last.accept();
    FakeSocket.last.drop(1001);
    const delays = [];
    for (let i = 0; i < 6; i++) {
      delays.push(events[events.length - 1][1].delayMs);
      timers.advance(delays[i]);
      FakeSocket.last.drop(1006); // the new attempt fails before opening
    }
    assert.deepEqual(delays, [250, 500, 1000, 2000, 2000, 2000]);
    assert.equal(events.filter(([name]) => name === 'reconnecting').length, 7);
  });

  it('gives up after 60 s of failed attempts', () => {
    const { signal, timers, events } = client();
    signal.connect();
    FakeSocket.last.drop(1006);
    while (signal.state === SignalState.RETRYING) {
      timers.advance(events[events.length - 1][1].delayMs);
      FakeSocket.last.drop(1006);
    }
    const [name, detail] = events[events.length - 1];
    assert.equal(name, 'close');
    assert.equal(detail.gaveUp, true);
    assert.ok(timers.now() <= 60_000, `gave up at ${timers.now()} ms`);
    assert.equal(signal.state, SignalState.CLOSED);
  });

  it('starts the backoff afresh once a rejoin succeeded', () => {
    const { signal, timers, events } = client();
    signal.connect();
    FakeSocket.last.accept();
    FakeSocket.last.drop(4503);
    timers.advance(250);
    FakeSocket.last.drop(1006);
    assert.equal(events[events.length - 1][1].delayMs, 500);
    timers.advance(500);
    FakeSocket.last.accept();
    FakeSocket.last.receive({ type: 'joined', join: 2 });
    FakeSocket.last.drop(1011);
    assert.equal(events[events.length - 1][1].delayMs, 250);
  });

  it('does not reconnect after a final close and reports the fatal error before it', () => {
    const { signal, timers, events } = client();
    signal.connect();
    const socket = FakeSocket.last;
    socket.accept();
    socket.receive({ type: 'error', code: 'seat_taken', message: 'taken', fatal: true });
    socket.drop(4409);
    timers.advance(120_000);
    assert.equal(FakeSocket.instances.length, 1);
    const [name, detail] = events[events.length - 1];
    assert.equal(name, 'close');
    assert.equal(detail.code, 4409);
    assert.equal(detail.error.code, 'seat_taken');
    assert.equal(detail.gaveUp, false);
  });

  it('closes for good when asked, and ignores the old socket afterwards', () => {
    const { signal, timers, events } = client();
    signal.connect();
    const socket = FakeSocket.last;
    socket.accept();
    signal.close();
    assert.deepEqual(socket.closedWith, { code: 1000, reason: '' });
    socket.drop(1006);
    timers.advance(60_000);
    assert.equal(FakeSocket.instances.length, 1);
    assert.deepEqual(events.map(([name]) => name), ['open', 'close']);
    assert.equal(events[1][1].byClient, true);
  });

  it('reconnects on request (a failed media path)', () => {
    const { signal, timers } = client();
    signal.connect();
    FakeSocket.last.accept();
    signal.reconnect('media failed');
    timers.advance(250);
    assert.equal(FakeSocket.instances.length, 2);
  });

  it('refuses a server that selected another protocol', () => {
    const { signal, events } = client();
    signal.connect();
    FakeSocket.last.accept('casecall.v2');
    assert.equal(events[0][0], 'close');
    assert.equal(events[0][1].code, 4400);
  });
});
