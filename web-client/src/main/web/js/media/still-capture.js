/**
 * A still photo from this side's own camera track, at the camera's own resolution: never a
 * frame of the received (compressed) call video.
 *
 * 1. `ImageCapture.takePhoto()` where the browser has it (Chrome, Edge, Android): the camera's
 *    photo mode, usually its full sensor resolution.
 * 2. Otherwise `ImageCapture.grabFrame()`, and where there is no ImageCapture at all (Safari,
 *    Firefox) a frame of a video element that plays this same camera track (the self view or the
 *    preview), at the track's resolution, drawn on an OffscreenCanvas and encoded as JPEG.
 */

/** The JPEG quality of a still drawn on a canvas (the photo mode encodes its own). */
const JPEG_QUALITY = 0.92;

/**
 * @param {MediaStreamTrack} track the local camera track
 * @param {object} [options]
 * @param {?HTMLVideoElement} [options.video] an element playing `track` (fallback)
 * @param {?Function} [options.ImageCaptureImpl] the ImageCapture constructor (tests)
 * @param {?Function} [options.OffscreenCanvasImpl] the OffscreenCanvas constructor (tests)
 * @returns {Promise<{blob: Blob, method: string, width: number, height: number}>}
 */
export async function takeStill(track, { video = null, ImageCaptureImpl = globalThis.ImageCapture, OffscreenCanvasImpl = globalThis.OffscreenCanvas } = {}) {
  if (!track || track.kind !== 'video' || track.readyState !== 'live') throw new Error('no_camera');
  if (ImageCaptureImpl) {
    const capture = new ImageCaptureImpl(track);
    try {
      const blob = await capture.takePhoto();
      if (blob && blob.size > 0) return { blob, method: 'takePhoto', ...(await sizeOf(capture)) };
    } catch {
      // no photo mode on this camera: take a frame instead
    }
    try {
      const bitmap = await capture.grabFrame();
      return { ...(await encode(bitmap, bitmap.width, bitmap.height, OffscreenCanvasImpl)), method: 'grabFrame' };
    } catch {
      // fall through to the video element
    }
  }
  if (!video || !video.videoWidth) throw new Error('no_frame');
  return { ...(await encode(video, video.videoWidth, video.videoHeight, OffscreenCanvasImpl)), method: 'videoFrame' };
}

async function encode(source, width, height, OffscreenCanvasImpl) {
  if (!OffscreenCanvasImpl) throw new Error('no_canvas');
  const canvas = new OffscreenCanvasImpl(width, height);
  canvas.getContext('2d').drawImage(source, 0, 0, width, height);
  if (typeof source.close === 'function') source.close();
  return { blob: await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY }), width, height };
}

async function sizeOf(capture) {
  try {
    const settings = await capture.getPhotoSettings();
    return { width: settings.imageWidth || 0, height: settings.imageHeight || 0 };
  } catch {
    return { width: 0, height: 0 };
  }
}

/**
 * The camera after `currentId` in `cameras` (the front/rear flip on a phone, the next webcam on
 * a desktop), or null when there is no other.
 * @param {{deviceId: string}[]} cameras
 * @param {?string} currentId
 */
export function nextCamera(cameras, currentId) {
  if (cameras.length < 2) return null;
  const at = cameras.findIndex((camera) => camera.deviceId === currentId);
  return cameras[(at + 1) % cameras.length].deviceId;
}
