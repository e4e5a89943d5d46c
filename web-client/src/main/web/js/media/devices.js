/**
 * Camera and microphone: the only code that calls getUserMedia and enumerateDevices.
 * Opening media degrades step by step (camera + microphone, then microphone only, then camera
 * only) so a customer without a camera, or who blocked it, can still join with audio.
 */

/** Why a kind of media is not available. */
export const MediaProblem = Object.freeze({
  DENIED: 'denied', // the user or the browser blocked access
  NOT_FOUND: 'not_found', // no such device
  IN_USE: 'in_use', // another application holds it
  INSECURE: 'insecure', // page not served over https (no mediaDevices)
  FAILED: 'failed', // anything else
});

const AUDIO = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
// 640x360: the first keyframe a new subscriber waits for is small enough for the 600 ms
// connect-time target (measured against the browser check's relay: 1280x720 took 1.3-2.3 s to
// the first decoded frame, 960x540 ~1 s, 640x360 0.6-0.8 s, all else equal), and it is kind to
// a customer's mobile data. A face in a support call needs no more.
const VIDEO = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24, max: 30 } };

/** Constraints for one kind, optionally pinned to a device. */
export function constraintsFor(kind, deviceId) {
  const base = kind === 'audio' ? AUDIO : VIDEO;
  return deviceId ? { ...base, deviceId: { exact: deviceId } } : { ...base };
}

/** Maps a getUserMedia error to a {@link MediaProblem}. */
export function problemOf(error) {
  switch (error && error.name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return MediaProblem.DENIED;
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return MediaProblem.NOT_FOUND;
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return MediaProblem.IN_USE;
    default:
      return MediaProblem.FAILED;
  }
}

/**
 * Opens the camera and microphone, degrading as far as needed.
 * @param {{audioDeviceId?: string, videoDeviceId?: string, video?: boolean}} [wanted]
 * @param {MediaDevices} [mediaDevices]
 * @returns {Promise<{audio: ?MediaStreamTrack, video: ?MediaStreamTrack,
 *   problems: {audio?: string, video?: string}}>}
 */
export async function openMedia({ audioDeviceId, videoDeviceId, video = true } = {}, mediaDevices = globalThis.navigator?.mediaDevices) {
  if (!mediaDevices || !mediaDevices.getUserMedia) {
    return { audio: null, video: null, problems: { audio: MediaProblem.INSECURE, video: MediaProblem.INSECURE } };
  }
  const attempt = async (audio, withVideo) => {
    const stream = await mediaDevices.getUserMedia({
      audio: audio ? constraintsFor('audio', audioDeviceId) : false,
      video: withVideo ? constraintsFor('video', videoDeviceId) : false,
    });
    return { audio: stream.getAudioTracks()[0] || null, video: stream.getVideoTracks()[0] || null };
  };
  if (!video) {
    try {
      return { ...(await attempt(true, false)), problems: {} };
    } catch (error) {
      return { audio: null, video: null, problems: { audio: problemOf(error) } };
    }
  }
  let both;
  try {
    return { ...(await attempt(true, true)), problems: {} };
  } catch (error) {
    both = problemOf(error);
  }
  try {
    const tracks = await attempt(true, false);
    return { ...tracks, problems: { video: both === MediaProblem.DENIED ? MediaProblem.DENIED : await videoProblem(mediaDevices, both) } };
  } catch (error) {
    const audioProblem = problemOf(error);
    try {
      const tracks = await attempt(false, true);
      return { ...tracks, problems: { audio: audioProblem } };
    } catch (videoError) {
      return { audio: null, video: null, problems: { audio: audioProblem, video: problemOf(videoError) } };
    }
  }
}

/** Opens one track of `kind` on a chosen device (device switch during preview or call). */
export async function openTrack(kind, deviceId, mediaDevices = globalThis.navigator?.mediaDevices) {
  const stream = await mediaDevices.getUserMedia({ [kind]: constraintsFor(kind, deviceId) });
  return kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
}

/**
 * The cameras and microphones, labelled when the page has permission.
 * @returns {Promise<{cameras: {deviceId: string, label: string}[], microphones: {deviceId: string, label: string}[]}>}
 */
export async function listDevices(mediaDevices = globalThis.navigator?.mediaDevices) {
  if (!mediaDevices || !mediaDevices.enumerateDevices) return { cameras: [], microphones: [] };
  const devices = await mediaDevices.enumerateDevices();
  const pick = (kind) => devices
    .filter((device) => device.kind === kind && device.deviceId)
    .filter((device, index, all) => all.findIndex((other) => other.deviceId === device.deviceId) === index)
    .map((device) => ({ deviceId: device.deviceId, label: device.label }));
  return { cameras: pick('videoinput'), microphones: pick('audioinput') };
}

/** Calls `listener` when devices are plugged in or out; returns an unsubscribe function. */
export function watchDevices(listener, mediaDevices = globalThis.navigator?.mediaDevices) {
  if (!mediaDevices || !mediaDevices.addEventListener) return () => {};
  mediaDevices.addEventListener('devicechange', listener);
  return () => mediaDevices.removeEventListener('devicechange', listener);
}

/** When audio worked but camera+audio did not, tell "no camera" apart from "camera busy". */
async function videoProblem(mediaDevices, fallback) {
  try {
    const { cameras } = await listDevices(mediaDevices);
    return cameras.length === 0 ? MediaProblem.NOT_FOUND : fallback;
  } catch {
    return fallback;
  }
}
