import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decode, encode, EnvelopeError, MAX_MESSAGE_BYTES, subprotocols, withResume } from '../../main/web/js/signaling/envelope.js';

describe('envelope', () => {
  it('marks the socket URL of a page that resumes, keeping any query it had', () => {
    assert.equal(withResume('wss://cc.example/ws/v1'), 'wss://cc.example/ws/v1?resume=1');
    assert.equal(withResume('wss://cc.example/ws/v1?lang=de'), 'wss://cc.example/ws/v1?lang=de&resume=1');
  });

  it('frames a message as one JSON object with its type first', () => {
    assert.equal(encode('offer', { pc: 'pub', sdp: 'v=0' }), '{"type":"offer","pc":"pub","sdp":"v=0"}');
    assert.equal(encode('leave'), '{"type":"leave"}');
  });

  it('leaves out undefined members and never lets a member override the type', () => {
    assert.equal(encode('join', { callId: 'c1', device: 'dev-12345', offer: undefined }), '{"type":"join","callId":"c1","device":"dev-12345"}');
    assert.equal(JSON.parse(encode('ping', { type: 'end', ts: 1 })).type, 'ping');
  });

  it('keeps null members (end of candidates)', () => {
    assert.equal(encode('candidate', { pc: 'sub-1', candidate: null }), '{"type":"candidate","pc":"sub-1","candidate":null}');
  });

  it('refuses bad peer connection ids and messages over 64 KiB', () => {
    assert.throws(() => encode('answer', { pc: 'a b', sdp: '' }), EnvelopeError);
    assert.throws(() => encode('answer', { pc: 'x'.repeat(65), sdp: '' }), EnvelopeError);
    assert.throws(() => encode('offer', { pc: 'pub', sdp: 'x'.repeat(MAX_MESSAGE_BYTES) }), (error) => error.code === 'message_too_large');
    assert.doesNotThrow(() => encode('offer', { pc: 'pub', sdp: 'x'.repeat(30_000) }));
    // multi-byte text is measured in UTF-8 bytes
    assert.throws(() => encode('end', { note: '界'.repeat(22_000) }), (error) => error.code === 'message_too_large');
  });

  it('parses only JSON objects with a string type', () => {
    assert.deepEqual(decode('{"type":"pong","ts":5}'), { type: 'pong', ts: 5 });
    for (const frame of ['', 'not json', '[]', 'null', '42', '{"type":7}', '{"ts":1}']) assert.equal(decode(frame), null, frame);
    assert.equal(decode(new ArrayBuffer(4)), null);
  });

  it('offers the versioned protocol and the token as subprotocols', () => {
    assert.deepEqual(subprotocols('a.b.c'), ['casecall.v1', 'token.a.b.c']);
  });
});
