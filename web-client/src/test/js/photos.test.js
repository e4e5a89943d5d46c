import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PhotoError, Photos } from '../../main/web/js/call/photos.js';
import { nextCamera, takeStill } from '../../main/web/js/media/still-capture.js';

const camera = { kind: 'video', readyState: 'live' };

describe('nextCamera', () => {
  const cameras = [{ deviceId: 'front' }, { deviceId: 'rear' }, { deviceId: 'usb' }];

  it('goes to the next camera and wraps around', () => {
    assert.equal(nextCamera(cameras, 'front'), 'rear');
    assert.equal(nextCamera(cameras, 'usb'), 'front');
  });

  it('has nothing to switch to with one camera', () => {
    assert.equal(nextCamera([{ deviceId: 'front' }], 'front'), null);
  });

  it('starts at the first camera when the current one is not listed', () => {
    assert.equal(nextCamera(cameras, 'gone'), 'front');
  });
});

describe('takeStill', () => {
  it('uses the camera photo mode when there is one', async () => {
    const photo = { size: 1234, type: 'image/jpeg' };
    class ImageCapture {
      constructor(track) { assert.equal(track, camera); }
      async takePhoto() { return photo; }
      async getPhotoSettings() { return { imageWidth: 4032, imageHeight: 3024 }; }
    }
    const still = await takeStill(camera, { ImageCaptureImpl: ImageCapture });
    assert.deepEqual(still, { blob: photo, method: 'takePhoto', width: 4032, height: 3024 });
  });

  it('takes a frame of the camera track when the photo mode fails', async () => {
    const drawn = [];
    class ImageCapture {
      async takePhoto() { throw new Error('NotSupportedError'); }
      async grabFrame() { return { width: 1920, height: 1080, close() {} }; }
    }
    class OffscreenCanvas {
      constructor(width, height) { Object.assign(this, { width, height }); }
      getContext() { return { drawImage: (source, x, y, w, h) => drawn.push([w, h]) }; }
      async convertToBlob(options) { return { type: options.type, size: 10 }; }
    }
    const still = await takeStill(camera, { ImageCaptureImpl: ImageCapture, OffscreenCanvasImpl: OffscreenCanvas });
    assert.equal(still.method, 'grabFrame');
    assert.deepEqual(drawn, [[1920, 1080]]);
    assert.equal(still.blob.type, 'image/jpeg');
  });

  it('without ImageCapture, draws the element that plays the own camera', async () => {
    class OffscreenCanvas {
      getContext() { return { drawImage() {} }; }
      async convertToBlob() { return { type: 'image/jpeg', size: 10 }; }
    }
    const still = await takeStill(camera, { ImageCaptureImpl: undefined, OffscreenCanvasImpl: OffscreenCanvas, video: { videoWidth: 640, videoHeight: 480 } });
    assert.equal(still.method, 'videoFrame');
    assert.equal(still.width, 640);
  });

  it('refuses without a live camera', async () => {
    await assert.rejects(takeStill(null), /no_camera/);
    await assert.rejects(takeStill({ kind: 'video', readyState: 'ended' }), /no_camera/);
  });
});

describe('Photos', () => {
  it('uploads with the newest room token and says which request it answers', async () => {
    const calls = [];
    let token = 'first';
    const photos = new Photos({
      http: async (url, init) => {
        calls.push({ url, init });
        return { ok: true, json: async () => ({ evidenceId: 'ev_1' }) };
      },
      token: () => token,
      callId: 'call-1',
    });
    token = 'refreshed';
    const stored = await photos.upload({ type: 'image/jpeg' }, { requestId: 'pr_9', notice: true });
    assert.equal(stored.evidenceId, 'ev_1');
    assert.equal(calls[0].url, '/api/v1/calls/call-1/evidence?request=pr_9&notice=true');
    assert.equal(calls[0].init.method, 'POST');
    assert.equal(calls[0].init.headers.Authorization, 'Bearer refreshed');
    assert.equal(calls[0].init.headers['Content-Type'], 'image/jpeg');
  });

  it('turns a problem answer into a PhotoError with its code', async () => {
    const photos = new Photos({
      http: async () => ({ ok: false, status: 415, json: async () => ({ code: 'unsupported_media_type' }) }),
      token: () => 't',
      callId: 'c',
    });
    await assert.rejects(photos.upload({ type: 'image/gif' }), (error) => error instanceof PhotoError && error.code === 'unsupported_media_type' && error.status === 415);
  });

  it('a network failure is a PhotoError too', async () => {
    const photos = new Photos({ http: async () => { throw new TypeError('offline'); }, token: () => 't', callId: 'c' });
    await assert.rejects(photos.list(), (error) => error.code === 'network');
  });
});
