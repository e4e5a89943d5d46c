/**
 * The customer's pre-join view: camera preview, device choice, microphone level, help when
 * media is blocked or missing, the consent line and the Join button. Binds to join.html.
 */
import { CallEvent } from '../call/events.js';
import { attach, byId, setToggle } from './dom.js';
import { fillSelect } from './stage-view.js';
import { mediaNotice, signalWord, stateTexts } from './texts.js';

/** What the preview says when there is no camera picture, by the reason. */
const CAMERA_MISSING = Object.freeze({ denied: 'prejoin.cameraBlocked', in_use: 'prejoin.cameraBusy', insecure: 'prejoin.cameraBlocked' });

export class PrejoinView {
  /**
   * @param {object} options
   * @param {import('../call/call-engine.js').CallEngine} options.call
   * @param {function(string, object=): string} options.t
   * @param {function()} options.onJoin
   */
  constructor({ call, t, onJoin }) {
    Object.assign(this, { call, t });
    const me = call.localParticipant;
    this.me = me;
    this.video = byId('preview-video');
    this.overlay = byId('preview-overlay');
    this.overlayText = byId('preview-overlay-text');
    this.cameraSelect = byId('camera-select');
    this.micSelect = byId('mic-select');
    this.meter = byId('mic-meter');
    this.notice = byId('media-notice');
    this.noticeText = byId('media-notice-text');
    this.joinButton = byId('join');
    this.netNotice = byId('net-notice');
    this.micToggle = byId('preview-mic');
    this.cameraToggle = byId('preview-camera');
    this.mediaKnown = false;

    this.joinButton.addEventListener('click', () => {
      this.joinButton.disabled = true;
      this.joinButton.textContent = t('prejoin.joining');
      onJoin();
    });
    byId('media-retry').addEventListener('click', () => me.start({ retry: true }));
    this.cameraSelect.addEventListener('change', () => me.useDevice('video', this.cameraSelect.value));
    this.micSelect.addEventListener('change', () => me.useDevice('audio', this.micSelect.value));
    this.micToggle.addEventListener('click', () => me.setMicrophoneEnabled(!me.mediaState().audio));
    this.cameraToggle.addEventListener('click', () => me.setCameraEnabled(!me.mediaState().video));
    this.flipButton = byId('preview-flip');
    this.flipButton.addEventListener('click', () => me.flipCamera());

    call.on(CallEvent.LOCAL_MEDIA, (media) => this.#media(media));
    call.on(CallEvent.LOCAL_MUTE, () => this.#render());
    call.on(CallEvent.DEVICES, (devices) => this.#devices(devices));
    call.on(CallEvent.SIGNAL, ({ state, attempt }) => {
      const key = stateTexts({ state: call.state, role: 'customer', signal: signalWord(state, attempt) }).status;
      this.netNotice.textContent = key ? t(key) : '';
    });
    this.#render();
    this.#meterLoop();
  }

  #media({ stream }) {
    this.mediaKnown = true;
    attach(this.video, stream).catch(() => {});
    this.#render();
  }

  #render() {
    const t = this.t;
    const media = this.me.summary();
    const on = this.me.mediaState();
    let overlay = null;
    if (!this.mediaKnown) overlay = 'prejoin.startingCamera';
    else if (!media.video) overlay = CAMERA_MISSING[media.problems.video] || 'prejoin.noCamera';
    else if (!on.video) overlay = 'prejoin.cameraOff';
    this.overlay.hidden = !overlay;
    this.overlay.classList.toggle('is-busy', !this.mediaKnown);
    this.overlayText.textContent = overlay ? t(overlay) : '';

    const notice = this.mediaKnown ? mediaNotice(media) : null;
    this.notice.hidden = !notice;
    this.noticeText.textContent = notice ? t(notice) : '';
    if (!this.joinButton.disabled) {
      this.joinButton.textContent = t(this.mediaKnown && !media.video && media.audio ? 'prejoin.joinAudioOnly' : 'prejoin.join');
    }
    setToggle(this.micToggle, on.audio, t(on.audio ? 'call.mute' : 'call.unmute'), !media.audio);
    setToggle(this.cameraToggle, on.video, t(on.video ? 'call.cameraOff' : 'call.cameraOn'), !media.video);
    this.meter.hidden = !media.audio;
  }

  #devices({ cameras, microphones, selected }) {
    fillSelect(this.cameraSelect, cameras, selected.video, (n) => this.t('device.camera', { n }), this.t('device.none'));
    fillSelect(this.micSelect, microphones, selected.audio, (n) => this.t('device.microphone', { n }), this.t('device.none'));
    this.flipButton.hidden = cameras.length < 2;
  }

  /** Draws the microphone level while the pre-join view is on screen. */
  #meterLoop() {
    const fillBar = this.meter.querySelector('.meter-fill');
    const view = this.meter.closest('[data-view]');
    let lastAria = 0;
    const frame = (now) => {
      if (view.hidden) return; // joined: the meter is gone for good
      if (!this.meter.hidden) {
        const level = this.me.level();
        fillBar.style.transform = `scaleX(${level.toFixed(3)})`;
        if (now - lastAria > 500) {
          lastAria = now;
          this.meter.setAttribute('aria-valuenow', String(Math.round(level * 100)));
        }
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }
}
