// The /ops page: asks for the ops key once (kept in sessionStorage), then shows connect time,
// success rate, open calls and the last 50 calls with their waterfalls, refreshing every few
// seconds. Wires the API (api.js) to the views (charts.js, calls-table.js); the tiles, the key
// form and the record dialog are rendered here.
import { ApiError, KeyRefused, createOpsApi } from './api.js';
import { histogramChart, percentileChart } from './charts.js';
import { callsTable } from './calls-table.js';
import { webhooksTable } from './webhooks-table.js';
import { FAMILIES, count, ms, percent, when } from './format.js';
import { tabStorage } from '../platform/browser-env.js';

const KEY_STORAGE = 'casecall.ops.key';
const WINDOW_STORAGE = 'casecall.ops.window';
const REFRESH_MS = 5000;
const WINDOWS = { '15m': 'the last 15 minutes', '1h': 'the last hour', '24h': 'the last 24 hours' };
const STEPS = { '15m': 'per minute', '1h': 'per 5 minutes', '24h': 'per hour' };

const $ = (id) => document.getElementById(id);
const storage = tabStorage();

const state = {
  api: null,
  window: storage.getItem(WINDOW_STORAGE) ?? '15m',
  timer: null,
  loading: false,
  again: false,
  charts: null,
  calls: null,
  webhooks: null,
};

function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function setValue(id, text, raw) {
  const element = $(id);
  element.textContent = text;
  element.dataset.value = raw ?? '';
}

// ---------------------------------------------------------------------------------------------
// Key

function showKeyForm(message) {
  stopRefreshing();
  $('dashboard').hidden = true;
  $('controls').hidden = true;
  $('key-form').hidden = false;
  $('key-error').hidden = !message;
  $('key-error').textContent = message ?? '';
  $('ops-key').value = '';
  $('ops-key').focus();
}

function forgetKey(message) {
  storage.removeItem(KEY_STORAGE);
  state.api = null;
  showKeyForm(message);
}

async function useKey(key) {
  state.api = createOpsApi(key);
  storage.setItem(KEY_STORAGE, key);
  $('key-form').hidden = true;
  $('dashboard').hidden = false;
  $('controls').hidden = false;
  state.charts ??= { percentiles: percentileChart($('percentile-chart')), histogram: histogramChart($('histogram-chart')) };
  state.calls ??= callsTable({ body: $('calls'), empty: $('calls-empty'), scaleLabel: $('wf-scale'),
    onRecord: (call) => openRecord(call.href, call.callId) });
  state.webhooks ??= webhooksTable({ section: $('webhooks'), summary: $('webhooks-summary'), body: $('deliveries'),
    empty: $('deliveries-empty') });
  await refresh();
}

// ---------------------------------------------------------------------------------------------
// Refreshing

function stopRefreshing() {
  clearTimeout(state.timer);
  state.timer = null;
}

function schedule() {
  stopRefreshing();
  if (state.api && !document.hidden) state.timer = setTimeout(refresh, REFRESH_MS);
}

async function refresh() {
  if (!state.api) return;
  if (state.loading) {
    state.again = true;
    return;
  }
  state.loading = true;
  state.again = false;
  try {
    const [summary, calls, webhooks] = await Promise.all([state.api.summary(state.window), state.api.calls(50),
      state.api.webhooks()]);
    renderSummary(summary);
    state.calls.render(calls, summary.targetMs);
    state.webhooks.render(webhooks);
    $('banner').hidden = true;
    $('refresh-status').textContent = `Updated ${when(summary.to)} · every ${REFRESH_MS / 1000} s`;
  } catch (error) {
    if (error instanceof KeyRefused) {
      state.loading = false;
      forgetKey('That ops key was not accepted.');
      return;
    }
    $('banner').hidden = false;
    $('banner').textContent = `Could not refresh: ${error instanceof ApiError ? error.message : error}. Retrying…`;
    $('refresh-status').textContent = 'Refresh failed';
  } finally {
    state.loading = false;
  }
  if (state.again) refresh();
  else schedule();
}

// ---------------------------------------------------------------------------------------------
// Summary

