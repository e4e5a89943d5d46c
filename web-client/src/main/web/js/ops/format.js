// Number, time and phase formatting for the ops page. Pure functions: no DOM, no network.

/** "412 ms", "1.24 s", or an em dash when there is no value. */
export function ms(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value >= 1000) return `${(value / 1000).toFixed(value >= 10000 ? 1 : 2)} s`;
  return `${Math.round(value)} ms`;
}

/** "98.5 %" from a ratio, or an em dash. */
export function percent(ratio) {
  if (ratio === null || ratio === undefined) return '—';
  const value = ratio * 100;
  return `${value === 100 || value === 0 ? value.toFixed(0) : value.toFixed(1)} %`;
}

export function count(value) {
  return (value === null || value === undefined) ? '—' : String(value);
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayTimeFormat = new Intl.DateTimeFormat(undefined,
  { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A time of day for today, else a short date and time. */
export function when(iso, now = new Date()) {
  if (!iso) return '—';
  const date = new Date(iso);
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay ? timeFormat.format(date) : dayTimeFormat.format(date);
}

/** The label of a histogram bucket: "0–100", "3000+". */
export function bucketLabel(bucket) {
  return (bucket.toMs === null || bucket.toMs === undefined) ? `${bucket.fromMs}+` : `${bucket.fromMs}`;
}

/** What each reported mark means, in the words of the waterfall, and its colour family. */
export const PHASES = {
  page_ready: { label: 'page load', family: 'page' },
  ws_open: { label: 'socket open', family: 'page' },
  media_ready: { label: 'camera ready', family: 'page' },
  join_click: { label: 'click on Join', family: 'page' },
  join_sent: { label: 'send join', family: 'signaling' },
  join_ack: { label: 'join', family: 'signaling' },
  publish_offer: { label: 'publish offer', family: 'negotiation' },
  publish_answer: { label: 'publish answer', family: 'negotiation' },
  subscribe_offer: { label: 'subscribe offer', family: 'negotiation' },
  subscribe_answer: { label: 'subscribe answer', family: 'negotiation' },
  ice_connected: { label: 'ICE', family: 'ice' },
  dtls_connected: { label: 'DTLS', family: 'dtls' },
  first_frame: { label: 'first frame', family: 'media' },
  media_published: { label: 'media up', family: 'media' },
  // instant join: the pre-connection, before the click (outside the connect time)
  preconnect_sent: { label: 'pre-connect sent', family: 'page' },
  pre_ice_connected: { label: 'pre-connected ICE', family: 'ice' },
  pre_dtls_connected: { label: 'pre-connected DTLS', family: 'dtls' },
};

/** Legend entries, in the order a join goes through them. */
export const FAMILIES = [
  { family: 'page', label: 'page & camera' },
  { family: 'signaling', label: 'join (socket + server)' },
  { family: 'negotiation', label: 'offer / answer' },
  { family: 'ice', label: 'ICE' },
  { family: 'dtls', label: 'DTLS' },
  { family: 'media', label: 'first frame / media up' },
];

export function phase(mark) {
  return PHASES[mark] ?? { label: mark, family: 'other' };
}
