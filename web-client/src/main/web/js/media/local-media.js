/**
 * The participant's own camera and microphone for the whole page: one MediaStream for the
 * preview and self view, device choice, mute and camera-off, and the level meter.
 */
import { listDevices, openMedia, openTrack, watchDevices } from './devices.js';
import { LevelMeter } from './level-meter.js';

export class LocalMedia {
  /**
   * @param {object} [options]
   * @param {function(string, ?MediaStreamTrack)} [options.onTrackChanged] a track was replaced
   * @param {function()} [options.onDevicesChanged] devices were plugged in or out
   */
  constructor({ onTrackChanged = () => {}, onDevicesChanged = () => {} } = {}) {
    this.onTrackChanged = onTrackChanged;
    this.stream = new MediaStream();
    this.tracks = { audio: null, video: null };
    this.problems = {};
    this.enabled = { audio: true, video: true };
    this.meter = null;
    this.started = null;
    this.unwatch = watchDevices(() => onDevicesChanged());
  }

  /**
   * Opens camera and microphone (at most once at a time). Resolves with what is available.
   * @returns {Promise<{audio: boolean, video: boolean, problems: object}>}
   */
  start({ audioDeviceId, videoDeviceId } = {}) {
    if (!this.started) {
      this.started = openMedia({ audioDeviceId, videoDeviceId }).then((result) => {
        this.problems = result.problems;
        this.#set('audio', result.audio);
        this.#set('video', result.video);
        return this.summary();
      }).finally(() => { this.started = null; });
    }
    return this.started;
  }

  /** Asks again (after the user unblocked the camera or plugged one in); new tracks replace old ones. */
  retry(wanted = {}) {
    return this.start(wanted);
  }

  /** Whether a start is in flight. */
  get starting() {
    return this.started !== null;
  }

  /** Settles when the start in flight (if any) has: what it opened is then in `tracks`. */
  whenStarted() {
    return (this.started || Promise.resolve()).then(() => undefined, () => undefined);
  }

  summary() {
    return { audio: !!this.tracks.audio, video: !!this.tracks.video, problems: { ...this.problems } };
  }

  /** Live local tracks, for publishing. */
  liveTracks() {
    return ['audio', 'video'].map((kind) => this.tracks[kind]).filter(Boolean);
  }

  /** Mutes/unmutes the microphone or turns the camera off/on (the track keeps its place). */
  setEnabled(kind, enabled) {
    this.enabled[kind] = !!enabled;
    if (this.tracks[kind]) this.tracks[kind].enabled = this.enabled[kind];
  }

  /** What the other side should be told: microphone on, camera on. */
  mediaState() {
    return {
      audio: !!this.tracks.audio && this.enabled.audio,
      video: !!this.tracks.video && this.enabled.video,
    };
  }

  /** Switches to another camera or microphone. */
  async useDevice(kind, deviceId) {
    const current = this.tracks[kind];
    if (current && current.getSettings().deviceId === deviceId) return;
    if (current) current.stop(); // some phones can open only one camera at a time
    try {
      this.#set(kind, await openTrack(kind, deviceId));
      delete this.problems[kind];
    } catch (error) {
      this.#set(kind, null);
      throw error;
    }
  }

  async devices() {
    const list = await listDevices();
    const selected = (kind) => (this.tracks[kind] ? this.tracks[kind].getSettings().deviceId || '' : '');
    return { ...list, selected: { audio: selected('audio'), video: selected('video') } };
  }

  level() {
    return this.meter ? this.meter.level() : 0;
  }

  /** A user gesture happened: let WebAudio start. */
  resumeAudio() {
    if (this.meter) this.meter.resume();
  }

  stop() {
    this.stopped = true;
    this.unwatch();
    for (const kind of ['audio', 'video']) this.#set(kind, null);
  }

  /** A device went away (unplugged headset, camera taken by the system): fall back to the default one. */
  async #lost(kind, track) {
    if (this.tracks[kind] !== track || this.stopped) return;
    let next = null;
    try {
      next = await openTrack(kind, undefined);
    } catch {
      // nothing else to use; the call continues without this kind
    }
    if (this.tracks[kind] === track && !this.stopped) this.#set(kind, next);
    else if (next) next.stop();
  }

  #set(kind, track) {
    const old = this.tracks[kind];
    if (old === track) return;
    if (old) {
      old.stop();
      this.stream.removeTrack(old);
    }
    this.tracks[kind] = track;
    if (track) {
      track.enabled = this.enabled[kind];
      this.stream.addTrack(track);
      track.addEventListener('ended', () => this.#lost(kind, track), { once: true });
    }
    if (kind === 'audio') {
      if (this.meter) this.meter.close();
      this.meter = track ? new LevelMeter(track) : null;
    }
    this.onTrackChanged(kind, track);
  }
}
