/**
 * What both pages do first: take the token from the link, pick the language, ask the server
 * for the session, and build the call engine. Failures end on a friendly message view.
 */
import { CallEngine } from '../call/call-engine.js';
import { CallEvent, CallState } from '../call/events.js';
import { deviceId, fetchSession, keepToken, rtcConfiguration, socketUrl, takeToken, unverifiedClaims } from '../call/session.js';
import { direction, loadMessages, resolveLocale, translator } from '../i18n/i18n.js';
import { browserEnv } from '../platform/browser-env.js';
import { renderIcons } from './dom.js';
import { translate } from './i18n-dom.js';
import { showMessage } from './message-view.js';
import { failureTexts } from './texts.js';

const LANGUAGE_KEY = 'casecall.language';
const HINT_KEY = 'casecall.clientOffers';
const DEVICE_KEY = 'casecall.device.'; // + audio | video: the chosen microphone and camera

/**
 * @param {{role: 'customer'|'agent', pageReady: number}} page
 * @returns {Promise<?{call: CallEngine, session: object, t: function, locale: string}>} null
 *   when the page ended on a message
 */
export async function boot({ role, pageReady }) {
  window.casecall = { state: () => 'loading', timings: () => ({}), reports: () => [] };
  // Opening another link in this tab changes only the fragment, which does not load the page
  // again: start over with the new token.
  window.addEventListener('hashchange', () => { if (location.hash.includes('token=')) location.reload(); });
  renderIcons();
  const env = browserEnv();
  const token = takeToken(env);
  const claims = token ? unverifiedClaims(token) : {};
  let locale = resolveLocale([env.storage.getItem(LANGUAGE_KEY), claims.locale, ...browserLanguages()]);
  let t = await localize(locale, role);

  const fail = (code) => {
    const texts = failureTexts(code, role);
    showMessage({
      tone: texts.tone,
      title: t(texts.title),
      body: t(texts.body),
      action: texts.action === 'reload' ? { label: t('common.tryAgain'), onClick: () => location.reload(), testId: 'retry' } : null,
    });
    window.casecall.state = () => `failed:${code}`;
  };

  if (!CallEngine.supported()) {
    fail('unsupported');
    return null;
  }
  const session = await sessionWithRetry(token, env, t, fail, role);
  if (!session) return null;
  if (session.role !== role) {
    fail('token_wrong_call');
    return null;
  }
  const trusted = resolveLocale([env.storage.getItem(LANGUAGE_KEY), session.locale, ...browserLanguages()]);
  if (trusted !== locale) {
    locale = trusted;
    t = await localize(locale, role);
  }

  let current = token; // the newest room token: the link's, then the server's refreshes
  const call = new CallEngine({
    session,
    token,
    device: deviceId(env),
    wsUrl: socketUrl(env),
    clientOffersHint: env.storage.getItem(HINT_KEY) !== 'false',
    checkSession: () => fetchSession(current, env),
    signalOptions: { network: env.network },
    transportOptions: { config: rtcConfiguration(session) },
    http: env.fetch,
    devices: { get: (kind) => env.storage.getItem(DEVICE_KEY + kind), set: (kind, id) => env.storage.setItem(DEVICE_KEY + kind, id) },
  });
  call.on(CallEvent.TOKEN, ({ token: fresh }) => {
    current = fresh;
    keepToken(fresh, env);
  });
  call.pageReady(pageReady);
  call.on(CallEvent.JOINED, ({ clientOffers }) => env.storage.setItem(HINT_KEY, String(clientOffers)));
  call.on(CallEvent.STATE, ({ state, detail }) => {
    if (state === CallState.FAILED) fail(detail.code);
  });
  window.casecall = {
    locale,
    call,
    state: () => call.state,
    timings: () => call.timings.marks(),
    reports: () => call.sentReports(),
    stats: () => call.mediaStats(),
    prewarmed: () => call.prewarmed(),
    timeline: () => call.timeline.entries(),
  };
  return { call, session, t, locale };
}

/** Remembers a language the user picked and reloads (the token survives in session storage). */
export function chooseLanguage(locale) {
  browserEnv().storage.setItem(LANGUAGE_KEY, locale);
  location.reload();
}

async function localize(locale, role) {
  const t = translator(await loadMessages(locale), locale);
  document.documentElement.lang = locale;
  document.documentElement.dir = direction(locale);
  document.title = t(`page.title.${role}`, { caseId: '' });
  translate(document, t);
  return t;
}

async function sessionWithRetry(token, env, t, fail, role) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchSession(token, env);
    } catch (error) {
      if (!error.retryable) {
        fail(error.code);
        return null;
      }
      const texts = failureTexts(error.code, role);
      showMessage({ tone: 'info', title: t(texts.title), body: t(texts.body) });
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 1000 * 2 ** attempt)));
    }
  }
}

function browserLanguages() {
  return navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
}
