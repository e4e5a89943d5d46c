/**
 * When the first remote video frame was decoded: `requestVideoFrameCallback` on the element
 * that shows it, with `getStats` (`framesDecoded > 0`) as the fallback, whichever is first. The
 * fallback polls every 100 ms: each getStats costs the browser work on the connection path, and
 * where the element is on screen the callback gives the exact time anyway.
 */

/**
 * @param {object} options
 * @param {HTMLVideoElement} [options.element] the element showing the track, if any yet
 * @param {RTCRtpReceiver} [options.receiver] the track's receiver
 * @param {number} [options.pollMs] getStats period
 * @param {number} [options.timeoutMs] give up after this long
 * @returns {{promise: Promise<number|null>, watchElement: function(HTMLVideoElement), cancel: function()}}
 *   the promise resolves with the `performance.now()` time of the first frame, or null
 */
export function watchFirstFrame({ element = null, receiver = null, pollMs = 100, timeoutMs = 30_000 } = {}) {
  let settle;
  let done = false;
  const timers = [];
  const promise = new Promise((resolve) => { settle = resolve; });
  const finish = (at) => {
    if (done) return;
    done = true;
    timers.forEach(clearTimeout);
    settle(at);
  };

  const watchElement = (video) => {
    if (done || !video || typeof video.requestVideoFrameCallback !== 'function') return;
    video.requestVideoFrameCallback((now, metadata) => {
      const at = metadata && Number.isFinite(metadata.presentationTime) ? Math.min(metadata.presentationTime, now) : now;
      finish(at);
    });
  };

  if (receiver && typeof receiver.getStats === 'function') {
    const poll = async () => {
      if (done) return;
      try {
        const stats = await receiver.getStats();
        let decoded = false;
        stats.forEach((report) => {
          if (report.type === 'inbound-rtp' && report.kind === 'video' && report.framesDecoded > 0) decoded = true;
        });
        if (decoded) {
          finish(performance.now());
          return;
        }
      } catch {
        // the receiver went away; the timeout ends the watch
      }
      if (!done) timers.push(setTimeout(poll, pollMs));
    };
    poll();
  }
  watchElement(element);
  timers.push(setTimeout(() => finish(null), timeoutMs));
  return { promise, watchElement, cancel: () => finish(null) };
}
