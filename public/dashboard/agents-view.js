// @ts-check
// The agents view: one card per agent/session lane with activity, decisions, an events/s sparkline, the latest summary and the tool-call timeline.
import { ago, byId, h, svg } from './dom.js';
import { clip } from './model.js';

/** @typedef {import('./lanes.js').Lane} Lane */
/** @typedef {import('./lanes.js').Lanes} Lanes */
/** @typedef {import('./timeline.js').ToolCall} ToolCall */

/** Cards drawn: the most recently active; the rest are counted, not drawn. */
const SHOWN = 24;
const CALLS_SHOWN = 8;
const SPARK_SECONDS = 60;
/** The status in words (and a glyph every font has): the bar's colour is never the only sign. */
const STATUS_WORDS = { running: 'running…', ok: 'ok', failed: '✕ FAILED', denied: '✕ DENIED', asked: '? asked' };

/** @param {number[]} series */
function sparkline(series) {
  const max = Math.max(1, ...series);
  const w = series.length, hgt = 20;
  const s = svg('svg', { viewBox: `0 0 ${w} ${hgt}`, preserveAspectRatio: 'none', class: 'spark', role: 'img',
    'aria-label': 'Events per second over the last ' + w + ' s, peak ' + Math.max(...series) });
  const points = series.map((v, i) => `${i},${(hgt - (v / max) * (hgt - 2) - 1).toFixed(1)}`).join(' ');
  s.append(svg('polyline', { points, fill: 'none', 'stroke-width': 1.2, 'vector-effect': 'non-scaling-stroke' }));
  return s;
}

/** @param {ToolCall} c */
function duration(c) {
  if (c.end === null || c.status === 'denied') return ''; // a denied call never ran
  const ms = c.end - c.start;
  return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
}

/** Bars on one time axis from the first call shown to now; the status is written beside each bar, not only drawn. @param {ToolCall[]} calls @param {number} now */
function timeline(calls, now) {
  const ol = h('ol', 'timeline');
  if (!calls.length) return ol;
  const t0 = Math.min(...calls.map((c) => c.start));
  const t1 = Math.max(now, ...calls.map((c) => c.end ?? now));
  const span = Math.max(1, t1 - t0);
  for (const c of calls) {
    const li = h('li');
    li.dataset.status = c.status;
    li.dataset.startId = c.startId;
    const label = h('span', 'call');
    label.append(h('b', '', c.tool), ' ' + STATUS_WORDS[c.status] + (c.note ? ' (' + c.note + ')' : '') + (duration(c) ? ' · ' + duration(c) : ''));
    label.title = c.text;
    const bar = svg('svg', { viewBox: '0 0 100 6', preserveAspectRatio: 'none', class: 'track', 'aria-hidden': 'true' });
    const x = ((c.start - t0) / span) * 100;
    const w = Math.max(1.5, (((c.end ?? now) - c.start) / span) * 100);
    bar.append(svg('rect', { x: x.toFixed(2), y: 0.5, width: Math.min(w, 100 - x).toFixed(2), height: 5, rx: 1, class: 'bar ' + c.status }));
    li.append(label, bar);
    ol.append(li);
  }
  return ol;
}

/** @param {Lane} lane @param {number} now */
function card(lane, now) {
  const li = h('li', 'lane');
  li.dataset.agent = lane.agent_id;
  li.dataset.session = lane.session_id;
  const head = h('div', 'lane-head');
  head.append(h('h3', '', lane.agent_id), h('span', 'session', lane.session_id ? clip(lane.session_id, 16) : 'no session'), h('span', 'ago', ago(lane.lastAt, now)));
  head.title = lane.session_id;
  const current = lane.timeline.current();
  const doing = h('p', 'doing');
  if (current) doing.append('Now: ', h('b', '', current.tool), current.text ? ' ' : '', current.text ? h('code', '', clip(current.text, 80)) : '');
  else doing.append('Last: ' + (lane.lastHook || '—'));
  const tally = h('ul', 'tally');
  tally.setAttribute('aria-label', 'Decisions');
  for (const d of /** @type {const} */ (['allow', 'ask', 'deny'])) {
    const t = h('li', d);
    t.dataset.decision = d;
    t.append(h('span', 'k', d + ' '), h('span', 'n', String(lane.counts[d])));
    tally.append(t);
  }
  li.append(head, doing, tally, sparkline(lane.rate.series(now).slice(-SPARK_SECONDS)));
  const a = lane.aggregate;
  if (a) {
    const tools = Object.entries(a.tool_usage || {}).map(([name, u]) => name + ' ×' + u.count + (u.error_count ? ' (' + u.error_count + ' failed)' : '')).join(', ');
    const d = a.decisions;
    li.append(h('p', 'summary', 'Last window: ' + (a.event_count ?? 0) + ' events' + (tools ? ' · ' + tools : '') + (d ? ' · allow ' + d.allow + ' / ask ' + d.ask + ' / deny ' + d.deny : '')));
  }
  li.append(timeline(lane.timeline.calls.slice(-CALLS_SHOWN), now));
  return li;
}

/** @param {Lanes} lanes */
export function createAgentsView(lanes) {
  const list = byId('lanes'), empty = byId('lanes-empty'), count = byId('agents-count');
  function draw(now = Date.now()) {
    const all = lanes.list();
    list.replaceChildren(...all.slice(0, SHOWN).map((l) => card(l, now)));
    empty.hidden = all.length > 0;
    const agents = new Set(all.map((l) => l.agent_id)).size;
    count.textContent = all.length ? '(' + agents + ' agent' + (agents === 1 ? '' : 's') + ', ' + all.length + ' session' + (all.length === 1 ? '' : 's') +
      (all.length > SHOWN ? '; the ' + SHOWN + ' most recent shown' : '') + ')' : '';
  }
  return { draw };
}
