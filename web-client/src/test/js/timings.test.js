import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MARKS, TimingsCollector, violations } from '../../main/web/js/call/timings.js';

function collector() {
  let now = 0;
  const marks = [];
  const timings = new TimingsCollector({ now: () => now, onMark: (name, at) => marks.push([name, at]) });
  return { timings, marks, at: (ms) => { now = ms; } };
}

describe('TimingsCollector', () => {
  it('records each phase once per join, in the order they happen', () => {
    const { timings, marks, at } = collector();
    const phases = ['page_ready', 'ws_open', 'media_ready', 'join_click', 'join_sent', 'publish_offer', 'join_ack',
      'publish_answer', 'subscribe_offer', 'subscribe_answer', 'ice_connected', 'dtls_connected', 'media_published', 'first_frame'];
    phases.forEach((name, i) => { at(10 * (i + 1)); assert.equal(timings.mark(name), true, name); });
    at(999);
    assert.equal(timings.mark('ice_connected'), false, 'the second ICE connection does not move the mark');
    assert.equal(timings.get('ice_connected'), 110);
    assert.deepEqual(marks.map(([name]) => name), phases);
    timings.beginJoin();
    timings.setJoinNumber(1);
    const report = timings.takeReport();
    assert.deepEqual(Object.keys(report.marks), phases);
    assert.deepEqual(violations(report.marks), []);
    assert.equal(report.join, 1);
    assert.equal(report.rejoin, false);
  });

  it('gives the report of a join once', () => {
    const { timings } = collector();
    timings.beginJoin();
    timings.mark('join_sent', 5);
    assert.equal(timings.takeReport(), null, 'no join number yet');
    timings.setJoinNumber(3);
    assert.deepEqual(timings.takeReport(), { join: 3, marks: { join_sent: 5 }, rejoin: false });
    assert.equal(timings.takeReport(), null);
    assert.equal(timings.reported, true);
  });

  it('starts a rejoin from nothing and hands back the unreported previous join', () => {
    const { timings } = collector();
    timings.mark('page_ready', 1);
    timings.mark('ws_open', 2);
    assert.equal(timings.beginJoin(), null, 'the first join keeps the marks made before it');
    timings.mark('join_sent', 3);
    timings.setJoinNumber(1);
    assert.deepEqual(timings.marks(), { page_ready: 1, ws_open: 2, join_sent: 3 });
    const previous = timings.beginJoin();
    assert.deepEqual(previous, { join: 1, marks: { page_ready: 1, ws_open: 2, join_sent: 3 }, rejoin: false });
    assert.deepEqual(timings.marks(), {});
    assert.equal(timings.mark('join_sent', 4000), true, 'a rejoin marks its own phases');
    timings.setJoinNumber(2);
    assert.deepEqual(timings.takeReport(), { join: 2, marks: { join_sent: 4000 }, rejoin: true });
    assert.equal(timings.beginJoin(), null, 'an already reported join is not handed back');
  });

  it('lets a pre-warmed socket that re-opened before the join replace ws_open', () => {
    const { timings } = collector();
    timings.mark('ws_open', 10);
    timings.mark('ws_open', 500, { replace: true });
    assert.equal(timings.get('ws_open'), 500);
  });

  it('refuses unknown phases and impossible values', () => {
    const { timings } = collector();
    assert.throws(() => timings.mark('coffee_break'));
    assert.equal(timings.mark('first_frame', -1), false);
    assert.equal(timings.mark('first_frame', Number.NaN), false);
    assert.equal(timings.has('first_frame'), false);
  });

  it('rounds values to a tenth of a millisecond', () => {
    const { timings } = collector();
    timings.mark('join_click', 123.45678);
    assert.equal(timings.get('join_click'), 123.5);
  });

  it('reports in the order the server checks: pulls in dispatch skew, drops marks far out of order', () => {
    const { timings } = collector();
    timings.beginJoin();
    timings.setJoinNumber(1);
    timings.mark('join_sent', 100);
    timings.mark('join_ack', 120);
    timings.mark('ice_connected', 150);
    timings.mark('dtls_connected', 200);
    timings.mark('first_frame', 198); // frame callback ran before the connectionstatechange event
    timings.mark('publish_offer', 300);
    timings.mark('publish_answer', 250); // far out of order: not trustworthy
    const { marks } = timings.takeReport();
    assert.equal(marks.first_frame, 200);
    assert.equal('publish_answer' in marks, false);
    assert.deepEqual(violations(marks), []);
  });

  it('keeps a first frame seen long before the connection state event, and pulls the earlier phases back to it', () => {
    const { timings } = collector();
    timings.beginJoin();
    timings.setJoinNumber(1);
    timings.mark('join_sent', 100);
    timings.mark('join_ack', 120);
    timings.mark('ice_connected', 190);
    timings.mark('dtls_connected', 260); // a busy main thread dispatched connectionstatechange late
    timings.mark('first_frame', 180);
    const { marks } = timings.takeReport();
    assert.equal(marks.first_frame, 180);
    assert.equal(marks.dtls_connected, 180);
    assert.equal(marks.ice_connected, 180);
    assert.equal(marks.join_ack, 120);
    assert.deepEqual(violations(marks), []);
  });

  it('compares across a missing phase as the server does', () => {
    const { timings } = collector();
    timings.beginJoin();
    timings.setJoinNumber(1);
    timings.mark('join_sent', 100);
    timings.mark('join_ack', 160);
    timings.mark('dtls_connected', 120); // no ice_connected: the server compares it with join_ack
    timings.mark('first_frame', 150); // an end mark: kept, join_ack pulled back to it
    const { marks } = timings.takeReport();
    assert.deepEqual(violations(marks), []);
    assert.equal(marks.first_frame, 150);
    assert.equal(marks.join_ack, 150);
    assert.equal('dtls_connected' in marks, false);
    assert.deepEqual(violations({ join_ack: 160, dtls_connected: 120 }), ['join_ack after dtls_connected']);
  });

  it('accepts a pre-connection\'s phases before the click, in their own order', () => {
    assert.deepEqual(violations({ ws_open: 50, preconnect_sent: 51, pre_ice_connected: 90, pre_dtls_connected: 120, join_click: 5000, join_sent: 5001, first_frame: 5100 }), []);
    assert.deepEqual(violations({ ws_open: 50, preconnect_sent: 51, pre_ice_connected: 130, pre_dtls_connected: 120 }),
      ['pre_ice_connected after pre_dtls_connected']);
    const timings = new TimingsCollector();
    timings.mark('preconnect_sent', 10);
    timings.beginJoin();
    timings.setPreconnected(true);
    timings.setJoinNumber(1);
    assert.deepEqual(timings.takeReport(), { join: 1, marks: { preconnect_sent: 10 }, rejoin: false, preconnected: true });
  });

  it('knows the protocol phases', () => {
    assert.equal(MARKS.length, 17);
    assert.deepEqual(violations({ join_click: 5, join_sent: 4, later: 1, first_frame: 700_000 }),
      ['unknown mark later', 'first_frame out of range', 'join_click after join_sent']);
  });

  it('bounds marks as the server does: a day from the page\'s start, ten minutes from the join\'s', () => {
    const anHour = 3_600_000;
    assert.deepEqual(violations({ page_ready: 100, join_click: anHour, join_sent: anHour + 5, first_frame: anHour + 900 }), [],
      'a page that sat on its preview for an hour reports a believable join');
    assert.deepEqual(violations({ join_sent: 1000, first_frame: 1000 + 600_001 }), ['first_frame out of range'], 'from join_sent when nobody clicked');
    assert.deepEqual(violations({ page_ready: 86_400_001 }), ['page_ready out of range']);
    assert.deepEqual(violations({ page_ready: -1 }), ['page_ready out of range']);
  });
});
