import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PeerTransport } from '../../main/web/js/media/transport.js';
import { FakePeerConnection } from './support/fakes.js';

const transport = (id = 'sub-1') => new PeerTransport(id, { RTCPeerConnectionImpl: FakePeerConnection });
const candidate = (n) => ({ candidate: `candidate:${n} 1 udp 1 192.0.2.2 ${50000 + n} typ host`, sdpMid: '0', sdpMLineIndex: 0 });

describe('PeerTransport', () => {
  it('queues remote candidates until the remote description is set, then adds them in order', async () => {
    const t = transport();
    await t.addRemoteCandidate(candidate(1));
    await t.addRemoteCandidate(candidate(2));
    await t.addRemoteCandidate(null);
    assert.deepEqual(t.pc.added, []);
    const answer = await t.answerOffer('v=0 offer');
    assert.equal(answer, 'answer');
    await t.flushed;
    assert.deepEqual(t.pc.added, [candidate(1), candidate(2), 'end']);
    await t.addRemoteCandidate(candidate(3));
    assert.deepEqual(t.pc.added.at(-1), candidate(3), 'after the offer, candidates go straight in');
  });

  it('queues candidates that arrive before the answer to its own offer', async () => {
    const t = transport('pub');
    t.publish([{ kind: 'audio' }, { kind: 'video' }]);
    await t.createOffer();
    await t.addRemoteCandidate(candidate(1));
    assert.deepEqual(t.pc.added, []);
    await t.acceptAnswer('v=0 answer');
    assert.deepEqual(t.pc.added, [candidate(1)]);
    assert.equal(t.sendsLocalMedia, true);
    assert.deepEqual(t.sentKinds(), ['audio', 'video']);
  });

  it('queues candidates that arrive before the answer to its ICE restart: they belong to the new ICE generation', async () => {
    const t = transport('pub');
    t.publish([{ kind: 'audio' }, { kind: 'video' }]);
    await t.createOffer();
    await t.acceptAnswer('v=0 answer');
    await t.addRemoteCandidate(candidate(1));
    assert.deepEqual(t.pc.added, [candidate(1)]);
    await t.restartIce();
    await t.addRemoteCandidate(candidate(2));
    await t.addRemoteCandidate(null);
    assert.deepEqual(t.pc.added, [candidate(1)], 'not added to the old generation');
    await t.acceptAnswer('v=0 answer, new ICE credentials');
    assert.deepEqual(t.pc.added, [candidate(1), candidate(2), 'end']);
  });

  it('sends local media on the first audio and video transceivers of a server offer when asked', async () => {
    const t = transport('bridge');
    const audio = { kind: 'audio' };
    const video = { kind: 'video' };
    await t.answerOffer('v=0 offer', { audio, video, stream: {} });
    const [a, v] = t.pc.transceivers;
    assert.equal(a.direction, 'sendrecv');
    assert.equal(v.direction, 'sendrecv');
    assert.equal(a.sender.track, audio);
    assert.equal(v.sender.track, video);
    assert.equal(t.sendsLocalMedia, true);
  });

  it('only receives on a plain subscription offer', async () => {
    const t = transport();
    await t.answerOffer('v=0 offer');
    assert.deepEqual(t.pc.transceivers.map((x) => x.direction), ['recvonly', 'recvonly']);
    assert.equal(t.sendsLocalMedia, false);
  });

  it('answers a=setup:passive when the SFU asks to start DTLS, and active otherwise', async () => {
    const answerSdp = 'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=setup:active\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:active\r\n';
    const passive = transport();
    passive.pc.createAnswer = async () => ({ type: 'answer', sdp: answerSdp });
    const sent = await passive.answerOffer('v=0 offer', null, { setup: 'passive' });
    assert.equal(sent.match(/a=setup:passive/g).length, 2);
    assert.equal(sent.includes('a=setup:active'), false);

    const plain = transport();
    plain.pc.createAnswer = async () => ({ type: 'answer', sdp: answerSdp });
    assert.equal(await plain.answerOffer('v=0 offer'), answerSdp);
  });

  it('swaps the sent track of a kind without renegotiating', async () => {
    const t = transport('pub');
    t.publish([{ kind: 'audio' }, { kind: 'video' }]);
    const camera = { kind: 'video' };
    await t.replaceTrack('video', camera);
    assert.equal(t.pc.transceivers[1].sender.track, camera);
    assert.equal(t.pc.transceivers[0].sender.replaced.length, 0);
  });

  it('stops and resumes encoding the video it sends, and leaves audio and received video alone', async () => {
    const t = transport('pub');
    t.publish([{ kind: 'audio' }, { kind: 'video' }]);
    const receivedVideo = t.pc.addTransceiver('video', { direction: 'recvonly' });
    const [audio, video] = t.pc.transceivers;
    await t.setVideoActive(false);
    assert.deepEqual(video.sender.encodings, [{ active: false }]);
    await t.setVideoActive(false);
    assert.equal(video.sender.parameters.length, 1, 'already stopped: not set again');
    await t.setVideoActive(true);
    assert.deepEqual(video.sender.encodings, [{ active: true }]);
    for (const other of [audio, receivedVideo]) assert.deepEqual(other.sender.parameters, []);
  });

  it('reports local candidates without their username fragment, and the end of gathering', () => {
    const t = transport();
    const seen = [];
    t.onLocalCandidate = (c) => seen.push(c);
    t.pc.onicecandidate({ candidate: { ...candidate(1), usernameFragment: 'abc' } });
    t.pc.onicecandidate({ candidate: { candidate: '', sdpMid: '0', sdpMLineIndex: 0 } });
    t.pc.onicecandidate({ candidate: null });
    assert.deepEqual(seen, [candidate(1), null]);
  });

  it('waits for ICE gathering (bounded) before handing out an offer for the join', async () => {
    const t = transport('pub');
    t.publish([{ kind: 'audio' }]);
    await t.createOffer();
    const waiting = t.gatheredLocalSdp(5000);
    t.pc.finishGathering();
    assert.deepEqual(await waiting, { sdp: 'offer with 1 m-lines', complete: true });
    const slow = transport('pub');
    await slow.createOffer();
    assert.equal((await slow.gatheredLocalSdp(10)).complete, false);
  });

  it('closes once and stops reporting', () => {
    const t = transport();
    let states = 0;
    t.onIceState = () => { states += 1; };
    t.close();
    t.close();
    t.pc.oniceconnectionstatechange();
    assert.equal(t.pc.closed, true);
    assert.equal(states, 0);
  });
});
