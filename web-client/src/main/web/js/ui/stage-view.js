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
   */
  constructor(root, { call, t, role, otherName, onHangUp }) {
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
    this.hangUpButton = h('button', { type: 'button', class: 'control control-danger', id: 'hang-up', 'data-testid': 'hang-up', 'aria-label': t('call.hangUp'), title: t('call.hangUp'), onclick: onHangUp }, icon('hangUp'));
    this.controls = h('div', { class: 'controls', role: 'toolbar', 'aria-label': t('call.controls') }, this.micButton, this.cameraButton, this.hangUpButton);
    this.controls.addEventListener('keydown', (event) => this.#arrowKeys(event));
    root.replaceChildren(this.stage, this.controls, this.announcer);
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

  #listen() {
    const call = this.call;
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

function controlButton(id, onIcon, offIcon, onClick) {
  const button = h('button', { type: 'button', class: 'control', id, 'data-testid': id, onclick: onClick });
  button.append(icon(onIcon, 'icon-on'), icon(offIcon, 'icon-off'));
  return button;
}

function initial(name) {
  const first = (name || '').trim().codePointAt(0);
  return first ? String.fromCodePoint(first).toUpperCase() : '·';
}
