/**
 * The in-call view both pages share: the other side large, self view in a corner, the state in
 * words, and the controls. Listens to call events; calls only the engine's public methods.
 */
import { CallEvent, CallState } from '../call/events.js';
import { attach, h, icon, setToggle } from './dom.js';
import { fillInto } from './i18n-dom.js';
import { signalWord, stateTexts } from './texts.js';

export class StageView {
  /**
   * @param {HTMLElement} root where to build the view
   * @param {object} options
   * @param {import('../call/call-engine.js').CallEngine} options.call
   * @param {function(string, object=): string} options.t
   * @param {string} options.role this side's role
   * @param {string} options.otherName display name of the other side
   * @param {function()} options.onHangUp
   * @param {HTMLElement[]} [options.extraControls] page buttons placed before Leave call
   */
  constructor(root, { call, t, role, otherName, onHangUp, extraControls = [] }) {
    this.extraControls = extraControls;
    Object.assign(this, { call, t, role, otherName });
    this.me = call.localParticipant;
    this.signal = 'connecting';
    this.mediaKnown = false;
    this.remoteVideoTrack = null;
    this.remote = { video: true, audio: true };
    this.remoteAudio = new MediaStream();
    this.#build(root, onHangUp);
    this.#listen();
    this.#render();
  }

