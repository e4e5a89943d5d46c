// Charts of the ops page: connect-time percentiles over time (uPlot, served from the app's
// webjar) and the connect-time histogram (plain SVG). Only the DOM of their containers.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { bucketLabel } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const COLORS = { p50: '#1c7f46', p95: '#d9730d', p99: '#b42318', target: '#c42b2b', axis: '#56616f', grid: '#e8edf3' };

function axisMs(_, values) {
  return values.map((v) => (v >= 1000 ? `${+(v / 1000).toFixed(2)} s` : `${v} ms`));
}

/** p50/p95/p99 of a role's series against the target line; update() with each summary. */
export function percentileChart(container) {
  let plot = null;
  let windowName = null;

  function options(targetMs, width) {
    const pointy = (stroke) => ({ stroke, width: 2, points: { show: true, size: 6, fill: stroke }, spanGaps: false });
    return {
      width,
      height: 240,
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
      scales: {
        x: { time: true },
        y: { range: (_, min, max) => [0, Math.max(targetMs * 1.5, (max ?? 0) * 1.15)] },
      },
      axes: [
        { stroke: COLORS.axis, grid: { stroke: COLORS.grid, width: 1 }, ticks: { stroke: COLORS.grid } },
        { stroke: COLORS.axis, grid: { stroke: COLORS.grid, width: 1 }, ticks: { stroke: COLORS.grid }, size: 64, values: axisMs },
      ],
      series: [
        {},
        { label: 'p50', ...pointy(COLORS.p50), value: (_, v) => (v == null ? '—' : `${Math.round(v)} ms`) },
        { label: 'p95', ...pointy(COLORS.p95), value: (_, v) => (v == null ? '—' : `${Math.round(v)} ms`) },
        { label: 'p99', ...pointy(COLORS.p99), value: (_, v) => (v == null ? '—' : `${Math.round(v)} ms`) },
        { label: `target ${targetMs} ms`, stroke: COLORS.target, width: 1.5, dash: [6, 5], points: { show: false },
          value: () => `${targetMs} ms` },
      ],
    };
  }

  function data(summary, role) {
    const points = summary[role].series;
    return [
      points.map((p) => Date.parse(p.start) / 1000),
      points.map((p) => p.p50),
      points.map((p) => p.p95),
      points.map((p) => p.p99),
      points.map(() => summary.targetMs),
    ];
  }

  const resize = new ResizeObserver(() => {
    if (plot) plot.setSize({ width: container.clientWidth, height: 240 });
  });
  resize.observe(container);

  return {
    update(summary, role = 'customer') {
      if (!plot || windowName !== summary.window) {
        if (plot) plot.destroy();
        windowName = summary.window;
        plot = new uPlot(options(summary.targetMs, container.clientWidth || 600), data(summary, role), container);
      } else {
        plot.setData(data(summary, role));
      }
    },
  };
}

function svg(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Connected joins per connect-time bucket, the target marked; redraws on each update. */
export function histogramChart(container) {
  const width = 520;
  const height = 240;
  const margin = { top: 22, right: 8, bottom: 34, left: 8 };

  return {
    update(summary, role = 'customer') {
      const buckets = summary[role].histogram;
      const max = Math.max(1, ...buckets.map((b) => b.count));
      const plotWidth = width - margin.left - margin.right;
      const plotHeight = height - margin.top - margin.bottom;
      const slot = plotWidth / buckets.length;
      const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'histogram',
        'aria-label': `Connect times of connected ${role} joins by bucket` });
      buckets.forEach((bucket, i) => {
        const barHeight = (bucket.count / max) * plotHeight;
        const x = margin.left + i * slot;
        const over = bucket.fromMs >= summary.targetMs;
        const group = svg('g', { class: `bucket${over ? ' over' : ''}`, 'data-from': bucket.fromMs, 'data-count': bucket.count });
        const range = bucket.toMs == null ? `${bucket.fromMs} ms or more` : `${bucket.fromMs}–${bucket.toMs} ms`;
        group.append(svg('title', {}, `${range}: ${bucket.count} join${bucket.count === 1 ? '' : 's'}`));
        group.append(svg('rect', { x: x + 2, y: margin.top + plotHeight - barHeight, width: slot - 4,
          height: Math.max(barHeight, bucket.count > 0 ? 1 : 0), rx: 2 }));
        if (bucket.count > 0) {
          group.append(svg('text', { x: x + slot / 2, y: margin.top + plotHeight - barHeight - 5, class: 'count' }, bucket.count));
        }
        group.append(svg('text', { x: x + slot / 2, y: height - margin.bottom + 15, class: 'tick' }, bucketLabel(bucket)));
        root.append(group);
      });
      root.append(svg('line', { x1: margin.left, x2: width - margin.right, y1: margin.top + plotHeight,
        y2: margin.top + plotHeight, class: 'baseline' }));
      const targetIndex = buckets.findIndex((b) => b.fromMs >= summary.targetMs);
      if (targetIndex > 0) {
        const x = margin.left + targetIndex * slot;
        root.append(svg('line', { x1: x, x2: x, y1: 8, y2: margin.top + plotHeight, class: 'target' }));
        root.append(svg('text', { x: x + 4, y: 14, class: 'target-label' }, `${summary.targetMs} ms target`));
      }
      root.append(svg('text', { x: width / 2, y: height - 2, class: 'axis-label' }, 'connect time (ms)'));
      container.replaceChildren(root);
    },
  };
}
