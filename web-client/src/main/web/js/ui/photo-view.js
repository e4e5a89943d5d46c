/**
 * Photos in the call (docs/evidence.md). The customer's page: the agent's request shows a
 * visible notice with a countdown the customer can stop, then a shutter sound, and the still
 * from the customer's own camera is uploaded; "Send a photo" sends a picture of the customer's
 * own choosing (a label, a receipt). The agent's page: "Take photo", and the call's photos as
 * thumbnails in the side panel (read with the agent's room token: its own call only).
 */
import { CallEvent } from '../call/events.js';
import { h, icon } from './dom.js';
import { playShutter } from './shutter.js';

const ACCEPT = 'image/jpeg,image/png,image/webp';

/** What an upload failure says, by the problem's code. */
function failureKey(code) {
  if (code === 'payload_too_large') return 'photo.tooLarge';
  if (code === 'unsupported_media_type' || code === 'malformed_image') return 'photo.unsupported';
  return 'photo.failed';
}

export class CustomerPhotos {
  /**
   * @param {object} options
   * @param {import('../call/call-engine.js').CallEngine} options.call
   * @param {function(string, object=): string} options.t
   * @param {function(): ?HTMLVideoElement} options.selfVideo the element playing the own camera
   */
  constructor({ call, t, selfVideo }) {
    Object.assign(this, { call, t, selfVideo });
    this.input = h('input', { type: 'file', accept: ACCEPT, capture: 'environment', class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true', 'data-testid': 'photo-file' });
    this.input.addEventListener('change', () => this.#sendFile());
    this.sendButton = h('button', { type: 'button', class: 'control', id: 'send-photo', 'data-testid': 'send-photo', 'aria-label': t('call.sendPhoto'), title: t('call.sendPhoto'), onclick: () => this.input.click() }, icon('photo'));
    this.countText = h('p', { class: 'photo-count', 'data-testid': 'photo-countdown' });
    this.cancelButton = h('button', { type: 'button', class: 'button button-light', 'data-testid': 'photo-cancel', onclick: () => this.#cancel() }, t('photo.cancel'));
    this.notice = h('div', { class: 'photo-notice', role: 'alertdialog', 'aria-modal': 'false', 'aria-labelledby': 'photo-notice-title', 'data-testid': 'photo-notice', hidden: true },
      icon('photo', 'photo-notice-icon'),
      h('p', { class: 'photo-notice-title', id: 'photo-notice-title' }, t('photo.requested')),
      this.countText, this.cancelButton);
    this.toast = h('p', { class: 'photo-toast', role: 'status', 'aria-live': 'polite', 'data-testid': 'photo-status' });
    this.flash = h('div', { class: 'photo-flash', 'aria-hidden': 'true', hidden: true });
    call.on(CallEvent.PHOTO_REQUESTED, (request) => this.#requested(request));
  }

  /** The button for the call controls. */
  get controls() {
    return [this.sendButton];
  }

  /** Puts the notice, the flash and the status line into the stage. */
  mount(stage) {
    stage.append(this.notice, this.flash, this.toast, this.input);
  }

  #requested({ requestId, countdown }) {
    clearInterval(this.timer);
    this.pending = requestId;
    let left = Math.max(0, countdown);
    const tick = () => {
      this.countText.textContent = this.t('photo.countdown', { seconds: left });
      if (left === 0) {
        clearInterval(this.timer);
        this.#capture(requestId);
      }
      left -= 1;
    };
    this.notice.hidden = false;
    this.cancelButton.focus({ preventScroll: true });
    tick();
    if (!this.notice.hidden) this.timer = setInterval(tick, 1000);
  }

  #cancel() {
    clearInterval(this.timer);
    this.pending = null;
    this.notice.hidden = true;
    this.#status('photo.cancelled');
  }

  async #capture(requestId) {
    if (this.pending !== requestId) return;
    this.pending = null;
    playShutter();
    this.flash.hidden = false;
    setTimeout(() => { this.flash.hidden = true; }, 250);
    try {
      const { blob } = await this.call.localParticipant.takePhoto({ video: this.selfVideo() });
      await this.call.photos.upload(blob, { requestId, notice: true });
      this.#status('photo.sent');
    } catch (error) {
      this.#status(failureKey(error && error.code));
    } finally {
      this.notice.hidden = true;
    }
  }

  async #sendFile() {
    const file = this.input.files && this.input.files[0];
    this.input.value = '';
    if (!file) return;
    this.#status('photo.sending');
    try {
      await this.call.photos.upload(file, { notice: false });
      this.#status('photo.sent');
    } catch (error) {
      this.#status(failureKey(error && error.code));
    }
  }

  #status(key) {
    this.toast.textContent = this.t(key);
    this.toast.dataset.key = key;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => { this.toast.textContent = ''; }, 5000);
  }
}

