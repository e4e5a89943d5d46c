/**
 * The /ops dashboard against the fake ops API (fake-ops.js), by keyboard only: the key
 * prompt, a refused key, the dashboard, a call's details and its record. Each state is
 * screenshotted and audited like the customer's and the agent's pages.
 */
import assert from 'node:assert/strict';

import { OPS_KEY } from './fake-ops.js';
import { tabTo } from './languages.js';

const active = `document.activeElement && document.activeElement.textContent.trim()`;

export async function opsPage({ open, shot, step, base, DESKTOP }) {
  step('ops: the key prompt, a refused key, then the dashboard, all by keyboard');
  const ops = await open('ops', `${base}/ops`, DESKTOP);
  await ops.waitFor(`!document.querySelector('#key-form').hidden && document.activeElement.id === 'ops-key'`);
  await shot(ops, 'ops-key-form');
  await ops.type('not-the-key');
  await ops.press('Enter');
  await ops.waitFor(`!document.querySelector('#key-error').hidden`);
  assert.equal(await ops.evaluate(`document.querySelector('#key-error').textContent`), 'That ops key was not accepted.');
  await shot(ops, 'ops-key-refused');
  await ops.waitFor(`document.activeElement.id === 'ops-key'`);
  await ops.type(OPS_KEY);
  await ops.press('Enter');
  await ops.waitFor(`document.querySelector('#customer-count').dataset.value === '12' && document.querySelectorAll('#calls tr').length === 4`);
  await ops.waitFor(`document.querySelector('#percentile-chart canvas')`);
  await shot(ops, 'ops-dashboard');

  step('ops: the webhook panel lists deliveries, a failing one and a dead letter');
  await ops.waitFor(`!document.querySelector('#webhooks').hidden && document.querySelectorAll('#deliveries tr').length === 4`);
  assert.equal(await ops.evaluate(`document.querySelector('#deliveries tr[data-delivery-id=dlv_fake3] .badge').textContent`), 'dead');
  assert.match(await ops.evaluate(`document.querySelector('#webhooks-summary').textContent`), /crm \(https:\/\/crm\.example\.com, waiting 0 s\) · 1 dead letter$/);
  await ops.evaluate(`document.querySelector('#webhooks').scrollIntoView()`);
  await shot(ops, 'ops-webhooks');
  await ops.evaluate(`window.scrollTo(0, 0)`);

  step('ops: the window switch is one Tab stop; the arrow keys pick 24 hours');
  await tabTo(ops, '[data-window="15m"]');
  await ops.press('ArrowRight');
  await ops.waitFor(`document.querySelector('[data-window="24h"]').getAttribute('aria-checked') === 'true' && document.activeElement.dataset.window === '24h'`);
  await ops.waitFor(`document.querySelector('#series-caption').textContent.startsWith('p50 · p95 · p99 per hour')`);
  await ops.press('ArrowLeft');
  await ops.waitFor(`document.querySelector('[data-window="15m"]').getAttribute('aria-checked') === 'true'`);

  step('ops: open a call\'s details by keyboard; the focus stays on its button through refreshes');
  await tabTo(ops, '#calls tr[data-call-id=fakecall0] button');
  await ops.press('Enter');
  await ops.waitFor(`document.querySelector('#calls .detail-row')`);
  assert.equal(await ops.evaluate(active), 'Hide', 'the focus stays on the toggle after the table is drawn again');
  const updated = await ops.evaluate(`document.querySelector('#refresh-status').textContent`);
  await ops.waitFor(`document.querySelector('#refresh-status').textContent !== ${JSON.stringify(updated)}`, 15_000); // the page refreshed
  assert.equal(await ops.evaluate(active), 'Hide', 'the focus survives a refresh');
  await shot(ops, 'ops-call-details');

  step('ops: the call record dialog, closed with Escape');
  await tabTo(ops, '#calls .detail-row button');
  await ops.press('Enter');
  await ops.waitFor(`document.querySelector('#record-dialog').open && document.querySelector('#record-json').textContent.includes('CASE-1001')`);
  await shot(ops, 'ops-record');
  await ops.press('Escape');
  await ops.waitFor(`!document.querySelector('#record-dialog').open`);
}
