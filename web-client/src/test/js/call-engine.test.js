import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';

import { CallEngine } from '../../main/web/js/call/call-engine.js';
import { CallState } from '../../main/web/js/call/events.js';
import { SessionError } from '../../main/web/js/call/session.js';
import { SignalState } from '../../main/web/js/signaling/signal-client.js';
import { FakePeerConnection, FakeSocket, FakeTimers } from './support/fakes.js';

// The engine's own camera/microphone holder keeps one MediaStream; Node has none.
globalThis.MediaStream ??= class { addTrack() {} removeTrack() {} getTracks() { return []; } };

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJjYWxsIjoiYzEifQ.sig';
const settle = () => new Promise((resolve) => setImmediate(resolve));

function engine({ checkSession = null, network = undefined } = {}) {
  const timers = new FakeTimers();
  const call = new CallEngine({
    session: { callId: 'c1', role: 'customer' },
    token: TOKEN,
    device: 'device-1234',
    wsUrl: 'ws://localhost/ws/v1',
    clientOffersHint: false,
    checkSession,
    signalOptions: { WebSocketImpl: FakeSocket, timers, ...(network ? { network } : {}) },
    transportOptions: { RTCPeerConnectionImpl: FakePeerConnection },
  });
  return { call, timers };
}

/** A network port the test switches: `go(false)` is the browser's `offline`, `go(true)` its `online`. */
function switchableNetwork() {
  let online = true;
  let listener = null;
  return {
    port: { online: () => online, subscribe: (fn) => { listener = fn; return () => { listener = null; }; } },
    go(now) {
      online = now;
      listener(now ? 'online' : 'offline');
    },
  };
}

/** A customer joined with one server-offered connection (`sub-1`), answered. */
async function joinedWithSubscription() {
  const { call, timers } = engine();
  call.join();
  FakeSocket.last.accept();
  FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 1, clientOffers: false, participants: [], heartbeatMs: 5000 });
  FakeSocket.last.receive({ type: 'offer', pc: 'sub-1', sdp: 'v=0 offer' });
  await settle();
  return { call, timers, connection: call.peers.transports.get('sub-1') };
}

/** Fails every socket attempt (no answer from the network) until the client gives up. */
async function failUntilGivenUp(call, timers) {
  while (call.signal.state !== SignalState.CLOSED && timers.now() < 120_000) {
    if (call.signal.state === SignalState.CONNECTING) FakeSocket.last.drop(1006);
    timers.advance(250);
    await settle(); // let a session re-check answer
  }
}

