/** The customer's page (/join): pre-join preview, then the call, then a calm end. */
import { CallEvent, CallState } from '../call/events.js';
import { LANGUAGE_NAMES, SUPPORTED } from '../i18n/i18n.js';
import { boot, chooseLanguage } from './boot.js';
import { byId, h, showView } from './dom.js';
import { fillInto } from './i18n-dom.js';
import { showEnd } from './message-view.js';
import { CustomerPhotos } from './photo-view.js';
import { PrejoinView } from './prejoin-view.js';
import { StageView } from './stage-view.js';

const pageReady = performance.now();

const app = await boot({ role: 'customer', pageReady });
if (app) start(app);

function start({ call, session, t, locale }) {
  fillInto(byId('prejoin-case'), t, 'prejoin.caseLine', { caseId: session.caseId || '', name: session.otherName || '' }, ['caseId']);
  languagePicker(locale, t);
  const photos = new CustomerPhotos({ call, t, selfVideo: () => byId('local-video') });
  const stage = new StageView(byId('stage-root'), { call, t, role: 'customer', otherName: session.otherName, onHangUp: () => call.leave(), extraControls: photos.controls });
  photos.mount(stage.stage);
  new PrejoinView({
    call,
    t,
    onJoin: () => {
      call.localParticipant.userGesture();
      call.join();
      showView('call');
      stage.focus(); // the Join button is gone: keyboard and screen reader users land on the call
    },
  });
  call.on(CallEvent.STATE, ({ state, detail }) => {
    if (state === CallState.ENDED) showEnd({ ...detail, role: 'customer', t });
  });
  const gesture = () => call.localParticipant.userGesture();
  document.addEventListener('pointerdown', gesture, { once: true });
  document.addEventListener('keydown', gesture, { once: true });
  showView('prejoin');
  call.prepare();
}

/** The switcher: each language in itself; its label in the page's language, and in English. */
function languagePicker(locale, t) {
  const select = byId('language');
  const label = t('common.language');
  select.setAttribute('aria-label', label === 'Language' ? label : `${label} · Language`);
  select.replaceChildren(...SUPPORTED.map((tag) => h('option', { value: tag, lang: tag }, LANGUAGE_NAMES[tag])));
  select.value = locale;
  select.addEventListener('change', () => chooseLanguage(select.value));
}
