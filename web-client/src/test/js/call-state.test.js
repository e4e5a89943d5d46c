import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { closeOutcome, LossCause } from '../../main/web/js/call/close-outcome.js';
import { SessionError } from '../../main/web/js/call/session.js';
import { ConnectReport } from '../../main/web/js/call/connect-report.js';
import { CallState } from '../../main/web/js/call/events.js';
import { RemoteParty } from '../../main/web/js/call/remote-party.js';
import { TimingsCollector } from '../../main/web/js/call/timings.js';

describe('closeOutcome', () => {
  it('turns a final close into the end or failure the user is shown', () => {
    const cases = [
      [{ code: 4410 }, CallState.ENDED, { reason: 'ended' }],
      [{ code: 4409, error: { code: 'seat_taken' } }, CallState.FAILED, { code: 'seat_taken' }],
      [{ code: 4409, error: { code: 'replaced' } }, CallState.FAILED, { code: 'replaced' }],
      [{ code: 1006, gaveUp: true }, CallState.FAILED, { code: 'connection_lost' }],
      [{ code: 4403, error: { code: 'wrong_call' } }, CallState.FAILED, { code: 'wrong_call' }],
      [{ code: 1000 }, CallState.ENDED, { reason: 'closed' }],
      [{ code: 4429, error: { code: 'rate_limited' } }, CallState.FAILED, { code: 'rate_limited' }],
      [{ code: 4400 }, CallState.FAILED, { code: 'protocol_error' }],
      [{ code: 4502, error: { code: 'sfu_rejected' } }, CallState.FAILED, { code: 'sfu_rejected' }],
    ];
    for (const [close, state, detail] of cases) {
      assert.deepEqual(closeOutcome({ error: null, gaveUp: false, ...close }), { state, detail }, JSON.stringify(close));
    }
  });
});

describe('LossCause', () => {
  const gaveUp = (cause) => closeOutcome({ code: 1006, error: null, gaveUp: true }, cause).detail.code;

  it('blames the service only when the service said so', () => {
    for (const code of [4503, 1011]) {
      const cause = new LossCause();
      cause.closed(1006);
      cause.closed(code);
      assert.equal(gaveUp(cause), 'service_lost', String(code));
    }
    const answered = new LossCause();
    answered.checked(new SessionError('sfu_unavailable', { status: 503 }));
    assert.equal(gaveUp(answered), 'service_lost');
    const silent = new LossCause();
    silent.closed(1006);
    silent.closed(1001);
    silent.checked(new SessionError('network'));
    silent.checked(null);
    assert.equal(gaveUp(silent), 'connection_lost');
  });

  it('forgets the cause once a socket opened again', () => {
    const cause = new LossCause();
    cause.closed(4503);
    cause.reset();
    assert.equal(gaveUp(cause), 'connection_lost');
  });
});

describe('RemoteParty', () => {
  it('tells "not yet here" from "has left"', () => {
    const party = new RemoteParty();
    party.fromJoined([{ participantId: 'a1', role: 'agent', displayName: 'Alex', present: false, audio: true, video: true }]);
    assert.deepEqual(party.presenceState(), { state: CallState.WAITING, detail: { peerLeft: false } });
    party.update({ participantId: 'a1', role: 'agent' }, { present: true });
    assert.deepEqual(party.presenceState(), { state: CallState.CONNECTED, detail: {} });
    const seen = party.update({ participantId: 'a1', role: 'agent' }, { audio: false, video: true });
    assert.equal(seen.audio, false);
    assert.equal(seen.displayName, 'Alex');
    party.update({ participantId: 'a1', role: 'agent' }, { present: false });
    assert.deepEqual(party.presenceState(), { state: CallState.WAITING, detail: { peerLeft: true } });
  });

  it('keeps a join of the other side heard between its own join and joined (both rejoining at once)', () => {
    const party = new RemoteParty();
    party.joinSent();
    party.update({ participantId: 'a1', role: 'agent' }, { present: true }); // after our seat write
    party.fromJoined([{ participantId: 'a1', role: 'agent', displayName: 'Alex', present: false }]);
    assert.deepEqual(party.presenceState(), { state: CallState.CONNECTED, detail: {} });
    assert.equal(party.snapshot().displayName, 'Alex');

    party.update({ participantId: 'a1', role: 'agent' }, { present: false }); // heard while no join is pending
    party.fromJoined([{ participantId: 'a1', role: 'agent', present: true }]);
    assert.deepEqual(party.presenceState(), { state: CallState.CONNECTED, detail: {} }, 'joined counts when nothing came between');
    party.joinSent();
    party.update({ participantId: 'a1', role: 'agent' }, { audio: false, video: true }); // media only: no presence
    party.fromJoined([{ participantId: 'a1', role: 'agent', present: false }]);
    assert.deepEqual(party.presenceState(), { state: CallState.WAITING, detail: { peerLeft: true } });
  });
});

