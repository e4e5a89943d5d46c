// The call list of the ops page: one row per call with its compact waterfall, and a details
// row (per-phase waterfalls, what the server knows) for the calls the user opened. Only the
// DOM of its table body; data and actions come from the page.
import { ms, when } from './format.js';
import { compactWaterfall, detailedWaterfall, scaleFor } from './waterfall.js';

function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function connectCell(join, target) {
  const cell = el('td', 'num connect');
  if (!join) {
    cell.append(el('span', 'muted', 'no report'));
  } else if (join.connectMs != null) {
    cell.append(el('span', join.connectMs <= target ? 'ok' : 'bad', ms(join.connectMs)));
    cell.dataset.value = join.connectMs;
  } else {
    cell.append(el('span', 'warn', join.reconnect ? 'reconnect' : join.outcome));
  }
  return cell;
}

function detailRow(call, target, onRecord) {
  const row = el('tr', 'detail-row');
  const cell = el('td');
  cell.colSpan = 7;
  const box = el('div', 'detail');
  box.append(detailedWaterfall(call.customer, 'Customer (from the click on Join)', target),
    detailedWaterfall(call.agent, 'Agent (from page open)', target));
  const server = el('dl', 'server');
  const facts = [['Created', call.createdAt], ['Agent joined', call.waitingAt], ['Both in', call.connectedAt],
    ['Ended', call.endedAt]];
  for (const [label, value] of facts) {
    server.append(el('dt', null, label), el('dd', null, value ? when(value) : '—'));
  }
  server.append(el('dt', null, 'Ended because'), el('dd', null, call.endReason ?? '—'));
  server.append(el('dt', null, 'Media server'),
    el('dd', null, [call.sfu, call.sfuInstance].filter(Boolean).join(' · ') || '—'));
  const record = el('button', 'link', 'Open the call record');
  record.type = 'button';
  record.dataset.focusKey = `record:${call.callId}`;
  record.addEventListener('click', () => onRecord(call));
  const side = el('div', 'server-box');
  side.append(el('h3', null, 'Server side'), server, record);
  box.append(side);
  cell.append(box);
  row.append(cell);
  return row;
}

/**
 * @param body the table body
 * @param empty the element shown when there are no calls
 * @param scaleLabel where the shared waterfall scale is named
 * @param onRecord called with a call when its record is asked for
 */
export function callsTable({ body, empty, scaleLabel, onRecord }) {
  const expanded = new Set();
  let last = null;
  let current = null;

  function render(list, target) {
    current = { list, target };
    const fingerprint = JSON.stringify(list.calls) + [...expanded].join();
    if (fingerprint === last) return;
    last = fingerprint;
    const scale = scaleFor(list.calls.map((call) => call.customer), target);
    scaleLabel.textContent = `(0–${ms(scale)})`;
    const rows = [];
    for (const call of list.calls) {
      const row = el('tr');
      row.dataset.callId = call.callId;
      row.append(el('td', 'created', when(call.createdAt)));
      const caseCell = el('td', 'case', call.caseId);
      caseCell.title = call.callId;
      row.append(caseCell);
      const status = el('td', 'status');
      status.append(el('span', `badge status-${call.status}`, call.status));
      row.append(status, connectCell(call.customer, target));
      const wf = el('td', 'wf-col');
      wf.append(compactWaterfall(call.customer, scale, target));
      row.append(wf, connectCell(call.agent, target));
      const actions = el('td', 'actions');
      const open = expanded.has(call.callId);
      const toggle = el('button', 'link', open ? 'Hide' : 'Details');
      toggle.type = 'button';
      toggle.setAttribute('aria-expanded', String(open));
      toggle.setAttribute('aria-label', `${open ? 'Hide' : 'Details'} · ${call.caseId}`);
      toggle.dataset.focusKey = `toggle:${call.callId}`;
      toggle.addEventListener('click', () => {
        if (expanded.has(call.callId)) expanded.delete(call.callId);
        else expanded.add(call.callId);
        render(current.list, current.target);
      });
      actions.append(toggle);
      row.append(actions);
      rows.push(row);
      if (open) rows.push(detailRow(call, target, onRecord));
    }
    // Drawing the rows again must not throw a keyboard user's focus back to the page's start.
    const focusKey = body.contains(document.activeElement) ? document.activeElement.dataset.focusKey : undefined;
    body.replaceChildren(...rows);
    if (focusKey) body.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
    empty.hidden = list.calls.length > 0;
  }

  return { render };
}