export class AgentPhotos {
  /**
   * @param {object} options
   * @param {import('../call/call-engine.js').CallEngine} options.call
   * @param {function(string, object=): string} options.t
   * @param {string} options.locale
   * @param {{list: HTMLElement, panel: HTMLElement}} options.elements the side panel's thumbnails (the panel shows from the first photo on)
   */
  constructor({ call, t, locale, elements }) {
    Object.assign(this, { call, t, locale, ...elements });
    this.shown = new Set();
    this.button = h('button', { type: 'button', class: 'control', id: 'take-photo', 'data-testid': 'take-photo', 'aria-label': t('photo.take'), title: t('photo.take'), onclick: () => {
      if (this.call.requestPhoto()) this.#say('photo.asking');
    } }, icon('photo'));
    this.status = h('p', { class: 'photo-toast', role: 'status', 'aria-live': 'polite', 'data-testid': 'photo-status' });
    call.on(CallEvent.PHOTO_REQUESTED, ({ countdown }) => this.#say('photo.waiting', { seconds: countdown }));
    call.on(CallEvent.PHOTO_ADDED, (item) => this.#added(item));
    call.on(CallEvent.ERROR, ({ code, ref }) => {
      if (ref === 'photo_request') this.#say(code === 'photo_request_too_soon' ? 'photo.tooSoon' : 'photo.failed');
    });
    call.on(CallEvent.JOINED, () => this.#load());
    call.on(CallEvent.STATE, ({ state }) => { this.button.disabled = state !== 'connected'; });
    this.button.disabled = true;
  }

  /** The button for the call controls. */
  get controls() {
    return [this.button];
  }

  /** Puts the status line into the stage. */
  mount(stage) {
    stage.append(this.status);
  }

  /** The photos already kept (a reload during the call). */
  async #load() {
    try {
      for (const item of await this.call.photos.list()) await this.#show(item);
    } catch {
      // the thumbnails are a convenience: the photos are kept either way
    }
  }

  async #added(item) {
    if (item.requestedBy === 'agent') playShutter();
    this.#say('photo.received');
    await this.#show(item);
  }

  /** The agent's status line on the stage; it clears itself. */
  #say(key, params) {
    this.status.textContent = this.t(key, params);
    this.status.dataset.key = key;
    clearTimeout(this.sayTimer);
    this.sayTimer = setTimeout(() => { this.status.textContent = ''; }, 15_000);
  }

  async #show(item) {
    if (this.shown.has(item.evidenceId)) return;
    this.shown.add(item.evidenceId);
    const n = this.shown.size;
    const time = new Intl.DateTimeFormat(this.locale, { timeStyle: 'short' }).format(new Date(item.at));
    const alt = this.t('photo.alt', { n, time });
    const figure = h('li', { class: 'photo-thumb', 'data-testid': 'photo-thumb', 'data-evidence-id': item.evidenceId });
    this.list.append(figure);
    this.panel.hidden = false;
    try {
      const url = URL.createObjectURL(await this.call.photos.image(item.evidenceId));
      figure.append(h('a', { href: url, target: '_blank', rel: 'noopener', 'aria-label': alt }, h('img', { src: url, alt, loading: 'lazy' })));
    } catch {
      figure.append(h('span', { class: 'photo-missing' }, alt));
    }
  }
}
