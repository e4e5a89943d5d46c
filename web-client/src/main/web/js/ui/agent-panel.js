/**
 * The agent's side panel: the case context, the customer's invite link with Copy, and the
 * End call form (outcome + note). Binds to agent.html.
 */
import { CallEvent } from '../call/events.js';
import { byId, h } from './dom.js';
import { fillInto } from './i18n-dom.js';

export const OUTCOMES = Object.freeze(['reshipped', 'refunded', 'claim_filed', 'other']);
export const NOTE_MAX = 2000;

/** An order value in the page's language, e.g. "US$1,249.00" / "1.249,00 €". */
export function formatMoney(money, locale) {
  if (!money || money.amount === undefined || money.amount === null) return null;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(Number(money.amount));
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}

export class AgentPanel {
  /**
   * @param {object} options
   * @param {import('../call/call-engine.js').CallEngine} options.call
   * @param {object} options.session
   * @param {function(string, object=): string} options.t
   * @param {string} options.locale
   */
  constructor({ call, session, t, locale }) {
    Object.assign(this, { call, session, t, locale });
    this.#context();
    this.#invite();
    this.#endForm();
  }

  #context() {
    const { session, t, locale } = this;
    // Ids stay left to right on a right-to-left page; names and amounts keep their own direction.
    byId('case-id').replaceChildren(h('bdi', { dir: 'ltr' }, session.caseId || '—'));
    byId('case-reason').replaceChildren(h('bdi', {}, session.reason || '—'));
    byId('order-value').replaceChildren(h('bdi', {}, formatMoney(session.orderValue, locale) || '—'));
    byId('customer-name').replaceChildren(h('bdi', {}, session.otherName || '—'));
    document.title = t('page.title.agent', { caseId: session.caseId || '' });
    fillInto(byId('agent-title'), t, 'page.title.agent', { caseId: session.caseId || '' }, ['caseId']);
  }

  #invite() {
    const { session, t, locale } = this;
    const link = byId('invite-link');
    const copy = byId('copy-invite');
    const status = byId('copy-status');
    link.value = session.inviteUrl || '';
    const until = session.inviteExpiresAt ? new Date(session.inviteExpiresAt) : null;
    if (until && !Number.isNaN(until.getTime())) {
      fillInto(byId('invite-help'), t, 'agent.invite.help', { name: session.otherName, time: keepTogether(new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(until)) });
    }
    link.addEventListener('focus', () => link.select());
    let reset = null;
    copy.addEventListener('click', async () => {
      const copied = await copyText(link);
      copy.dataset.copied = String(copied);
      copy.querySelector('.copy-label').textContent = t(copied ? 'agent.copied' : 'agent.copy');
      status.textContent = t(copied ? 'agent.copied' : 'agent.copyFailed');
      clearTimeout(reset);
      reset = setTimeout(() => {
        copy.dataset.copied = 'false';
        copy.querySelector('.copy-label').textContent = t('agent.copy');
        status.textContent = '';
      }, 2500);
    });
  }

  #endForm() {
    const { call, t } = this;
    const outcome = byId('end-outcome');
    const note = byId('end-note');
    const count = byId('note-count');
    const button = byId('end-call');
    const status = byId('end-status');
    outcome.replaceChildren(
      h('option', { value: '' }, t('agent.end.outcomeNone')),
      ...OUTCOMES.map((value) => h('option', { value }, t(`outcome.${value}`))),
    );
    note.maxLength = NOTE_MAX;
    const counter = () => { count.textContent = t('agent.end.noteCount', { count: note.value.length, max: NOTE_MAX }); };
    note.addEventListener('input', counter);
    counter();
    byId('end-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const sent = call.end({ outcome: outcome.value || undefined, note: note.value.trim() || undefined });
      if (!sent) {
        status.textContent = t('agent.end.failed');
        return;
      }
      button.disabled = true;
      button.textContent = t('agent.end.ending');
      status.textContent = '';
    });
    call.on(CallEvent.ERROR, ({ ref }) => {
      if (ref !== 'end') return;
      button.disabled = false;
      button.textContent = t('agent.end.submit');
      status.textContent = t('agent.end.failed');
    });
  }
}

/** A value that must not break over two lines ("8:19 PM", "下午8:19"). */
function keepTogether(text) {
  return text.replace(/ /g, '\u00a0');
}

async function copyText(input) {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    // No clipboard permission (or an insecure page): select the text and try the old way.
    input.focus();
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}
