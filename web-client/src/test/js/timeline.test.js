import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Timeline } from '../../main/web/js/call/timeline.js';

describe('Timeline', () => {
  it('keeps entries in order with the page clock in whole ms, and only the newest ones', () => {
    let now = 10.4;
    const timeline = new Timeline(() => now, 3);
    timeline.add('network', { change: 'offline' });
    now = 3010.6;
    timeline.add('network', { change: 'online' });
    timeline.add('probe_sent');
    now = 5011;
    timeline.add('probe_timeout');
    assert.deepEqual(timeline.entries(), [
      { at: 3011, what: 'network', detail: { change: 'online' } },
      { at: 3011, what: 'probe_sent' },
      { at: 5011, what: 'probe_timeout' },
    ]);
  });

  it('hands out copies: a reader cannot change what it keeps', () => {
    const timeline = new Timeline(() => 1);
    timeline.add('socket_open');
    timeline.entries()[0].what = 'changed';
    assert.equal(timeline.entries()[0].what, 'socket_open');
  });
});