describe('ConnectReport', () => {
  const setup = (role, { open = true } = {}) => {
    const timings = new TimingsCollector({ now: () => 1 });
    const sent = [];
    const signal = { open, sendTimings: (join, marks, extra) => (signal.open ? (sent.push({ join, marks, extra }), true) : false) };
    const report = new ConnectReport({ timings, send: signal.sendTimings, role, firstFrameWaitMs: 20 });
    timings.beginJoin();
    timings.setJoinNumber(1);
    timings.mark('join_sent', 10);
    return { timings, sent, signal, report };
  };

  it('customer: reports once the first frame is decoded, once', () => {
    const { timings, sent, report } = setup('customer');
    report.update({ joined: true, otherPresent: true });
    assert.equal(sent.length, 0);
    timings.mark('first_frame', 50);
    report.update({ joined: true, otherPresent: true });
    report.update({ joined: true, otherPresent: true });
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0].marks, { join_sent: 10, first_frame: 50 });
  });

  it('agent alone: reports as soon as its media is published', () => {
    const { timings, sent, report } = setup('agent');
    timings.mark('media_published', 30);
    report.update({ joined: true, otherPresent: false });
    assert.equal(sent.length, 1);
  });

  it('agent with the customer there: waits for the first frame, but not forever', async () => {
    const { timings, sent, report } = setup('agent');
    timings.mark('media_published', 30);
    report.update({ joined: true, otherPresent: true });
    assert.equal(sent.length, 0);
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(sent.length, 1);
    assert.equal('first_frame' in sent[0].marks, false);
  });

  it('agent rejoin: a first frame before its own media is published waits for it, and the join counts as connected', () => {
    const { timings, sent, report } = setup('agent');
    report.keep(timings.beginJoin()); // the socket was lost: the rejoin starts
    report.sendKept();
    sent.length = 0;
    timings.setJoinNumber(2);
    timings.mark('join_sent', 10);
    timings.mark('first_frame', 40); // the customer's video decoded before the agent's publisher is up
    report.update({ joined: true, otherPresent: true });
    assert.equal(sent.length, 0);
    timings.mark('media_published', 60);
    report.update({ joined: true, otherPresent: true });
    assert.equal(sent.length, 1);
    assert.equal(sent[0].join, 2);
    assert.deepEqual(sent[0].extra, { outcome: 'connected', reconnect: true });
    report.cancel();
  });

  it('agent: a first frame without its own media published still reports after the wait', async () => {
    const { timings, sent, report } = setup('agent');
    timings.mark('first_frame', 40);
    report.update({ joined: true, otherPresent: true });
    assert.equal(sent.length, 0);
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(sent.length, 1);
    assert.equal(sent[0].extra.outcome, 'abandoned');
  });

  it('keeps a report the socket could not carry for after the next joined, marked as from a lost join', () => {
    const { timings, sent, signal, report } = setup('customer', { open: false });
    report.flush();
    assert.equal(sent.length, 0);
    report.keep(timings.beginJoin());
    signal.open = true;
    report.sendKept();
    assert.equal(sent.length, 1);
    assert.equal(sent[0].join, 1);
    assert.equal(sent[0].extra.outcome, 'abandoned');
    timings.setJoinNumber(2);
    timings.mark('first_frame', 90);
    report.update({ joined: true });
    assert.deepEqual(sent[1].extra, { outcome: 'connected', reconnect: true });
  });

  it('states the outcome: connected with the end mark, abandoned when the user left first', () => {
    const { timings, sent, report } = setup('customer');
    timings.mark('join_click', 10);
    report.flush();
    assert.equal(sent[0].extra.outcome, 'abandoned');
    assert.equal(report.outcome({ marks: { first_frame: 1 } }), 'connected');
    assert.equal(report.outcome({ marks: { join_sent: 1 }, failed: true }), 'failed');
  });
});
