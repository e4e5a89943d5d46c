/**
 * This side's own camera and microphone as the UI drives them (as livekit's
 * LocalParticipant): open them, switch devices, mute, camera off, the level meter. Tells the
 * UI through the engine's events, and the engine through two callbacks.
 */
import { CallEvent } from './events.js';
import { LocalMedia } from '../media/local-media.js';
import { nextCamera, takeStill } from '../media/still-capture.js';

const KINDS = ['audio', 'video'];

export class LocalParticipant {
  /**
   * @param {object} options
   * @param {function(string, object)} options.emit the engine's emitter
   * @param {import('./timings.js').TimingsCollector} options.timings
   * @param {function()} options.onMediaChanged tracks appeared or changed: pre-warm or publish
   * @param {function({audio: boolean, video: boolean})} options.onMuteChanged tell the other side
   * @param {function(string, MediaStreamTrack)} options.onTrackReplaced send the new track
   *   (RTCRtpSender.replaceTrack: no renegotiation)
   * @param {?{get: function(string): ?string, set: function(string, string)}} [options.devices]
   *   remembers the chosen camera and microphone by kind, so the choice survives a reload
   */
  constructor({ emit, timings, onMediaChanged, onMuteChanged, onTrackReplaced, devices = null }) {
    Object.assign(this, { emit, timings, onMediaChanged, onMuteChanged, onTrackReplaced, devices });
    this.media = new LocalMedia({
      onTrackChanged: (kind, track) => this.#trackChanged(kind, track),
      onDevicesChanged: () => this.#emitDevices(),
    });
  }

  /** Opens (or, with `retry`, asks again for) the camera and microphone. */
  async start({ retry = false } = {}) {
    const wanted = this.#remembered();
    let summary = retry ? await this.media.retry(wanted) : await this.media.start(wanted);
    if ((wanted.videoDeviceId && summary.problems.video === 'not_found') || (wanted.audioDeviceId && summary.problems.audio === 'not_found')) {
      for (const kind of KINDS) this.devices.set(kind, ''); // the remembered device is gone: take the default
      summary = await this.media.retry();
    }
    if (this.stopped) return summary;
    this.timings.mark('media_ready');
    this.emit(CallEvent.LOCAL_MEDIA, { stream: this.media.stream, ...summary });
    this.#emitDevices();
    this.onMediaChanged();
    return summary;
  }

  setMicrophoneEnabled(enabled) { this.#setEnabled('audio', enabled); }

  setCameraEnabled(enabled) { this.#setEnabled('video', enabled); }

  /** Switches camera (`video`) or microphone (`audio`). */
  async useDevice(kind, deviceId) {
    try {
      await this.media.useDevice(kind, deviceId);
      if (this.devices) this.devices.set(kind, deviceId);
    } catch (error) {
      this.emit(CallEvent.ERROR, { code: 'device_failed', message: String(error), fatal: false });
    }
    this.#emitDevices();
  }

  /**
   * One tap: the next camera (front/rear on a phone). Resolves with whether there was another.
   */
  async flipCamera() {
    const { cameras, selected } = await this.media.devices();
    const next = nextCamera(cameras, selected.video);
    if (next) await this.useDevice('video', next);
    return !!next;
  }

  /**
   * A still from this side's own camera at its own resolution (media/still-capture.js).
   * @param {{video?: HTMLVideoElement}} [fallback] an element playing the own camera
   */
  takePhoto({ video = null } = {}) {
    return takeStill(this.media.tracks.video, { video });
  }

  /** Microphone and camera switched on (and available): `{audio, video}`. */
  mediaState() { return this.media.mediaState(); }

  /** Which own media exist and why not: `{audio, video, problems}`. */
  summary() { return this.media.summary(); }

  /** Microphone level, 0..1. */
  level() { return this.media.level(); }

  /** Call from a user gesture: lets WebAudio (the level meter) start. */
  userGesture() { this.media.resumeAudio(); }

  stop() {
    this.stopped = true;
    this.media.stop();
  }

  /** A device switch or a lost device replaced a track (a start reports through start()). */
  #trackChanged(kind, track) {
    if (track) this.onTrackReplaced(kind, track);
    if (this.media.starting || this.stopped) return;
    this.emit(CallEvent.LOCAL_MEDIA, { stream: this.media.stream, ...this.media.summary() });
    this.onMuteChanged(this.media.mediaState());
  }

  #setEnabled(kind, enabled) {
    this.media.setEnabled(kind, enabled);
    const state = this.media.mediaState();
    this.emit(CallEvent.LOCAL_MUTE, state);
    this.onMuteChanged(state);
  }

  #remembered() {
    if (!this.devices) return {};
    return { audioDeviceId: this.devices.get('audio') || undefined, videoDeviceId: this.devices.get('video') || undefined };
  }

  async #emitDevices() {
    try {
      this.emit(CallEvent.DEVICES, await this.media.devices());
    } catch {
      // enumerateDevices is not essential
    }
  }
}
