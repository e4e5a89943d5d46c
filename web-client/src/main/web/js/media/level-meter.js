/**
 * Microphone level through WebAudio, for the pre-join meter. `level()` is 0 (silence,
 * -60 dBFS or less) to 1 (full scale), with a short release so the bar does not flicker.
 */
export class LevelMeter {
  /**
   * @param {MediaStreamTrack} track an audio track
   * @param {{AudioContextImpl?: typeof AudioContext}} [options]
   */
  constructor(track, { AudioContextImpl = globalThis.AudioContext || globalThis.webkitAudioContext } = {}) {
    this.value = 0;
    this.context = null;
    if (!AudioContextImpl || !track) return;
    try {
      this.context = new AudioContextImpl();
      const source = this.context.createMediaStreamSource(new MediaStream([track]));
      this.analyser = this.context.createAnalyser();
      this.analyser.fftSize = 512;
      this.samples = new Float32Array(this.analyser.fftSize);
      source.connect(this.analyser);
      this.resume();
    } catch {
      this.context = null;
    }
  }

  /** An AudioContext made before any user gesture starts suspended; call on a gesture. */
  resume() {
    if (this.context && this.context.state === 'suspended') this.context.resume().catch(() => {});
  }

  /** Current level, 0..1. */
  level() {
    if (!this.context || this.context.state !== 'running') return 0;
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const sample of this.samples) sum += sample * sample;
    const rms = Math.sqrt(sum / this.samples.length);
    const db = rms > 0 ? 20 * Math.log10(rms) : -100;
    const target = Math.min(1, Math.max(0, (db + 60) / 60));
    this.value = target > this.value ? target : this.value * 0.85 + target * 0.15;
    return this.value;
  }

  close() {
    if (this.context) this.context.close().catch(() => {});
    this.context = null;
  }
}
