import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';

import { SignalClient, SignalState } from '../../main/web/js/signaling/signal-client.js';
import { OnlineClock } from '../../main/web/js/signaling/network.js';
import { FakeSocket, FakeTimers } from './support/fakes.js';

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJjYWxsIjoiYzEifQ.sig';

/** The page's network as browser-env.js hands it in, driven by the test. */
class FakeNetwork {
  constructor(online = true) {
    this.isOnline = online;
    this.listeners = new Set();
  }

  online = () => this.isOnline;

  subscribe = (listener) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(online) {
    this.isOnline = online;
    for (const listener of this.listeners) listener(online ? 'online' : 'offline');
  }

  change() {
    for (const listener of this.listeners) listener('change');
  }
}

function client(options = {}) {
  const timers = new FakeTimers();
  const network = new FakeNetwork();
  const signal = new SignalClient('ws://localhost/ws/v1', TOKEN, { WebSocketImpl: FakeSocket, timers, network, ...options });
  const events = [];
  signal.onOpen = (e) => events.push(['open', e]);
  signal.onReconnecting = (e) => events.push(['reconnecting', e]);
  signal.onClose = (e) => events.push(['close', e]);
  signal.onNetwork = (e) => events.push(['network', e]);
  return { signal, timers, network, events };
}

/** Connects and opens the first socket. */
function opened(options) {
  const made = client(options);
  made.signal.connect();
  FakeSocket.last.accept();
  return made;
}

