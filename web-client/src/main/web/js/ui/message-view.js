/** The calm full-page message used for errors and for the end of a call. */
import { byId, h, icon, showView } from './dom.js';
import { endTexts } from './texts.js';

/**
 * @param {object} message
 * @param {'error'|'end'|'info'} message.tone `info` for what is nobody's fault (an expired
 *   link, an ended call), `error` for what went wrong
 * @param {string} message.title
 * @param {string} [message.body]
 * @param {string[]} [message.details] smaller lines under the body
 * @param {{label: string, onClick: function, testId?: string}} [message.action]
 */
export function showMessage({ tone, title, body, details = [], action }) {
  const card = byId('message-card');
  card.dataset.tone = tone;
  card.dataset.testid = tone === 'end' ? 'end-view' : 'error-view';
  const iconName = { end: 'check', info: 'info', error: 'alert' }[tone] || 'alert';
  card.replaceChildren(...[
    icon(iconName, 'message-icon'),
    h('h1', { class: 'message-title', id: 'message-title', tabindex: '-1' }, title),
    body ? h('p', { class: 'message-body' }, body) : null,
    ...details.map((line) => h('p', { class: 'message-detail' }, line)),
    action ? h('button', {
      type: 'button', class: 'button button-primary', 'data-testid': action.testId || 'message-action', onclick: action.onClick,
    }, action.label) : null,
  ].filter(Boolean));
  card.setAttribute('aria-labelledby', 'message-title');
  showView('message');
  // Move focus to the heading so screen readers announce the new situation.
  byId('message-title').focus({ preventScroll: true });
}

/**
 * The calm end of a call: what happened, and for the agent the outcome, for the customer that
 * the page may be closed. Someone who hung up may rejoin (a reload: the token is kept).
 * @param {{reason: string, outcome?: string, role: string, t: function}} end
 */
export function showEnd({ reason, outcome, role, t }) {
  const texts = endTexts({ reason, role });
  const details = role === 'agent'
    ? (outcome ? [t('agent.end.summary', { outcome: t(`outcome.${outcome}`) })] : [])
    : [t('end.closeHint')];
  showMessage({
    tone: 'end',
    title: t(texts.title),
    body: t(texts.body),
    details,
    action: texts.rejoin ? { label: t('end.rejoin'), onClick: () => location.reload(), testId: 'rejoin' } : null,
  });
}
