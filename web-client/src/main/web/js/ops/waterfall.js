// Waterfalls of a join: a compact stacked bar for the call list and a detailed one row per
// phase. Built with DOM nodes only (case ids and marks are data, never HTML).
import { ms, phase } from './format.js';

function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function pct(value, scaleMs) {
  return `${Math.max(0, Math.min(100, (value / scaleMs) * 100))}%`;
}

function targetLine(targetMs, scaleMs) {
  const line = el('span', 'wf-target');
  line.style.left = pct(targetMs, scaleMs);
  line.title = `${targetMs} ms target`;
  return line;
}

/** The scale (ms) that fits the joins shown, at least 1 s, rounded up to 500 ms, at most 5 s. */
export function scaleFor(joins, targetMs) {
  const ends = joins.filter(Boolean).map((join) => join.segments.at(-1)?.toMs ?? 0);
  const longest = Math.max(targetMs * 1.5, ...ends);
  return Math.min(5000, Math.ceil(longest / 500) * 500);
}

/** One bar: the join's segments side by side from its start, the target as a dashed line. */
export function compactWaterfall(join, scaleMs, targetMs) {
  const bar = el('div', 'wf');
  bar.setAttribute('role', 'img');
  if (!join || join.segments.length === 0) {
    bar.classList.add('wf-empty');
    bar.setAttribute('aria-label', 'no report');
    return bar;
  }
  const parts = join.segments.map((s) => `${phase(s.phase).label} ${ms(s.ms)}`);
  bar.setAttribute('aria-label', parts.join(', '));
  for (const segment of join.segments) {
    const info = phase(segment.phase);
    const span = el('span', `wf-seg fam-${info.family}`);
    span.style.left = pct(segment.fromMs, scaleMs);
    span.style.width = pct(Math.min(segment.toMs, scaleMs) - Math.min(segment.fromMs, scaleMs), scaleMs);
    span.title = `${info.label}: ${ms(segment.ms)} (${Math.round(segment.fromMs)}–${Math.round(segment.toMs)} ms)`;
    bar.append(span);
  }
  if ((join.segments.at(-1)?.toMs ?? 0) > scaleMs) bar.append(el('span', 'wf-overflow', '›'));
  bar.append(targetLine(targetMs, scaleMs));
  return bar;
}

/** A classic waterfall: one row per phase, its bar at its offset, and the time it took. */
export function detailedWaterfall(join, title, targetMs) {
  const box = el('section', 'wf-detail');
  box.append(el('h3', null, title));
  if (!join) {
    box.append(el('p', 'muted', 'No connect-time report.'));
    return box;
  }
  const start = join.start === 'join_click' ? 'click on Join' : 'page open';
  const summary = join.reconnect ? `reconnected by itself (${join.outcome}), not a connect time`
    : (join.connectMs != null ? `connected in ${ms(join.connectMs)}` : `${join.outcome}, no connect time`);
  const preconnected = join.preconnected == null ? ''
    : ` · ${join.preconnected ? 'media pre-connected at the click' : 'pre-connection not ready at the click'}`;
  box.append(el('p', 'muted', `Join ${join.join} of ${join.joins} · ${summary}${preconnected} · times from ${start}`));
  // Fitted to this join (the target line stays in view), so short phases stay readable.
  const scaleMs = Math.max(join.segments.at(-1)?.toMs ?? 0, targetMs) * 1.08;
  const list = el('ol', 'wf-rows');
  for (const segment of join.segments) {
    const info = phase(segment.phase);
    const row = el('li', 'wf-row');
    row.append(el('span', 'wf-label', info.label));
    const track = el('span', 'wf-track');
    const bar = el('span', `wf-seg fam-${info.family}`);
    bar.style.left = pct(segment.fromMs, scaleMs);
    bar.style.width = `max(2px, ${pct(segment.ms, scaleMs)})`;
    track.append(bar, targetLine(targetMs, scaleMs));
    row.append(track, el('span', 'wf-ms', ms(segment.ms)), el('span', 'wf-at muted', `at ${ms(segment.toMs)}`));
    list.append(row);
  }
  box.append(list);
  const before = join.marks.filter((mark) => mark.atMs < 0);
  if (before.length > 0) {
    box.append(el('p', 'muted small', `Before the click: ${before.map((m) => `${phase(m.mark).label} ${ms(-m.atMs)} earlier`).join(' · ')}`));
  }
  return box;
}