describe('SignalClient and the network', () => {
  beforeEach(() => FakeSocket.reset());

  it('makes no attempt while offline and never gives up on a network that is merely down', () => {
    const { signal, timers, network, events } = opened();
    network.set(false);
    FakeSocket.last.drop(1006);
    timers.advance(5 * 60_000);
    assert.equal(FakeSocket.instances.length, 1, 'no socket while offline');
    assert.equal(signal.state, SignalState.RETRYING);
    assert.deepEqual(events.filter(([name]) => name === 'close'), []);
    assert.deepEqual(events.at(-1), ['reconnecting', { attempt: 0, delayMs: null, code: 1006, opened: true, offline: true }]);
  });

  it('connects at once when the network returns, not after the backoff', () => {
    const { timers, network } = opened();
    network.set(false);
    FakeSocket.last.drop(1006);
    timers.advance(40_000);
    network.set(true);
    assert.equal(FakeSocket.instances.length, 2, 'the attempt starts on the online event itself');
    FakeSocket.last.accept();
    assert.equal(FakeSocket.instances.length, 2);
  });

  it('cancels a pending backoff timer and connects now when the network comes back or changes', () => {
    const { signal, timers, network, events } = opened();
    FakeSocket.last.drop(1006);
    for (let i = 0; i < 4; i++) { timers.advance(events.at(-1)[1].delayMs); FakeSocket.last.drop(1006); }
    assert.equal(events.at(-1)[1].delayMs, 2000, 'a backoff is pending');
    const before = FakeSocket.instances.length;
    network.change();
    assert.equal(FakeSocket.instances.length, before + 1, 'a new attempt without waiting');
    timers.advance(2000);
    assert.equal(FakeSocket.instances.length, before + 1, 'the cancelled timer starts nothing');
    FakeSocket.last.accept();
    assert.equal(signal.isOpen, true);
  });

  it('cancels the pending retry when the browser goes offline, and says it waits', () => {
    const { timers, network, events } = opened();
    FakeSocket.last.drop(1006);
    network.set(false);
    timers.advance(60_000);
    assert.equal(FakeSocket.instances.length, 1);
    assert.deepEqual(events.slice(-2), [
      ['network', { online: false }],
      ['reconnecting', { attempt: 1, delayMs: null, code: 1006, opened: false, offline: true }],
    ]);
  });

  it('replaces an attempt that hangs since the network was down instead of waiting out its 10 s timeout', () => {
    const { timers, network } = opened();
    FakeSocket.last.drop(1006);
    timers.advance(250);
    const hanging = FakeSocket.last;
    network.set(false);
    timers.advance(3000);
    network.set(true);
    assert.notEqual(hanging.closedWith, null, 'the hanging attempt is closed');
    assert.notEqual(FakeSocket.last, hanging);
    hanging.accept(); // opening late changes nothing
    FakeSocket.last.accept();
    assert.equal(FakeSocket.instances.length, 3);
  });

  it('counts only time online in the 60 s give-up window', () => {
    const { signal, timers, network, events } = opened();
    FakeSocket.last.drop(1006);
    const failFor = (ms) => {
      const end = timers.now() + ms;
      while (signal.state === SignalState.RETRYING && timers.now() < end) {
        timers.advance(Math.min(events.at(-1)[1].delayMs ?? 100, end - timers.now()));
        if (signal.state === SignalState.CONNECTING) FakeSocket.last.drop(1006);
      }
    };
    failFor(40_000);
    network.set(false);
    timers.advance(2 * 60_000);
    network.set(true);
    FakeSocket.last.drop(1006);
    failFor(15_000);
    assert.equal(signal.state, SignalState.RETRYING, 'about 55 s online in all: still trying');
    failFor(10_000);
    assert.equal(signal.state, SignalState.CLOSED);
    assert.equal(events.at(-1)[1].gaveUp, true);
  });

  it('probes an open socket when the network returns: quiet for 2 s means dead, and it reconnects', () => {
    const { signal, timers, network } = opened();
    const first = FakeSocket.last;
    network.set(false);
    timers.advance(3000);
    network.set(true);
    assert.equal(first.messages().at(-1).type, 'ping', 'a ping at once');
    timers.advance(1999);
    assert.equal(signal.isOpen, true);
    timers.advance(1);
    assert.notEqual(first.closedWith, null);
    timers.advance(250);
    assert.equal(FakeSocket.instances.length, 2);
  });

  it('keeps an open socket that answers the probe', () => {
    const { signal, timers, network } = opened();
    network.set(false);
    network.set(true);
    FakeSocket.last.receive({ type: 'pong' });
    timers.advance(5000);
    FakeSocket.last.receive({ type: 'pong' });
    assert.equal(signal.isOpen, true);
    assert.equal(FakeSocket.instances.length, 1);
  });

  it('a 40 s drop: the socket is lost by the heartbeat, waits, and the next one starts when the network is back', () => {
    const { signal, timers, network, events } = opened();
    network.set(false);
    timers.advance(40_000);
    assert.equal(FakeSocket.instances.length, 1, 'no attempt in 40 s offline');
    assert.ok(events.some(([name, e]) => name === 'reconnecting' && e.offline), 'the silent socket was given up');
    const back = timers.now();
    network.set(true);
    FakeSocket.last.accept();
    assert.equal(signal.isOpen, true);
    assert.equal(timers.now() - back, 0, 'no backoff between the network returning and the attempt');
  });

  it('traces the network, the probe and the sockets for the page\'s timeline', () => {
    const { signal, timers, network } = client();
    const trace = [];
    signal.onTrace = (what, detail) => trace.push(detail === undefined ? [timers.now(), what] : [timers.now(), what, detail]);
    signal.connect();
    FakeSocket.last.accept();
    network.set(false);
    timers.advance(3000);
    network.set(true);
    FakeSocket.last.receive({ type: 'pong' });
    network.change();
    timers.advance(2000);
    signal.resuming = true;
    timers.advance(250);
    assert.deepEqual(trace, [
      [0, 'socket_connecting', { resume: false }],
      [0, 'socket_open'],
      [0, 'network', { change: 'offline' }],
      [3000, 'network', { change: 'online' }],
      [3000, 'probe_sent'],
      [3000, 'probe_answered'],
      [3000, 'network', { change: 'change' }],
      [3000, 'probe_sent'],
      [5000, 'probe_timeout'],
      [5000, 'socket_lost', { code: 1006, reason: 'network changed' }],
      [5250, 'socket_connecting', { resume: true }],
    ]);
  });

  it('stops listening to the network once closed by the page', () => {
    const { signal, network } = opened();
    signal.close();
    assert.equal(network.listeners.size, 0);
    network.set(false);
    network.set(true);
    assert.equal(FakeSocket.instances.length, 1);
  });
});

describe('OnlineClock', () => {
  it('counts online time since the loss, paused while offline, and nothing before a loss', () => {
    let now = 0;
    const clock = new OnlineClock(() => now, true);
    now = 5000;
    assert.equal(clock.elapsedMs(), 0);
    clock.lost();
    now = 8000;
    clock.setOnline(false);
    now = 100_000;
    assert.equal(clock.elapsedMs(), 3000);
    clock.setOnline(true);
    now = 104_000;
    assert.equal(clock.elapsedMs(), 7000);
    clock.lost(); // already lost: the count goes on
    assert.equal(clock.elapsedMs(), 7000);
    clock.reset();
    assert.equal(clock.elapsedMs(), 0);
  });
});
