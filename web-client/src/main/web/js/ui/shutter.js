/**
 * The shutter sound both sides hear when a photo is taken: a short burst of noise shaped like a
 * camera's click, made with WebAudio (no sound file to fetch). Silent where audio cannot start.
 */
let context = null;

export function playShutter() {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') context.resume().catch(() => {});
    const length = Math.floor(context.sampleRate * 0.12);
    const buffer = context.createBuffer(1, length, context.sampleRate);
    const samples = buffer.getChannelData(0);
    for (let i = 0; i < length; i++) {
      const t = i / length;
      // two clicks (shutter open, shutter close), each a fast-decaying noise burst
      const envelope = Math.exp(-t * 40) + 0.6 * Math.exp(-Math.max(0, t - 0.45) * 50) * (t > 0.45 ? 1 : 0);
      samples[i] = (Math.random() * 2 - 1) * envelope * 0.5;
    }
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    source.start();
    return true;
  } catch {
    return false;
  }
}
