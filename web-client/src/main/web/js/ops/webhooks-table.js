// The webhook panel of the ops page: endpoints (with their queue lag), dead letters, and the
// recent deliveries with their last result. Only the DOM of its own section.
import { when } from './format.js';

function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function lastResult(delivery) {
  if (delivery.lastError) return delivery.lastError;
  if (delivery.lastStatus) return `HTTP ${delivery.lastStatus}`;
  return '—';
}

/**
 * @param section the panel (hidden while no endpoint is configured)
 * @param summary where endpoints and dead letters are summed up
 * @param body the deliveries' table body
 * @param empty shown when there is no delivery yet
 */
export function webhooksTable({ section, summary, body, empty }) {
  function render(webhooks) {
    section.hidden = webhooks.endpoints.length === 0;
    const endpoints = webhooks.endpoints
      .map((endpoint) => `${endpoint.name} (${endpoint.origin}, waiting ${Math.round(endpoint.lagSeconds)} s)`)
      .join(' · ');
    summary.textContent = `${endpoints} · ${webhooks.deadLetters} dead letter${webhooks.deadLetters === 1 ? '' : 's'}`;
    const failedIds = new Set(webhooks.failures.map((delivery) => delivery.id));
    // the recent list first; failures and dead letters that dropped out of it still show
    const rows = [...webhooks.recent];
    for (const delivery of [...webhooks.failures, ...webhooks.dead]) {
      if (!rows.some((row) => row.id === delivery.id)) rows.push(delivery);
    }
    body.replaceChildren(...rows.map((delivery) => {
      const row = el('tr');
      row.dataset.deliveryId = delivery.id;
      row.append(el('td', 'created', when(delivery.updatedAt)), el('td', 'case', delivery.type));
      const call = el('td', 'case', delivery.callId);
      call.title = delivery.eventId;
      const status = el('td', 'status');
      status.append(el('span', `badge delivery-${delivery.status}`, delivery.status));
      const result = el('td', failedIds.has(delivery.id) ? 'result bad' : 'result', lastResult(delivery));
      row.append(call, el('td', null, delivery.endpoint), status, el('td', 'num', String(delivery.attempts)), result);
      return row;
    }));
    empty.hidden = rows.length > 0;
  }

  return { render };
}
