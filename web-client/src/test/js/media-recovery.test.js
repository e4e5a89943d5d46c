import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MediaRecovery } from '../../main/web/js/call/media-recovery.js';
import { FakeTimers } from './support/fakes.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A recovery over scripted counters: `video(bytes, frames)` sets them; `flow({ decoding })` makes
 * video arrive from then on (bytes grow at every sample), decoded or not; `video(...)` again stops it.
 */
function recovery({ sendable = () => true } = {}) {
  const timers = new FakeTimers();
  const counters = { videoBytesReceived: 0, framesDecoded: 0 };
  let flowing = null;
  const asked = [];
  let samples = 0;
  let repairs = 0;
  const watch = new MediaRecovery({
    sample: async () => {
      samples += 1;
      if (flowing) {
        counters.videoBytesReceived += 100;
        if (flowing.decoding) counters.framesDecoded += 1;
      }
      return { ...counters };
    },
    send: () => sendable(),
    repairDown: () => { repairs += 1; },
    trace: (what, detail) => asked.push({ at: timers.now(), what, detail }),
    timers,
    pollMs: 1000,
  });
  return {
    watch,
    timers,
    asked,
    samples: () => samples,
    repairs: () => repairs,
    video(bytes, frames) { flowing = null; counters.videoBytesReceived = bytes; counters.framesDecoded = frames; },
    flow({ decoding }) { flowing = { decoding }; },
    /** Moves the clock in steps of `step` ms, letting each poll's sample answer. */
    async run(ms, step = 50) {
      for (let passed = 0; passed < ms; passed += step) {
        timers.advance(step);
        await settle();
      }
    },
  };
}

describe('MediaRecovery', () => {
  it('asks for keyframes and restarts what is down as soon as the path is back', () => {
    const r = recovery();
    r.watch.back();
    assert.equal(r.repairs(), 1);
    assert.deepEqual(r.asked, [{ at: 0, what: 'keyframe_sent', detail: undefined }]);
  });

  it('takes a connection connected again for a return, and its first connect for none', () => {
    const r = recovery();
    r.watch.connectionChanged({ pc: 'sub-1', connection: 'connected' });
    assert.equal(r.asked.length, 0, 'a first connect is no return');
    r.watch.connectionChanged({ pc: 'sub-1', connection: 'disconnected' });
    r.watch.connectionChanged({ pc: 'sub-1', connection: 'connected' });
    assert.equal(r.asked.length, 1);
    assert.equal(r.repairs(), 0, 'nothing else is restarted for it');
    r.watch.connectionChanged({ pc: 'sub-1', connection: 'connected' });
    assert.equal(r.asked.length, 1, 'once per return');
  });

  it('takes the answer to a restart made because the SFU did not hear the last one for a return', () => {
    const r = recovery();
    r.watch.connectionChanged({ pc: 'pub', connection: 'failed' });
    r.watch.connectionChanged({ pc: 'pub', connection: 'connected' }); // said connected: the SFU heard nothing
    assert.equal(r.asked.length, 1);
    r.watch.connectionChanged({ pc: 'pub', unproven: true });
    r.watch.connectionChanged({ pc: 'pub', restart: true });
    r.watch.connectionChanged({ pc: 'pub', answer: 'applied' }); // its state stays `connected`
    assert.equal(r.asked.length, 2);
    r.watch.connectionChanged({ pc: 'pub', answer: 'applied' });
    assert.equal(r.asked.length, 2, 'once');
  });

  it('asks when video arrives but nothing decodes, and not while video decodes or does not arrive at all', async () => {
    const r = recovery();
    r.watch.start();
    r.video(1000, 10);
    await r.run(2000);
    r.video(2000, 20); // decoding
    await r.run(1000);
    await r.run(3000); // nothing arrives (held, camera off, path down)
    assert.equal(r.asked.length, 0);
    r.video(2500, 20); // arrives, nothing decodes
    await r.run(1000);
    assert.equal(r.asked.length, 1);
    assert.equal(r.asked[0].what, 'keyframe_sent');
    assert.equal(r.asked[0].detail.stalledMs, 1000, 'noticed at the next poll (every second in a quiet call)');
    r.video(2600, 21); // a frame: no stall any more
    await r.run(3000);
    assert.equal(r.asked.length, 1);
    r.watch.stop();
  });

  it('after a return polls fast, so a stall is asked for within a few hundred ms', async () => {
    const r = recovery();
    r.watch.start();
    r.video(1000, 10);
    await r.run(1000);
    const slow = r.samples();
    r.watch.back(); // asks at once: before any video flows again
    await r.run(150);
    assert.equal(r.samples() - slow, 1, 'polled 150 ms after the return, not a second later');
    r.flow({ decoding: false }); // RTP flows again; the first request went before it: nothing decodes
    await r.run(300);
    assert.equal(r.asked.length, 2, 'asked again at once: the request before the video could not be for it');
    assert.equal(r.asked[1].at, 1450, 'two fast polls after the video came back');
    assert.equal(r.asked[1].detail.stalledMs, 300);
    await r.run(400);
    assert.equal(r.asked.length, 2, 'the last request gets time to be answered');
    await r.run(200);
    assert.equal(r.asked.length, 3, 'still stalled: asked again');
    assert.equal(r.asked[2].at, 2050, 'the last request plus repeatMs, at the next poll');
    r.flow({ decoding: true });
    await r.run(11_000);
    assert.equal(r.asked.length, 3, 'decoding: nothing more');
    const quiet = r.samples();
    await r.run(5000);
    assert.ok(r.samples() - quiet <= 6, 'slow again once the return is long past');
    r.watch.stop();
  });

  it('does not take new connections (counters from 0) for a stall', async () => {
    const r = recovery();
    r.watch.start();
    r.video(5000, 50);
    await r.run(1000);
    r.watch.reset();
    r.video(100, 0); // a rebuilt connection's first bytes
    await r.run(1000);
    r.video(0, 0);
    await r.run(1000);
    assert.equal(r.asked.length, 0);
    r.watch.stop();
  });

  it('remembers no request that could not go, and stops polling when stopped', async () => {
    let open = false;
    const r = recovery({ sendable: () => open });
    r.watch.start();
    r.video(1000, 10);
    await r.run(1000);
    r.watch.back();
    assert.equal(r.asked.length, 0, 'the socket is away: nothing went');
    r.flow({ decoding: false });
    await r.run(450);
    assert.equal(r.asked.length, 0);
    open = true;
    await r.run(150);
    assert.equal(r.asked.length, 1, 'the stall asks as soon as something can go');
    r.watch.stop();
    const stopped = r.samples();
    await r.run(5000);
    assert.equal(r.samples(), stopped);
  });
});
