import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CloseCode, DEFAULT_RETRY_DELAYS_MS, DefaultReconnectPolicy, isRetryableClose } from '../../main/web/js/signaling/reconnect-policy.js';

describe('DefaultReconnectPolicy', () => {
  it('keeps trying for ten minutes while the server says the media service is unavailable (4503), a minute otherwise', () => {
    const policy = new DefaultReconnectPolicy();
    assert.equal(policy.nextRetryDelayMs({ retryCount: 9, elapsedMs: 75_000, code: CloseCode.UNAVAILABLE }), 2000);
    assert.equal(policy.nextRetryDelayMs({ retryCount: 9, elapsedMs: 75_000, code: 1006 }), null);
    assert.equal(policy.nextRetryDelayMs({ retryCount: 9, elapsedMs: 599_000, code: CloseCode.UNAVAILABLE }), null);
  });

  it('backs off 0.25, 0.5, 1, 2 s, then keeps 2 s (never a long sleep while online)', () => {
    const policy = new DefaultReconnectPolicy();
    const delays = [];
    let elapsedMs = 0;
    for (let retryCount = 0; retryCount < 8; retryCount++) {
      const delay = policy.nextRetryDelayMs({ retryCount, elapsedMs });
      delays.push(delay);
      elapsedMs += delay;
    }
    assert.deepEqual(delays, [250, 500, 1000, 2000, 2000, 2000, 2000, 2000]);
    assert.deepEqual([...DEFAULT_RETRY_DELAYS_MS], [250, 500, 1000, 2000]);
  });

  it('gives up once 60 s have passed since the connection was lost', () => {
    const policy = new DefaultReconnectPolicy();
    assert.equal(policy.nextRetryDelayMs({ retryCount: 10, elapsedMs: 60_000 }), null);
    assert.equal(policy.nextRetryDelayMs({ retryCount: 10, elapsedMs: 58_500 }), null, 'the next attempt would start after 60 s');
    assert.equal(policy.nextRetryDelayMs({ retryCount: 10, elapsedMs: 57_000 }), 2000);
  });

  it('never retries past 60 s in a whole run of attempts', () => {
    const policy = new DefaultReconnectPolicy();
    let elapsedMs = 0;
    let attempts = 0;
    for (let delay = policy.nextRetryDelayMs({ retryCount: 0, elapsedMs }); delay !== null;
      delay = policy.nextRetryDelayMs({ retryCount: attempts, elapsedMs })) {
      elapsedMs += delay + 30; // each attempt takes a little time to fail
      attempts += 1;
    }
    assert.ok(elapsedMs <= 60_000 + 30, `gave up at ${elapsedMs} ms`);
    assert.equal(attempts, 31, "about one attempt every 2 s for a minute");
  });

  it('takes its delays and limit as options', () => {
    const policy = new DefaultReconnectPolicy({ delaysMs: [100], maxElapsedMs: 250 });
    assert.equal(policy.nextRetryDelayMs({ retryCount: 0, elapsedMs: 0 }), 100);
    assert.equal(policy.nextRetryDelayMs({ retryCount: 5, elapsedMs: 100 }), 100);
    assert.equal(policy.nextRetryDelayMs({ retryCount: 5, elapsedMs: 200 }), null);
    assert.throws(() => new DefaultReconnectPolicy({ delaysMs: [] }));
  });
});

describe('isRetryableClose', () => {
  it('retries after the closes the protocol names', () => {
    for (const code of [1001, 1006, 1011, 4408, 4503]) assert.equal(isRetryableClose(code), true, String(code));
  });

  it('stays closed after a leave, a bad client, a taken seat, an ended call, a rate limit or a refusing media server', () => {
    for (const code of [1000, 1009, 4400, 4403, 4409, 4410, 4429, 4502]) assert.equal(isRetryableClose(code), false, String(code));
  });

  it('names the codes', () => {
    assert.equal(CloseCode.CALL_ENDED, 4410);
    assert.equal(CloseCode.SEAT, 4409);
    assert.equal(CloseCode.SFU_REJECTED, 4502);
  });
});
