import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';

import { Peers, PUBLISH_PC } from '../../main/web/js/call/peers.js';
import { TimingsCollector } from '../../main/web/js/call/timings.js';
import { FakePeerConnection } from './support/fakes.js';

/** The engine's send port, recording what would go to the server. */
function fakeSend() {
  const sent = [];
  const record = (type) => (...args) => { sent.push([type, ...args]); return true; };
  return { sent, offer: record('offer'), answer: record('answer'), candidate: record('candidate'), restart: record('restart') };
}

function setup({ tracks = [{ kind: 'audio' }, { kind: 'video' }] } = {}) {
  const signal = fakeSend();
  const timings = new TimingsCollector();
  const events = [];
  const local = {
    stream: {},
    tracks: { audio: tracks.find((t) => t.kind === 'audio') || null, video: tracks.find((t) => t.kind === 'video') || null },
    liveTracks: () => tracks,
  };
  const peers = new Peers({
    send: signal, local, timings, emit: (name, detail) => events.push([name, detail]), onFailed: (why) => events.push(['failed', why]),
    transportOptions: { RTCPeerConnectionImpl: FakePeerConnection },
  });
  return { peers, signal, timings, events, local };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const candidate = (n) => ({ candidate: `candidate:${n} 1 udp 1 192.0.2.2 ${50000 + n} typ host`, sdpMid: '0', sdpMLineIndex: 0 });

/** Pre-connected with the camera open: the publishing offer is prepared and goes early; its connection. */
async function publishedEarly(peers) {
  peers.preconnect();
  const prepared = peers.preparePublish();
  const transport = peers.transports.get(PUBLISH_PC);
  transport.pc.finishGathering();
  await prepared;
  await tick();
  return transport;
}

describe('Peers', () => {
  it('repairs a failed media path by an ICE restart on the same connections, and gives up only when that does not bring it back', async () => {
    const { peers, signal, events } = setup();
    await peers.onJoined({ clientOffers: true });
    await peers.handleAnswer({ pc: PUBLISH_PC, sdp: 'answer' });
    await peers.handleOffer({ pc: 'sub-1', sdp: 'v=0 offer' });
    const publisher = peers.transports.get(PUBLISH_PC);
    const subscription = peers.transports.get('sub-1');
    publisher.candidatesInSdp = true; // as when the join's offer carried its gathered candidates
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      subscription.pc.changeState('failed');
      assert.deepEqual(signal.sent.at(-1), ['restart', 'sub-1'], 'a server-offered connection asks the server');
      publisher.pc.changeState('disconnected');
      mock.timers.tick(2999);
      assert.equal(signal.sent.filter(([type]) => type === 'offer').length, 1, 'a short outage mends itself');
      mock.timers.tick(1);
      await new Promise((resolve) => setImmediate(resolve)); // (setTimeout is mocked here)
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(signal.sent.at(-1), ['offer', PUBLISH_PC, 'offer with 2 m-lines, new ICE credentials']);
      assert.equal(publisher.pc.offerOptions.iceRestart, true);
      publisher.pc.onicecandidate({ candidate: candidate(7) });
      assert.deepEqual(signal.sent.at(-1), ['candidate', PUBLISH_PC, candidate(7)], 'the restart\'s candidates trickle');
      publisher.pc.changeState('connected'); // the publisher came back
      mock.timers.tick(10_000);
      assert.deepEqual(events.filter(([name]) => name === 'failed'), [['failed', 'media_failed']],
        'the subscription did not come back within the bound: given up (rebuilt); the publisher is fine');
      assert.equal(peers.transports.get('sub-1'), subscription, 'until then the same connection');
    } finally {
      mock.timers.reset();
    }
  });

  it('gives a server-offered connection up at once when the server cannot restart it, not at the bound', async () => {
    const { peers, signal, events } = setup();
    await peers.onJoined({ clientOffers: true });
    await peers.handleAnswer({ pc: PUBLISH_PC, sdp: 'answer' });
    await peers.handleOffer({ pc: 'sub-1', sdp: 'v=0 offer' });
    const failed = () => events.filter(([name]) => name === 'failed');
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      peers.restartRefused();
      assert.deepEqual(failed(), [], 'nothing was restarting');
      peers.transports.get(PUBLISH_PC).pc.changeState('failed');
      await new Promise((resolve) => setImmediate(resolve));
      peers.restartRefused();
      assert.deepEqual(failed(), [], 'our own restart is an offer of ours, not refused by this');
      peers.transports.get('sub-1').pc.changeState('failed');
      assert.deepEqual(signal.sent.at(-1), ['restart', 'sub-1']);
      peers.restartRefused();
      assert.deepEqual(failed(), [['failed', 'media_failed']], 'rebuilt now');
      peers.transports.get(PUBLISH_PC).pc.changeState('connected');
      mock.timers.tick(10_000);
      assert.equal(failed().length, 1, 'and not again at the bound');
    } finally {
      mock.timers.reset();
    }
  });

  it('does not begin the publisher\'s ICE restart while nothing can carry its offer, and restarts it once something can', async () => {
    const { peers, signal, events } = setup();
    let ready = true;
    signal.ready = () => ready;
    await peers.onJoined({ clientOffers: true });
    await peers.handleAnswer({ pc: PUBLISH_PC, sdp: 'answer' });
    const publisher = peers.transports.get(PUBLISH_PC);
    ready = false; // the socket is away
    publisher.pc.changeState('failed');
    await tick();
    assert.equal(publisher.pc.offerOptions?.iceRestart, undefined, 'no restart offer made');
    assert.equal(signal.sent.filter(([type]) => type === 'offer').length, 1, 'only the first publish');
    assert.deepEqual(events.filter(([name]) => name === 'failed'), [['failed', 'media_failed']], 'left to the resume (the engine ignores it then)');
    ready = true; // resumed
    peers.repairDown();
    await tick();
    await tick();
    assert.deepEqual(signal.sent.at(-1), ['offer', PUBLISH_PC, 'offer with 2 m-lines, new ICE credentials']);
    assert.equal(publisher.pc.offerOptions.iceRestart, true);
  });

  it('stops encoding the video it publishes while the browser is offline, and starts it again online', async () => {
    const { peers } = setup();
    await peers.onJoined({ clientOffers: true });
    await peers.handleAnswer({ pc: PUBLISH_PC, sdp: 'answer' });
    await peers.handleOffer({ pc: 'sub-1', sdp: 'v=0 offer' });
    const [audio, video] = peers.transports.get(PUBLISH_PC).pc.transceivers;
    await peers.sendVideo(false);
    assert.deepEqual(video.sender.encodings, [{ active: false }], 'nothing encoded to arrive late after the outage');
    await peers.sendVideo(true);
    assert.deepEqual(video.sender.encodings, [{ active: true }]);
    assert.deepEqual(audio.sender.parameters, [], 'audio goes on');
    for (const received of peers.transports.get('sub-1').pc.transceivers) assert.deepEqual(received.sender.parameters, []);
    peers.sendVideo(false);
    await peers.sendVideo(true); // online again before the offline's change was applied
    assert.deepEqual(video.sender.encodings, [{ active: true }], 'the last word wins');
  });

  it('starts the video it publishes again, with a keyframe, when another page asks; at most every 300 ms, never while offline', async () => {
    const { peers } = setup();
    await peers.onJoined({ clientOffers: true });
    await peers.handleAnswer({ pc: PUBLISH_PC, sdp: 'answer' });
    const [audio, video] = peers.transports.get(PUBLISH_PC).pc.transceivers;
    const actives = () => video.sender.parameters.map((parameters) => parameters.encodings[0].active);
    await peers.connections.refreshVideo(1000);
    assert.deepEqual(actives(), [false, true], 'stopped and started: libwebrtc starts it with a keyframe');
    await peers.connections.refreshVideo(1299);
    assert.deepEqual(actives(), [false, true], 'not again within 300 ms');
    await peers.connections.refreshVideo(1300);
    assert.deepEqual(actives(), [false, true, false, true]);
    await peers.sendVideo(false);
    await peers.connections.refreshVideo(5000);
    assert.deepEqual(actives(), [false, true, false, true, false], 'offline: stays stopped');
    assert.deepEqual(audio.sender.parameters, []);
  });

  it('sends the candidates of the publisher\'s ICE restart only after the restart\'s offer, even when the browser reports them first', async () => {
    const { peers, signal } = setup();
    await peers.onJoined({ clientOffers: true });
    await peers.handleAnswer({ pc: PUBLISH_PC, sdp: 'answer' });
    const publisher = peers.transports.get(PUBLISH_PC);
    let applied;
    const setLocal = publisher.pc.setLocalDescription.bind(publisher.pc);
    publisher.pc.setLocalDescription = (description) => new Promise((resolve) => { applied = () => setLocal(description).then(resolve); });
    assert.equal(peers.restartIce(PUBLISH_PC), true);
    await tick();
    publisher.pc.onicecandidate({ candidate: candidate(8) }); // gathering began before setLocalDescription resolved
    assert.deepEqual(signal.sent.filter(([type]) => type === 'candidate'), [], 'held: Janus would drop it with the restart');
    applied();
    await tick();
    assert.deepEqual(signal.sent.slice(-2), [
      ['offer', PUBLISH_PC, 'offer with 2 m-lines, new ICE credentials'],
      ['candidate', PUBLISH_PC, candidate(8)],
    ]);
    publisher.pc.onicecandidate({ candidate: candidate(9) });
    assert.deepEqual(signal.sent.at(-1), ['candidate', PUBLISH_PC, candidate(9)], 'later ones go at once');
  });

  it('restarts the publisher again when the SFU is not heard after a restart that Chromium calls connected', async () => {
    const { peers, signal, events } = setup();
    await peers.onJoined({ clientOffers: true });
    await peers.handleAnswer({ pc: PUBLISH_PC, sdp: 'answer' });
    const publisher = peers.transports.get(PUBLISH_PC);
    let received = 1000;
    publisher.pc.getStats = async () => new Map([['T01', { type: 'transport', bytesReceived: received }]]);
    const restarts = () => signal.sent.filter(([type]) => type === 'offer').length - 1;
    const settle = async () => { for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve)); };
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      publisher.pc.changeState('failed');
      await settle();
      assert.equal(restarts(), 1);
      publisher.pc.changeState('connected'); // Chromium says so; the SFU sends nothing that arrives
      mock.timers.tick(1500);
      await settle();
      await settle();
      assert.equal(restarts(), 2, 'not heard: restarted again');
      assert.deepEqual(events.filter(([name, detail]) => name === 'transport-state' && detail.unproven).length, 1);
      publisher.pc.changeState('connected');
      received += 300; // the SFU's RTCP arrives
      mock.timers.tick(1500);
      await settle();
      await settle();
      assert.equal(restarts(), 2, 'heard: the restart took');
      assert.deepEqual(events.filter(([name]) => name === 'failed'), []);
    } finally {
      mock.timers.reset();
    }
  });

  it('prepares the publishing offer before the join, with the gathered candidates in its SDP', async () => {
    const { peers, signal } = setup();
    const prepared = peers.preparePublish();
    peers.transports.get(PUBLISH_PC).pc.finishGathering();
    assert.equal((await prepared).complete, true);
    const offer = peers.takeOfferForJoin();
    assert.deepEqual(offer, { pc: 'pub', sdp: 'offer with 2 m-lines' });
    assert.equal(peers.takeOfferForJoin(), undefined, 'the offer goes out once');
    // candidates that the SDP already carries are not trickled; the end of them is
    peers.transports.get(PUBLISH_PC).pc.onicecandidate({ candidate: candidate(1) });
    peers.transports.get(PUBLISH_PC).pc.onicecandidate({ candidate: null });
    await peers.onJoined({ clientOffers: true });
    assert.deepEqual(signal.sent, [['candidate', 'pub', null]]);
  });

  it('holds local candidates until joined and the offer is out, then trickles them after it', async () => {
    const { peers, signal } = setup();
    peers.preparePublish({ gatherMs: 0 });
    await tick();
    const pc = peers.transports.get(PUBLISH_PC).pc;
    pc.onicecandidate({ candidate: candidate(1) });
    pc.onicecandidate({ candidate: null });
    assert.deepEqual(signal.sent, []);
    await peers.onJoined({ clientOffers: true });
    assert.deepEqual(signal.sent.map(([type, id, x]) => [type, id, type === 'candidate' ? x : undefined]),
      [['offer', 'pub', undefined], ['candidate', 'pub', candidate(1)], ['candidate', 'pub', null]]);
  });

  it('drops a prepared publisher when the server offers instead', async () => {
    const { peers, signal } = setup();
    peers.preparePublish({ gatherMs: 0 });
    await tick();
    peers.transports.get(PUBLISH_PC).pc.onicecandidate({ candidate: candidate(1) });
    await peers.onJoined({ clientOffers: false });
    assert.deepEqual(signal.sent, []);
    assert.equal(peers.transports.has(PUBLISH_PC), false);
  });

  it('redoes a prepared offer when a camera appears before the join', async () => {
    const tracks = [{ kind: 'audio' }];
    const { peers } = setup({ tracks });
    await peers.preparePublish({ gatherMs: 0 });
    tracks.push({ kind: 'video' });
    assert.equal(peers.takeOfferForJoin(), undefined, 'an audio-only offer does not go out for audio+video');
    peers.refreshPrepared();
    await peers.prepared;
    await tick();
    assert.deepEqual(peers.takeOfferForJoin(), { pc: 'pub', sdp: 'offer with 2 m-lines' });
  });

  it('publishes after joined when the offer was not ready for the join', async () => {
    const { peers, signal, timings } = setup();
    const started = Date.now();
    await peers.onJoined({ clientOffers: true });
    assert.ok(Date.now() - started < 100, 'after the join, the offer does not wait for ICE gathering');
    assert.equal(signal.sent[0][0], 'offer');
    assert.equal(signal.sent[0][1], 'pub');
    assert.ok(timings.has('publish_offer'));
    await peers.handleAnswer({ pc: 'pub', sdp: 'v=0 answer' });
    assert.ok(timings.has('publish_answer'));
  });

  it('applies the publishing answer only after a subscription being answered is answered', async () => {
    const { peers, signal } = setup();
    await peers.onJoined({ clientOffers: true });
    const order = [];
    let releaseOffer;
    const offerApplied = new Promise((resolve) => { releaseOffer = resolve; });
    const original = FakePeerConnection.prototype.setRemoteDescription;
    FakePeerConnection.prototype.setRemoteDescription = async function slow(description) {
      if (description.type === 'offer') await offerApplied;
      order.push(`${description.type} applied`);
      return original.call(this, description);
    };
    try {
      const subscription = peers.handleOffer({ pc: 'sub-agent', sdp: 'v=0 offer', attachLocalMedia: false });
      const answer = peers.handleAnswer({ pc: PUBLISH_PC, sdp: 'v=0 answer' });
      await tick();
      assert.deepEqual(order, [], 'the publish answer waits for the subscription');
      releaseOffer();
      await Promise.all([subscription, answer]);
      assert.deepEqual(order, ['offer applied', 'answer applied']);
      assert.equal(signal.sent.filter(([type]) => type === 'answer').length, 1);
    } finally {
      FakePeerConnection.prototype.setRemoteDescription = original;
    }
  });

  it('pre-connects: answers a server offer before joined, trickles its candidates and marks the pre-connection\'s phases', async () => {
    const { peers, signal, timings } = setup();
    peers.preconnect();
    await peers.handleOffer({ pc: 'sub-agent', sdp: 'v=0 offer', attachLocalMedia: false, participantId: 'agent-1' });
    const transport = peers.transports.get('sub-agent');
    transport.pc.onicecandidate({ candidate: candidate(3) });
    assert.deepEqual(signal.sent, [['answer', 'sub-agent', 'answer'], ['candidate', 'sub-agent', candidate(3)]]);
    transport.pc.iceConnectionState = 'connected';
    transport.pc.oniceconnectionstatechange();
    transport.pc.connectionState = 'connected';
    transport.pc.onconnectionstatechange();
    assert.ok(timings.has('pre_ice_connected') && timings.has('pre_dtls_connected'));
    assert.equal(timings.has('ice_connected') || timings.has('dtls_connected'), false);

    assert.equal(peers.joinClicked(), true, 'up at the click');
    // the publisher connecting after the click is no phase of a pre-connected join
    peers.preparePublish({ gatherMs: 0 });
    await tick();
    const publisher = peers.transports.get(PUBLISH_PC).pc;
    publisher.iceConnectionState = 'connected';
    publisher.oniceconnectionstatechange();
    assert.equal(timings.has('ice_connected'), false);
  });

  it('a click before the pre-connection is up is no pre-connected join: its connections are the join\'s phases', async () => {
    const { peers, timings } = setup();
    peers.preconnect();
    await peers.handleOffer({ pc: 'sub-agent', sdp: 'v=0 offer', attachLocalMedia: false });
    assert.equal(peers.joinClicked(), false);
    const transport = peers.transports.get('sub-agent');
    transport.pc.iceConnectionState = 'connected';
    transport.pc.oniceconnectionstatechange();
    assert.ok(timings.has('ice_connected'));
    assert.equal(timings.has('pre_ice_connected'), false);
  });

  it('re-targets before the click: a held subscription closed and a new one offered, the new one\'s video is watched from the click', async () => {
    const { peers } = setup();
    peers.preconnect();
    await peers.handleOffer({ pc: 'sub-1', sdp: 'v=0 offer', attachLocalMedia: false });
    const old = peers.transports.get('sub-1');
    old.onTrack({ track: { kind: 'video' }, stream: {} });
    assert.equal(peers.connections.heldVideo.transport, old);
    peers.handlePcClosed({ pc: 'sub-1' }); // the agent republished: its old feed is gone
    assert.equal(peers.connections.heldVideo, null);
    await peers.handleOffer({ pc: 'sub-2', sdp: 'v=0 offer', attachLocalMedia: false });
    const fresh = peers.transports.get('sub-2');
    fresh.onTrack({ track: { kind: 'video' }, stream: {} });
    assert.equal(peers.connections.heldVideo.transport, fresh);
    peers.joinClicked();
    assert.ok(peers.connections.firstFrame, 'the new subscription\'s first frame is watched');
  });

  it('a fresh pre-connection drops the connections of the previous socket\'s', async () => {
    const { peers } = setup();
    peers.preconnect();
    await peers.handleOffer({ pc: 'sub-agent', sdp: 'v=0 offer', attachLocalMedia: false });
    const old = peers.transports.get('sub-agent');
    peers.preconnect();
    assert.equal(peers.transports.has('sub-agent'), false);
    assert.equal(old.closed, true);
  });

  it('answers the first server offer on the connection it made in advance', async () => {
    const { peers, signal } = setup();
    peers.prepareSubscription();
    const spare = peers.spare;
    await peers.onJoined({ clientOffers: false });
    await peers.handleOffer({ pc: 'sub-agent', sdp: 'v=0 offer', attachLocalMedia: false });
    assert.equal(peers.transports.get('sub-agent'), spare);
    assert.equal(spare.id, 'sub-agent');
    assert.equal(peers.spare, null);
    assert.deepEqual(signal.sent.at(-1), ['answer', 'sub-agent', 'answer']);
  });

  it('answers a server offer, marking the subscribe phases, with candidates that came first', async () => {
    const { peers, signal, timings } = setup();
    await peers.onJoined({ clientOffers: false });
    peers.handleCandidate({ pc: 'sub-agent', candidate: candidate(7) });
    await peers.handleOffer({ pc: 'sub-agent', sdp: 'v=0 offer', attachLocalMedia: false, participantId: 'agent-1' });
    assert.deepEqual(signal.sent.at(-1), ['answer', 'sub-agent', 'answer']);
    assert.deepEqual(peers.transports.get('sub-agent').pc.added, [candidate(7)]);
    assert.ok(timings.get('subscribe_offer') <= timings.get('subscribe_answer'));
    assert.equal(peers.transports.get('sub-agent').sendsLocalMedia, false);
  });

  it('puts local media on a server offer that asks for it (one connection for everything)', async () => {
    const { peers, local } = setup();
    peers.joinClicked();
    await peers.onJoined({ clientOffers: false });
    await peers.handleOffer({ pc: 'bridge', sdp: 'v=0 offer', attachLocalMedia: true });
    const transport = peers.transports.get('bridge');
    assert.equal(transport.sendsLocalMedia, true);
    assert.deepEqual(transport.pc.transceivers.map((t) => t.direction), ['sendrecv', 'sendrecv']);
    assert.deepEqual(transport.pc.transceivers.map((t) => t.sender.track), [local.tracks.audio, local.tracks.video]);
  });

  it('pre-connects a connection that carries our media with nothing sent: the tracks go at the click', async () => {
    const { peers, local } = setup();
    peers.preconnect();
    await peers.handleOffer({ pc: 'bridge', sdp: 'v=0 offer', attachLocalMedia: true });
    const transport = peers.transports.get('bridge');
    assert.deepEqual(transport.pc.transceivers.map((t) => t.direction), ['sendrecv', 'sendrecv'], 'set up to send');
    assert.deepEqual(transport.pc.transceivers.map((t) => t.sender.track), [null, null], 'nothing leaves before the click');
    peers.joinClicked();
    await tick();
    assert.deepEqual(transport.pc.transceivers.map((t) => t.sender.track), [local.tracks.audio, local.tracks.video]);
  });

  it('pre-connected, publishes before the click with its tracks detached; the tracks go at the click, the join carries no offer', async () => {
    const { peers, signal, local, timings } = setup();
    const prepared = peers.preparePublish(); // the camera opened before the socket
    const publisher = peers.transports.get(PUBLISH_PC);
    publisher.pc.finishGathering();
    await prepared;
    await tick();
    assert.deepEqual(signal.sent, [], 'nothing goes before preconnect');
    peers.preconnect();
    await tick();
    assert.deepEqual(signal.sent, [['offer', PUBLISH_PC, 'offer with 2 m-lines']]);
    assert.deepEqual(publisher.pc.transceivers.map((t) => t.sender.track), [null, null], 'nothing leaves before the click');
    await peers.handleAnswer({ pc: PUBLISH_PC, sdp: 'answer' });
    assert.equal(publisher.pc.remoteDescription.sdp, 'answer', 'applied at once: no subscription is decoding yet');
    await peers.replaceTrack('video', { kind: 'video', id: 'flipped' });
    assert.deepEqual(publisher.pc.transceivers.map((t) => t.sender.track), [null, null], 'a camera switch sends nothing either');
    assert.equal(timings.has('publish_offer') || timings.has('publish_answer'), false, 'no phase of the join');

    peers.joinClicked();
    await tick();
    assert.deepEqual(publisher.pc.transceivers.map((t) => t.sender.track), [local.tracks.audio, local.tracks.video]);
    assert.equal(peers.takeOfferForJoin(), undefined, 'the join carries no offer');
    await peers.onJoined({ clientOffers: true });
    assert.equal(signal.sent.filter(([type]) => type === 'offer').length, 1, 'published once');
  });

  it('an early publication the server refused rides in the join instead', async () => {
    const { peers, signal, local } = setup();
    await publishedEarly(peers);
    assert.equal(signal.sent.length, 1);
    peers.publishRefused(); // the server's not_joined (ref offer): it did not hold our media
    peers.preconnect(); // a new socket during the preview: not tried again
    await tick();
    assert.equal(signal.sent.length, 1);
    peers.joinClicked();
    await tick();
    assert.deepEqual(peers.takeOfferForJoin(), { pc: PUBLISH_PC, sdp: 'offer with 2 m-lines' });
    assert.deepEqual(peers.transports.get(PUBLISH_PC).pc.transceivers.map((t) => t.sender.track), [local.tracks.audio, local.tracks.video]);
  });

  it('an early publication given back before the click (pc-closed), or made on a socket since replaced, is prepared again', async () => {
    const { peers, signal } = setup();
    const first = await publishedEarly(peers);
    peers.handlePcClosed({ pc: PUBLISH_PC });
    assert.equal(first.closed, true);
    const second = peers.transports.get(PUBLISH_PC);
    assert.ok(second && second !== first, 'a new publishing connection is prepared');
    second.pc.finishGathering();
    await peers.prepared;
    await tick();
    assert.equal(signal.sent.filter(([type]) => type === 'offer').length, 2, 'and offered early again');
    peers.preconnect(); // a new socket: the old session is gone with its socket
    assert.equal(second.closed, true);
    assert.ok(peers.transports.get(PUBLISH_PC) !== second);
  });

  it('a click while the early publication is detaching its tracks (right after the session was given back) sends both tracks', async () => {
    const { peers, signal, local } = setup();
    await publishedEarly(peers);
    peers.handlePcClosed({ pc: PUBLISH_PC }); // preconnect-hold: the server gave the pre-connection back
    const second = peers.transports.get(PUBLISH_PC);
    second.pc.finishGathering();
    await peers.prepared; // prepared again: its early publication is detaching its tracks now
    assert.deepEqual(second.pc.transceivers.map((t) => t.sender.track), [null, local.tracks.video], 'mid-detach');
    peers.joinClicked(); // the click, meanwhile
    assert.equal(peers.takeOfferForJoin(), undefined, 'the offer is taken by the early publication');
    await tick();
    await tick();
    assert.deepEqual(second.pc.transceivers.map((t) => t.sender.track), [local.tracks.audio, local.tracks.video],
      'the click\'s tracks stay attached: the detach finishing later takes none away');
    assert.equal(signal.sent.filter(([type]) => type === 'offer').length, 1, 'the early offer did not go after the click');
    await peers.onJoined({ clientOffers: true });
    assert.deepEqual(signal.sent.filter(([type]) => type === 'offer').at(-1), ['offer', PUBLISH_PC, 'offer with 2 m-lines'],
      'published after joined, as without pre-connection');
    assert.deepEqual(second.pc.transceivers.map((t) => t.sender.track), [local.tracks.audio, local.tracks.video]);
  });

  it('waits for the camera being opened before answering a server offer that carries our media', async () => {
    const { peers, signal, local } = setup({ tracks: [] });
    let opened;
    local.starting = true;
    local.whenStarted = () => new Promise((resolve) => { opened = resolve; });
    await peers.onJoined({ clientOffers: false });
    const answering = peers.handleOffer({ pc: 'bridge', sdp: 'v=0 offer', attachLocalMedia: true });
    await tick();
    assert.deepEqual(signal.sent, [], 'no answer while the camera is being opened');
    local.tracks = { audio: { kind: 'audio' }, video: { kind: 'video' } };
    local.starting = false;
    opened();
    await answering;
    const transport = peers.transports.get('bridge');
    assert.equal(transport.sendsLocalMedia, true, 'the answer sends the tracks that arrived meanwhile');
    assert.deepEqual(transport.pc.transceivers.map((t) => t.direction), ['sendrecv', 'sendrecv']);
    assert.deepEqual(signal.sent.map(([type]) => type), ['answer']);
  });

  it('publishes again when the SFU closes the publishing connection, a bounded number of times', async () => {
    const { peers, signal } = setup();
    await peers.onJoined({ clientOffers: true });
    const offers = () => signal.sent.filter(([type]) => type === 'offer').length;
    for (let i = 0; i < 5; i++) {
      await tick();
      await tick();
      peers.handlePcClosed({ pc: PUBLISH_PC });
    }
    assert.equal(offers(), 4, 'the first offer and three more');
  });

  it('closes everything it opened', async () => {
    const { peers } = setup();
    await peers.onJoined({ clientOffers: false });
    await peers.handleOffer({ pc: 'sub-agent', sdp: 'v=0 offer' });
    const pc = peers.transports.get('sub-agent').pc;
    peers.closeAll();
    assert.equal(pc.closed, true);
    assert.equal(peers.transports.size, 0);
  });
});