  #build(root, onHangUp) {
    const t = this.t;
    this.remoteVideo = h('video', { class: 'remote-video', id: 'remote-video', 'data-testid': 'remote-video', autoplay: true, playsinline: true, muted: true });
    this.remoteVideo.muted = true; // the audio element plays the sound
    this.audio = h('audio', { id: 'remote-audio', 'data-testid': 'remote-audio', autoplay: true });
    this.avatar = h('div', { class: 'avatar', 'aria-hidden': 'true' }, initial(this.otherName));
    this.stageText = h('p', { class: 'stage-text' });
    this.placeholder = h('div', { class: 'stage-placeholder' }, this.avatar, h('p', { class: 'stage-name' }, this.otherName), this.stageText);
    this.stateText = h('span', { class: 'state-text' });
    this.statePill = h('p', { class: 'state-pill', id: 'call-state', 'data-testid': 'call-state' },
      h('span', { class: 'state-dot', 'aria-hidden': 'true' }), this.stateText);
    // What a screen reader says when the call's state changes ("Connected", "Reconnecting…"):
    // always in the page, so its changes are announced even while the pill is hidden.
    this.announcer = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'data-testid': 'call-announcer' });
    this.mutedBadge = h('span', { class: 'badge', 'data-testid': 'remote-muted', hidden: true }, icon('micOff', 'badge-icon'), t('call.muted'));
    this.localVideo = h('video', { class: 'local-video', id: 'local-video', 'data-testid': 'local-video', autoplay: true, playsinline: true, muted: true });
    this.localVideo.muted = true;
    this.selfOff = h('div', { class: 'self-off', hidden: true }, icon('cameraOff'));
    this.soundButton = h('button', { type: 'button', class: 'button button-light enable-sound', 'data-testid': 'enable-sound', hidden: true, onclick: () => this.#playAudio() },
      icon('sound'), t('call.enableSound'));
    this.stage = h('div', { class: 'stage' },
      this.remoteVideo, this.audio, this.placeholder,
      h('div', { class: 'stage-top' }, this.statePill),
      h('div', { class: 'remote-label' }, h('span', { class: 'remote-name' }, this.otherName), this.mutedBadge),
      this.selfView = h('div', { class: 'self-view' }, this.localVideo, this.selfOff, h('span', { class: 'self-label' }, t('call.you'))),
      this.soundButton);

    this.micButton = controlButton('toggle-mic', 'mic', 'micOff', () => this.me.setMicrophoneEnabled(!this.me.mediaState().audio));
    this.cameraButton = controlButton('toggle-camera', 'camera', 'cameraOff', () => this.me.setCameraEnabled(!this.me.mediaState().video));
    // one tap to the next camera (front/rear on a phone); shown when there is more than one
    this.flipButton = h('button', { type: 'button', class: 'control', id: 'switch-camera', 'data-testid': 'switch-camera', 'aria-label': t('call.switchCamera'), title: t('call.switchCamera'), hidden: true, onclick: () => this.me.flipCamera() }, icon('flip'));
    this.devicesButton = h('button', { type: 'button', class: 'control', id: 'device-menu-toggle', 'data-testid': 'device-menu-toggle', 'aria-label': t('call.devices'), title: t('call.devices'), 'aria-expanded': 'false', 'aria-controls': 'device-menu', onclick: () => this.#toggleDevices() }, icon('settings'));
    this.cameraSelect = h('select', { id: 'call-camera-select', 'data-testid': 'call-camera-select', onchange: () => this.me.useDevice('video', this.cameraSelect.value) });
    this.micSelect = h('select', { id: 'call-mic-select', 'data-testid': 'call-mic-select', onchange: () => this.me.useDevice('audio', this.micSelect.value) });
    this.deviceMenu = h('div', { class: 'device-menu', id: 'device-menu', 'data-testid': 'device-menu', hidden: true },
      h('label', { for: 'call-camera-select' }, t('prejoin.camera')), this.cameraSelect,
      h('label', { for: 'call-mic-select' }, t('prejoin.microphone')), this.micSelect);
    this.hangUpButton = h('button', { type: 'button', class: 'control control-danger', id: 'hang-up', 'data-testid': 'hang-up', 'aria-label': t('call.hangUp'), title: t('call.hangUp'), onclick: onHangUp }, icon('hangUp'));
    this.controls = h('div', { class: 'controls', role: 'toolbar', 'aria-label': t('call.controls') }, this.micButton, this.cameraButton, this.flipButton, this.devicesButton, ...this.extraControls, this.hangUpButton);
    this.controls.addEventListener('keydown', (event) => this.#arrowKeys(event));
    root.replaceChildren(this.stage, this.deviceMenu, this.controls, this.announcer);
    this.remoteVideo.addEventListener('resize', () => this.#render());
  }

  /** Puts keyboard focus on the first control that can be used (after the pre-join view left). */
  focus() {
    const first = [this.micButton, this.cameraButton, this.hangUpButton].find((button) => !button.disabled);
    first.focus({ preventScroll: true });
  }

  /** A toolbar moves between its buttons with the arrow keys too (mirrored right to left). */
  #arrowKeys(event) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const buttons = [...this.controls.querySelectorAll('button:not(:disabled)')];
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    const rtl = getComputedStyle(this.controls).direction === 'rtl';
    const step = (event.key === 'ArrowRight') !== rtl ? 1 : -1;
    buttons[(at + step + buttons.length) % buttons.length].focus();
    event.preventDefault();
  }

  #toggleDevices() {
    const open = this.deviceMenu.hidden;
    this.deviceMenu.hidden = !open;
    this.devicesButton.setAttribute('aria-expanded', String(open));
    if (open) this.cameraSelect.focus();
  }

  #devices({ cameras, microphones, selected }) {
    const t = this.t;
    fillSelect(this.cameraSelect, cameras, selected.video, (n) => t('device.camera', { n }), t('device.none'));
    fillSelect(this.micSelect, microphones, selected.audio, (n) => t('device.microphone', { n }), t('device.none'));
    this.flipButton.hidden = cameras.length < 2;
  }

  #listen() {
    const call = this.call;
    call.on(CallEvent.DEVICES, (devices) => this.#devices(devices));
    call.on(CallEvent.STATE, () => this.#render());
    call.on(CallEvent.SIGNAL, ({ state, attempt }) => { this.signal = signalWord(state, attempt); this.#render(); });
    call.on(CallEvent.LOCAL_MEDIA, ({ stream }) => {
      this.mediaKnown = true;
      attach(this.localVideo, stream).catch(() => {});
      this.#render();
    });
    call.on(CallEvent.LOCAL_MUTE, () => this.#render());
    call.on(CallEvent.REMOTE_TRACK_ADDED, ({ track }) => this.#remoteTrack(track));
    call.on(CallEvent.REMOTE_TRACK_REMOVED, ({ track }) => this.#remoteTrackGone(track));
    for (const event of [CallEvent.PARTICIPANT_JOINED, CallEvent.PARTICIPANT_LEFT, CallEvent.PARTICIPANT_MEDIA]) {
      call.on(event, ({ participant }) => {
        this.remote = { ...this.remote, ...participant };
        this.#render();
      });
    }
  }

  #remoteTrack(track) {
    if (track.kind === 'video') {
      this.remoteVideoTrack = track;
      attach(this.remoteVideo, new MediaStream([track])).catch(() => {});
      this.call.observeFirstFrame(this.remoteVideo);
      track.addEventListener('unmute', () => this.#render());
    } else {
      for (const old of this.remoteAudio.getAudioTracks()) this.remoteAudio.removeTrack(old);
      this.remoteAudio.addTrack(track);
      this.#playAudio();
    }
    this.#render();
  }

  #remoteTrackGone(track) {
    if (track === this.remoteVideoTrack) {
      this.remoteVideoTrack = null;
      this.remoteVideo.srcObject = null;
    } else if (this.remoteAudio.getTrackById(track.id)) {
      this.remoteAudio.removeTrack(track);
    }
    this.#render();
  }

  /** Plays the other side's audio; a browser that blocks autoplay gets a button to allow it. */
  #playAudio() {
    attach(this.audio, this.remoteAudio)
      .then(() => { this.soundButton.hidden = true; })
      .catch((error) => { if (error && error.name === 'NotAllowedError') this.soundButton.hidden = false; });
  }

  #render() {
    const { state, detail } = this.call;
    const t = this.t;
    const texts = stateTexts({ state, detail, role: this.role, signal: this.signal });
    this.stateText.textContent = texts.status ? t(texts.status) : '';
    this.stage.dataset.state = state;
    this.stage.dataset.signal = this.signal || '';

    const together = state === CallState.CONNECTED;
    const remoteVideoOn = together && this.remoteVideoTrack && this.remote.video !== false && this.remoteVideo.videoWidth > 0;
    this.stage.classList.toggle('has-remote-video', !!remoteVideoOn);
    this.placeholder.hidden = !!remoteVideoOn;
    if (together && this.remote.video === false) fillInto(this.stageText, t, 'stage.cameraOff', { name: this.otherName });
    else this.stageText.textContent = texts.stage ? t(texts.stage) : '';
    const announcement = [this.stateText.textContent, this.stageText.textContent].filter(Boolean).join('. ');
    if (this.announcer.textContent !== announcement) this.announcer.textContent = announcement;
    this.placeholder.classList.toggle('is-busy', state === CallState.CONNECTING || state === CallState.RECONNECTING
      || (together && !remoteVideoOn && this.remote.video !== false));
    this.mutedBadge.hidden = !(together && this.remote.audio === false);

    // Until the camera and microphone answered, show them as on (and not yet usable).
    const known = this.mediaKnown;
    const mine = known ? this.me.mediaState() : { audio: true, video: true };
    const has = known ? this.me.summary() : { audio: false, video: false };
    this.selfOff.hidden = mine.video;
    this.selfView.classList.toggle('is-starting', !known);
    setToggle(this.micButton, mine.audio, t(mine.audio ? 'call.mute' : 'call.unmute'), !has.audio);
    setToggle(this.cameraButton, mine.video, t(mine.video ? 'call.cameraOff' : 'call.cameraOn'), !has.video);
  }
}

/** Fills a device select; unlabelled devices (no permission yet) get "Camera 1", "Camera 2"… */
export function fillSelect(select, devices, selectedId, fallbackLabel, noneLabel) {
  const options = devices.map((device, index) => h('option', { value: device.deviceId }, device.label || fallbackLabel(index + 1)));
  if (!options.length) options.push(h('option', { value: '' }, noneLabel));
  select.replaceChildren(...options);
  select.disabled = devices.length === 0;
  if (selectedId) select.value = selectedId;
}

function controlButton(id, onIcon, offIcon, onClick) {
  const button = h('button', { type: 'button', class: 'control', id, 'data-testid': id, onclick: onClick });
  button.append(icon(onIcon, 'icon-on'), icon(offIcon, 'icon-off'));
  return button;
}

function initial(name) {
  const first = (name || '').trim().codePointAt(0);
  return first ? String.fromCodePoint(first).toUpperCase() : '·';
}