function renderSummary(summary) {
  const customer = summary.customer;
  const agent = summary.agent;
  const target = summary.targetMs;
  const p = customer.connectMs;

  setValue('customer-p95', ms(p.p95), p.p95);
  setValue('customer-p50', ms(p.p50), p.p50);
  setValue('customer-p99', ms(p.p99), p.p99);
  $('tile-p95').dataset.state = p.p95 == null ? '' : (p.p95 <= target ? 'ok' : 'bad');
  $('customer-p95-note').textContent = p.p95 == null ? `target ${target} ms`
    : `target ${target} ms · ${p.p95 <= target ? 'met' : 'missed'}`;
  $('customer-within').textContent = customer.withinTargetRate == null ? ' '
    : `${percent(customer.withinTargetRate)} within ${target} ms`;
  $('customer-max').textContent = p.max == null ? ' ' : `slowest ${ms(p.max)}`;

  setValue('success-rate', percent(customer.successRate), customer.successRate);
  setValue('customer-count', customer.count === 0 ? 'no joins'
    : `${customer.connected} of ${customer.count} joins connected`, customer.count);
  $('customer-count').title = `${customer.failed} failed · ${customer.abandoned} abandoned`;
  $('tile-success').dataset.state = customer.successRate == null ? ''
    : (customer.successRate >= 0.99 ? 'ok' : (customer.successRate >= 0.9 ? 'warn' : 'bad'));

  setValue('open-calls', count(summary.openCalls), summary.openCalls);
  setValue('agent-p95', ms(agent.connectMs.p95), agent.connectMs.p95);
  $('agent-note').textContent = agent.count === 0 ? 'no agent joins'
    : `${agent.count} joins · ${percent(agent.successRate)} connected`;

  const windowText = WINDOWS[summary.window] ?? summary.window;
  $('series-caption').textContent = `p50 · p95 · p99 ${STEPS[summary.window] ?? ''}, dashed line: ${target} ms target`;
  const noJoins = customer.count === 0;
  const noConnected = customer.connected === 0;
  const emptyText = noJoins ? `No calls in ${windowText}.` : `No customer join connected in ${windowText}.`;
  for (const [chart, empty] of [['percentile-chart', 'percentile-empty'], ['histogram-chart', 'histogram-empty']]) {
    $(chart).hidden = noConnected;
    $(empty).hidden = !noConnected;
    $(empty).textContent = emptyText;
  }
  if (!noConnected) {
    state.charts.percentiles.update(summary);
    state.charts.histogram.update(summary);
  }
}

/** The presence history as a plain list: time (UTC), seat, cause (and where an SFU move went), oldest first. */
function showPresence(entries) {
  const list = $('record-presence');
  if (entries.length === 0) {
    const item = document.createElement('li');
    item.textContent = 'Nobody has joined this call.';
    list.replaceChildren(item);
    return;
  }
  list.replaceChildren(...entries.map((entry) => {
    const item = document.createElement('li');
    item.dataset.cause = entry.cause;
    const where = entry.instance ? ` to ${entry.instance}` : '';
    item.textContent = `${entry.at.replace('T', ' ').replace('Z', ' UTC')} · ${entry.role} · ${entry.cause.replaceAll('_', ' ')}${where}`;
    return item;
  }));
}

async function openRecord(href, callId) {
  const dialog = $('record-dialog');
  $('record-title').textContent = `Call record ${callId}`;
  $('record-json').textContent = 'Loading…';
  $('record-presence').replaceChildren();
  dialog.showModal();
  try {
    const record = await state.api.record(href);
    showPresence(record.presence || []);
    $('record-json').textContent = JSON.stringify(record, null, 2);
  } catch (error) {
    if (error instanceof KeyRefused) {
      dialog.close();
      forgetKey('That ops key was not accepted.');
      return;
    }
    $('record-json').textContent = `Could not load the record: ${error.message}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Start

function selectWindow(name) {
  state.window = name;
  storage.setItem(WINDOW_STORAGE, name);
  for (const button of document.querySelectorAll('[data-window]')) {
    button.setAttribute('aria-checked', String(button.dataset.window === name));
    button.tabIndex = button.dataset.window === name ? 0 : -1; // a radio group is one Tab stop
  }
}

/** Radio-group keys: the arrows move to the previous/next window and select it. */
function windowKeys(event) {
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
  if (!step) return;
  const buttons = [...document.querySelectorAll('[data-window]')];
  const next = buttons[(buttons.indexOf(event.target) + step + buttons.length) % buttons.length];
  event.preventDefault();
  next.focus();
  next.click();
}

function start() {
  const legend = $('legend');
  for (const { family, label } of FAMILIES) {
    const item = el('li');
    item.append(el('span', `swatch fam-${family}`), document.createTextNode(label));
    legend.append(item);
  }
  if (!WINDOWS[state.window]) state.window = '15m';
  selectWindow(state.window);
  for (const button of document.querySelectorAll('[data-window]')) {
    button.addEventListener('click', () => {
      selectWindow(button.dataset.window);
      refresh();
    });
    button.addEventListener('keydown', windowKeys);
  }
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('ops-key').value.trim();
    if (key) useKey(key);
  });
  $('sign-out').addEventListener('click', () => forgetKey());
  document.addEventListener('visibilitychange', () => (document.hidden ? stopRefreshing() : refresh()));
  const key = storage.getItem(KEY_STORAGE);
  if (key) useKey(key);
  else showKeyForm();
}

start();