describe('CallEngine', () => {
  beforeEach(() => FakeSocket.reset());

  it('says it is offline and waits through a long drop, then rejoins as soon as the network is back', async () => {
    const network = switchableNetwork();
    let rechecks = 0;
    const { call, timers } = engine({ network: network.port, checkSession: async () => { rechecks += 1; } });
    const signals = [];
    call.on('signal', ({ state }) => signals.push(state));
    call.join();
    FakeSocket.last.accept();
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 1, clientOffers: false, participants: [], heartbeatMs: 5000 });
    network.go(false);
    assert.equal(signals.at(-1), 'offline');
    timers.advance(2 * 60_000); // the heartbeat loses the socket; then nothing, for two minutes
    await settle();
    assert.equal(call.state, CallState.RECONNECTING, 'not ended, not failed');
    assert.equal(signals.at(-1), 'offline');
    assert.equal(FakeSocket.instances.length, 1);
    assert.equal(rechecks, 0, 'no session re-check against a network that is down');
    network.go(true);
    assert.equal(FakeSocket.instances.length, 2);
    FakeSocket.last.accept();
    assert.deepEqual(FakeSocket.last.messages()[0],
      { type: 'join', callId: 'c1', device: 'device-1234', resume: { participantId: 'p-cust', pcs: [] } });
    assert.equal(signals.at(-1), 'open');
    call.leave();
  });

  it('gets a fresh pre-connection when a pre-connected connection fails before the click (network change)', async () => {
    const { call, timers } = engine();
    call.signal.connect();
    FakeSocket.last.accept();
    assert.deepEqual(FakeSocket.last.messages(), [{ type: 'preconnect' }]);
    FakeSocket.last.receive({ type: 'offer', pc: 'sub-1', sdp: 'v=0 offer' });
    await settle();
    const held = call.peers.transports.get('sub-1');
    held.pc.changeState('failed'); // the customer's network changed: its path is gone
    timers.advance(1000);
    await settle();
    assert.equal(FakeSocket.instances.length, 2, 'a new socket: the server gives the old pre-connection back');
    FakeSocket.last.accept();
    assert.deepEqual(FakeSocket.last.messages(), [{ type: 'preconnect' }], 'pre-connects again');
    assert.equal(held.closed, true, 'the dead connection is dropped');
    assert.equal(call.peers.transports.has('sub-1'), false);
    assert.ok(!call.joinRequested && !FakeSocket.last.messages().some((m) => m.type === 'join'), 'nothing joined: the customer has not clicked');
  });

  it('answers a pre-click offer only once the side channel sent the SFU its hold, and at once after the click', async () => {
    const { call } = engine();
    call.signal.connect();
    const signal = FakeSocket.last;
    signal.accept();
    const hold = { colibriClass: 'ReceiverAudioSubscription', mode: 'None' };
    signal.receive({ type: 'side-channel', url: 'ws://bridge.example/colibri-ws/x', onOpen: [hold], onJoin: [{ release: 1 }] });
    const channel = FakeSocket.last;
    signal.receive({ type: 'offer', pc: 'jvb', sdp: 'v=0 offer' });
    signal.receive({ type: 'candidate', pc: 'jvb', candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.2 10000 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
    await settle();
    assert.equal(call.peers.transports.has('jvb'), false, 'no connection while the bridge may still forward everything');
    assert.deepEqual(signal.messages().filter((m) => m.type === 'answer'), []);
    channel.accept('');
    await settle();
    assert.deepEqual(channel.messages(), [hold], 'the hold went out first');
    assert.deepEqual(signal.messages().filter((m) => m.type === 'answer').map((m) => m.pc), ['jvb'], 'then the answer');
    assert.equal(call.peers.transports.get('jvb').pc.added.length, 1, 'the candidate after its offer');
  });

  it('a click before the side channel opened lets the held offer through: the consent needs no hold', async () => {
    const { call } = engine();
    call.signal.connect();
    const signal = FakeSocket.last;
    signal.accept();
    signal.receive({ type: 'side-channel', url: 'ws://bridge.example/colibri-ws/x', onOpen: [{ hold: 1 }], onJoin: [{ release: 1 }] });
    signal.receive({ type: 'offer', pc: 'jvb', sdp: 'v=0 offer' });
    await settle();
    assert.equal(call.peers.transports.has('jvb'), false);
    call.join();
    await settle();
    assert.equal(call.peers.transports.has('jvb'), true, 'answered at the click, channel or not');
  });

  it('drops offers held for a side channel that a new one replaced (a new endpoint comes with its own)', async () => {
    const { call } = engine();
    call.signal.connect();
    const signal = FakeSocket.last;
    signal.accept();
    signal.receive({ type: 'side-channel', url: 'ws://bridge.example/colibri-ws/old', onOpen: [{ hold: 1 }] });
    signal.receive({ type: 'offer', pc: 'jvb', sdp: 'v=0 offer' });
    signal.receive({ type: 'pc-closed', pc: 'jvb' });
    signal.receive({ type: 'side-channel', url: 'ws://bridge.example/colibri-ws/new', onOpen: [{ hold: 1 }] });
    signal.receive({ type: 'offer', pc: 'jvb-1', sdp: 'v=0 offer' });
    FakeSocket.last.accept('');
    await settle();
    assert.deepEqual([...call.peers.transports.keys()], ['jvb-1']);
  });

  it('keeps the side channel of the new endpoint when a refused resume brings one ahead of joined', async () => {
    const { call, timers } = await joinedWithSubscription();
    FakeSocket.last.receive({ type: 'side-channel', url: 'ws://bridge.example/colibri-ws/old', onOpen: [], onJoin: [] });
    const old = FakeSocket.last;
    old.accept('');
    FakeSocket.instances.at(-2).drop(1006); // the signaling socket: the page resumes on the next
    timers.advance(250);
    const signal = FakeSocket.last;
    signal.accept();
    assert.ok(signal.messages()[0].resume, 'a resume');
    signal.receive({ type: 'side-channel', url: 'ws://bridge.example/colibri-ws/new', onOpen: [], onJoin: [] });
    const fresh = FakeSocket.last;
    signal.receive({ type: 'joined', participantId: 'p-cust', join: 2, clientOffers: false, participants: [], heartbeatMs: 5000, resumed: false });
    assert.equal(fresh.url, 'ws://bridge.example/colibri-ws/new');
    assert.equal(fresh.closedWith, null, 'the new endpoint\'s channel stays: the bridge forwards nothing without it');
    assert.notEqual(old.closedWith, null, 'the old one is closed');
    call.leave();
  });

  it('a click while the socket is down after a pre-connection joins afresh, not on what the lost socket had', async () => {
    const { call, timers } = engine();
    call.signal.connect();
    FakeSocket.last.accept();
    FakeSocket.last.receive({ type: 'offer', pc: 'sub-1', sdp: 'v=0 offer' });
    await settle();
    const held = call.peers.transports.get('sub-1');
    FakeSocket.last.drop(1006);
    call.join(); // the click, with no socket
    for (let i = 0; i < 40 && FakeSocket.last.readyState !== 0; i++) timers.advance(250);
    FakeSocket.last.accept();
    assert.deepEqual(FakeSocket.last.messages().map((m) => m.type), ['join'], 'no pre-connection, straight to the join');
    assert.equal(held.closed, true);
    assert.equal(call.peers.transports.size, 0, 'the server offers anew after joined');
  });

  it('keeps its peer connections through a lost socket and resumes them when the server kept the session', async () => {
    const { call, timers, connection } = await joinedWithSubscription();
    const url = FakeSocket.last.url;
    FakeSocket.last.drop(1006);
    assert.equal(connection.closed, false, 'media does not depend on the socket');
    timers.advance(250);
    assert.equal(FakeSocket.last.url, `${url}?resume=1`, 'the server prepares nothing for a socket that resumes');
    FakeSocket.last.accept();
    assert.deepEqual(FakeSocket.last.messages()[0],
      { type: 'join', callId: 'c1', device: 'device-1234', resume: { participantId: 'p-cust', pcs: ['sub-1'] } });
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 2, clientOffers: false, participants: [], heartbeatMs: 5000, resumed: true });
    FakeSocket.last.drop(1006);
    timers.advance(250);
    assert.equal(FakeSocket.last.url, `${url}?resume=1`, 'lost again: resumes again');
    FakeSocket.last.accept();
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 3, clientOffers: false, participants: [], heartbeatMs: 5000, resumed: true });
    assert.equal(call.peers.transports.get('sub-1'), connection, 'the same connection goes on');
    assert.equal(connection.closed, false);
    assert.equal(call.state, CallState.WAITING);
    call.leave();
  });

  it('a pre-connected join whose socket is lost later resumes on its connections (the pre-connection was consumed)', async () => {
    const { call, timers } = engine();
    call.signal.connect();
    FakeSocket.last.accept();
    FakeSocket.last.receive({ type: 'offer', pc: 'sub-1', sdp: 'v=0 offer' });
    await settle();
    const connection = call.peers.transports.get('sub-1');
    call.join();
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 1, clientOffers: false, participants: [], heartbeatMs: 5000 });
    FakeSocket.last.drop(1006);
    timers.advance(250);
    FakeSocket.last.accept();
    assert.deepEqual(FakeSocket.last.messages()[0].resume, { participantId: 'p-cust', pcs: ['sub-1'] });
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 2, clientOffers: false, participants: [], heartbeatMs: 5000, resumed: true });
    assert.equal(call.peers.transports.get('sub-1'), connection, 'the same connection goes on');
    assert.equal(connection.closed, false);
    call.leave();
  });

  it('sends the report at joined when the first frame was decoded before it (a pre-connected join)', async () => {
    const { call } = engine();
    call.signal.connect();
    FakeSocket.last.accept();
    call.join();
    call.timings.mark('first_frame'); // the held media resumed as the join began: its frame came first
    call.media.onProgress();
    assert.equal(FakeSocket.last.messages().filter((m) => m.type === 'timings').length, 0, 'not before joined');
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 1, clientOffers: false, participants: [], heartbeatMs: 5000 });
    const reports = FakeSocket.last.messages().filter((m) => m.type === 'timings');
    assert.equal(reports.length, 1);
    assert.equal(reports[0].outcome, 'connected');
    call.leave();
  });

  it('restarts ICE at once on a connection that failed while its socket was away, as soon as it resumes', async () => {
    const { call, timers, connection } = await joinedWithSubscription();
    FakeSocket.last.drop(1006);
    connection.pc.changeState('failed'); // the path died with the network: no restart can be sent now
    timers.advance(250);
    FakeSocket.last.accept();
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 2, clientOffers: false, participants: [], heartbeatMs: 5000, resumed: true });
    assert.deepEqual(FakeSocket.last.messages().filter((m) => m.type === 'restart'), [{ type: 'restart', pc: 'sub-1' }]);
    assert.equal(call.peers.transports.get('sub-1'), connection, 'repaired in place, not rebuilt');
    assert.equal(connection.closed, false);
    call.leave();
  });

  it('rebuilds at once when the server cannot restart a connection it offered', async () => {
    const { call, timers, connection } = await joinedWithSubscription();
    connection.pc.changeState('failed');
    assert.deepEqual(FakeSocket.last.messages().filter((m) => m.type === 'restart'), [{ type: 'restart', pc: 'sub-1' }]);
    const sockets = FakeSocket.instances.length;
    FakeSocket.last.receive({ type: 'error', code: 'sfu_error', message: 'This media server does not restart the connections it offers', fatal: false, ref: 'restart' });
    timers.advance(250);
    assert.equal(FakeSocket.instances.length, sockets + 1, 'not left failed until the 10 s bound');
    FakeSocket.last.accept();
    assert.deepEqual(FakeSocket.last.messages()[0], { type: 'join', callId: 'c1', device: 'device-1234' }, 'joined anew, not resumed');
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 2, clientOffers: false, participants: [], heartbeatMs: 5000 });
    assert.equal(connection.closed, true);
    call.leave();
  });

  it('restarts ICE on a connection whose path went down as soon as the network is back', async () => {
    const network = switchableNetwork();
    const { call } = engine({ network: network.port });
    call.join();
    FakeSocket.last.accept();
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 1, clientOffers: false, participants: [], heartbeatMs: 5000 });
    FakeSocket.last.receive({ type: 'offer', pc: 'sub-1', sdp: 'v=0 offer' });
    await settle();
    network.go(false);
    call.peers.transports.get('sub-1').pc.changeState('disconnected');
    assert.deepEqual(FakeSocket.last.messages().filter((m) => m.type === 'restart'), [], 'within the grace, offline');
    network.go(true);
    assert.deepEqual(FakeSocket.last.messages().filter((m) => m.type === 'restart'), [{ type: 'restart', pc: 'sub-1' }],
      'not after the browser\'s own checks or the disconnected grace');
    call.leave();
  });

  it('keeps a timeline of the socket, the join, the resume and the connections\' states', async () => {
    const { call, timers, connection } = await joinedWithSubscription();
    FakeSocket.last.drop(1006);
    connection.pc.changeState('failed');
    timers.advance(250);
    FakeSocket.last.accept();
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 2, clientOffers: false, participants: [], heartbeatMs: 5000, resumed: true });
    const entries = call.timeline.entries();
    assert.ok(entries.every((entry, i) => Number.isInteger(entry.at) && (i === 0 || entry.at >= entries[i - 1].at)), 'in order, in whole ms');
    assert.deepEqual(entries.map(({ what, detail }) => (detail === undefined ? [what] : [what, detail])), [
      ['socket_connecting', { resume: false }],
      ['socket_open'],
      ['join_sent', { resume: false }],
      ['joined', { resumed: false }],
      ['socket_lost', { code: 1006, reason: '' }],
      ['pc', { pc: 'sub-1', connection: 'failed' }],
      ['socket_connecting', { resume: true }],
      ['socket_open'],
      ['join_sent', { resume: true }],
      ['joined', { resumed: true }],
      ['pc', { pc: 'sub-1', restart: true }],
      ['keyframe_sent'],
    ]);
    call.leave();
  });

  it('sends a keyframe of its own video when the server relays another page\'s request', async () => {
    const { call } = await joinedWithSubscription();
    let refreshed = 0;
    call.peers.refreshVideo = () => { refreshed += 1; };
    FakeSocket.last.receive({ type: 'keyframe' });
    assert.equal(refreshed, 1);
    call.leave();
  });

  it('stops encoding the video it sends while the browser says it is offline', async () => {
    const network = switchableNetwork();
    const { call } = engine({ network: network.port });
    call.join();
    FakeSocket.last.accept();
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 1, clientOffers: false, participants: [], heartbeatMs: 5000 });
    const sending = [];
    call.peers.sendVideo = (on) => sending.push(on);
    network.go(false);
    network.go(false);
    network.go(true);
    assert.deepEqual(sending, [false, true], 'once per change');
    call.leave();
  });

  it('asks for keyframes when its media path is back: network back with the socket up, resumed, a connection up again', async () => {
    const network = switchableNetwork();
    const { call, timers } = engine({ network: network.port });
    const keyframes = () => FakeSocket.instances.flatMap((socket) => socket.messages()).filter((m) => m.type === 'keyframe').length;
    call.join();
    FakeSocket.last.accept();
    network.go(false);
    network.go(true);
    assert.equal(keyframes(), 0, 'not before joined');
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 1, clientOffers: false, participants: [], heartbeatMs: 5000 });
    FakeSocket.last.receive({ type: 'offer', pc: 'sub-1', sdp: 'v=0 offer' });
    await settle();
    const connection = call.peers.transports.get('sub-1');
    connection.pc.changeState('connected');
    assert.equal(keyframes(), 0, 'a first connect is no return');
    network.go(false);
    network.go(true);
    assert.equal(keyframes(), 1, 'the network is back: at once, beside the probe of the socket');
    connection.pc.changeState('disconnected');
    connection.pc.changeState('connected');
    assert.equal(keyframes(), 2, 'the connection is up again');
    FakeSocket.last.drop(1006);
    connection.pc.changeState('failed');
    connection.pc.changeState('connected'); // back while the socket is away: nothing can go now
    assert.equal(keyframes(), 2);
    timers.advance(250);
    FakeSocket.last.accept();
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 2, clientOffers: false, participants: [], heartbeatMs: 5000, resumed: true });
    assert.equal(keyframes(), 3, 'resumed');
    call.leave();
  });

  it('rebuilds its peer connections when the server had nothing to resume', async () => {
    const { call, timers, connection } = await joinedWithSubscription();
    FakeSocket.last.drop(1006);
    timers.advance(250);
    FakeSocket.last.accept();
    FakeSocket.last.receive({ type: 'joined', participantId: 'p-cust', join: 2, clientOffers: false, participants: [], heartbeatMs: 5000, resumed: false });
    assert.equal(connection.closed, true, 'the old connections are closed');
    assert.equal(call.peers.transports.size, 0, 'the server offers anew');
    FakeSocket.last.drop(4503);
    timers.advance(250);
    assert.equal(FakeSocket.last.url.includes('resume'), false, 'a socket that rebuilds gets media prepared');
    FakeSocket.last.accept();
    assert.deepEqual(FakeSocket.last.messages()[0], { type: 'join', callId: 'c1', device: 'device-1234' },
      'after the SFU lost the session (4503) there is nothing to resume');
    call.leave();
  });

  it('is the one that puts the media side\'s answers and candidates on the socket', async () => {
    const { call } = engine();
    call.join();
    const socket = FakeSocket.last;
    socket.accept();
    assert.deepEqual(socket.messages()[0], { type: 'join', callId: 'c1', device: 'device-1234' });
    socket.receive({ type: 'joined', join: 1, clientOffers: false, participants: [], heartbeatMs: 5000 });
    socket.receive({ type: 'offer', pc: 'sub-1', sdp: 'v=0 offer' });
    await settle();
    call.peers.transports.get('sub-1').pc.onicecandidate({ candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.2 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
    const sent = socket.messages().map(({ type, pc, sdp }) => [type, pc, sdp]);
    assert.deepEqual(sent.filter(([type]) => type === 'answer' || type === 'candidate'),
      [['answer', 'sub-1', 'answer'], ['candidate', 'sub-1', undefined]]);
    call.leave();
    assert.equal(call.state, CallState.ENDED);
  });

  it('names the service as the cause when the server closed with 4503 before the client gave up', async () => {
    const { call, timers } = engine();
    call.join();
    FakeSocket.last.accept();
    FakeSocket.last.drop(4503);
    await failUntilGivenUp(call, timers);
    assert.equal(call.state, CallState.FAILED);
    assert.deepEqual(call.detail, { code: 'service_lost' });
  });

  it('names the service as the cause when the session endpoint answered that it is in trouble', async () => {
    const checked = [];
    const { call, timers } = engine({ checkSession: async () => { checked.push(timers.now()); throw new SessionError('store_unavailable', { status: 503 }); } });
    call.join();
    await failUntilGivenUp(call, timers);
    assert.ok(checked.length >= 1, 'the session was re-checked while the socket failed to open');
    assert.deepEqual(call.detail, { code: 'service_lost' });
  });

  it('ends on the session endpoint\'s word when the socket keeps failing because the link is no good', async () => {
    const { call, timers } = engine({ checkSession: async () => { throw new SessionError('token_revoked', { status: 403 }); } });
    call.join();
    await failUntilGivenUp(call, timers);
    assert.deepEqual(call.detail, { code: 'token_revoked' });
    assert.ok(timers.now() < 10_000, `ended at ${timers.now()} ms, not after the 60 s window`);
  });

  it('keeps the network words when nothing answered, and after a socket that opened again', async () => {
    const offline = engine({ checkSession: async () => { throw new SessionError('network'); } });
    offline.call.join();
    await failUntilGivenUp(offline.call, offline.timers);
    assert.deepEqual(offline.call.detail, { code: 'connection_lost' });

    FakeSocket.reset();
    const { call, timers } = engine();
    call.join();
    FakeSocket.last.drop(4503); // the service was in trouble …
    timers.advance(250);
    FakeSocket.last.accept(); // … and came back: the next loss starts unknown
    FakeSocket.last.drop(1006);
    await failUntilGivenUp(call, timers);
    assert.deepEqual(call.detail, { code: 'connection_lost' });
  });
});
