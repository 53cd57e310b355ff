// The events table and its counters: rows kept in stream-id order, built as text nodes only (payloads are attacker-controlled).
import { anyFilter, matches } from './filters.js';

export const MAX_ROWS = 500;
const RATE_WINDOW_MS = 10000;
const DECISIONS = new Set(['allow', 'ask', 'deny']);
const RISKS = new Set(['SAFE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
const COLUMNS = ['Time', 'Hook', 'Agent', 'Session', 'Prio', 'Decision', 'Risk', 'Command / target', 'Reason'];

// ---- stream ids ----------------------------------------------------------------------------------
export function parseId(id) {
  const m = /^(\d+)-(\d+)$/.exec(String(id));
  return m ? [Number(m[1]), Number(m[2])] : null;
}
export function cmpId(a, b) {
  const pa = parseId(a), pb = parseId(b);
  return pa[0] - pb[0] || pa[1] - pb[1];
}

// ---- cells ---------------------------------------------------------------------------------------
function str(v) { return typeof v === 'string' ? v : ''; }
/** Payloads can be large: 500 rows of full commands would not keep memory bounded. */
function clip(text, max) { return text.length > max ? text.slice(0, max) + '…' : text; }
function obj(v) { return v && typeof v === 'object' && !Array.isArray(v) ? v : {}; }

/** What the event is about: the shell command, else the tool and its file/path/url, else a message. */
function target(ev) {
  const p = obj(ev.payload), input = obj(p.tool_input), parameters = obj(p.parameters);
  const command = str(p.command) || str(input.command) || str(parameters.command);
  const tool = str(p.tool_name) || str(p.tool);
  if (command) return { tool, text: command };
  const path = str(input.file_path) || str(input.path) || str(input.notebook_path) || str(input.url) || str(input.pattern) || str(p.file_path) || str(p.path);
  if (path) return { tool, text: path };
  return { tool, text: str(p.message) || str(p.prompt) || str(p.error) };
}

function fmtTime(ts) {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return str(ts);
  const time = d.toLocaleTimeString([], { hour12: false });
  return d.toDateString() === new Date().toDateString() ? time : d.toLocaleDateString() + ' ' + time;
}

function cell(tr, cls, label, text, title) {
  const td = document.createElement('td');
  td.className = cls;
  td.dataset.label = label;
  if (text !== undefined) td.textContent = text;
  if (title) td.title = title;
  tr.append(td);
  return td;
}

function span(cls, text) {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}

function renderRow(ev, fresh) {
  const tr = document.createElement('tr');
  const decision = DECISIONS.has(ev.decision) ? ev.decision : 'unknown';
  tr.dataset.id = str(ev.id);
  tr.dataset.decision = decision;
  tr.dataset.hookType = str(ev.hook_type);
  if (fresh) tr.className = 'fresh';
  cell(tr, 'time', COLUMNS[0], fmtTime(ev.timestamp), str(ev.timestamp) + ' · id ' + str(ev.id) + ' · event ' + str(ev.event_id));
  cell(tr, 'hook', COLUMNS[1], str(ev.hook_type));
  cell(tr, 'agent', COLUMNS[2], str(ev.agent_id));
  const session = str(ev.session_id);
  cell(tr, 'session', COLUMNS[3], session.length > 14 ? session.slice(0, 12) + '…' : session || '—', session);
  cell(tr, 'prio', COLUMNS[4], Number.isFinite(ev.priority) ? String(ev.priority) : '');
  cell(tr, 'decision', COLUMNS[5]).append(span('badge ' + decision, decision));
  cell(tr, 'risk-cell', COLUMNS[6]).append(span('risk ' + (RISKS.has(ev.risk) ? ev.risk : 'unknown'), str(ev.risk)));
  const t = target(ev);
  const wrap = document.createElement('div');
  if (t.tool) wrap.append(span('tool', t.tool));
  if (t.text) {
    const code = document.createElement('code');
    code.textContent = clip(t.text, 2000);
    code.title = clip(t.text, 4000);
    wrap.append(code);
  }
  cell(tr, 'target', COLUMNS[7]).append(wrap);
  cell(tr, 'reason', COLUMNS[8], clip(str(ev.reason) || str(ev.rule), 1000));
  return tr;
}

// ---- the table -----------------------------------------------------------------------------------
export function createTable(el) {
  const rows = []; // ascending by id; the DOM shows them newest first
  const byId = new Map();
  const counts = { deny: 0, ask: 0 };
  const arrivals = []; // arrival times of live events shown, for events/s

  /** Inserts in id order (no duplicates); the oldest rows go once there are more than MAX_ROWS. */
  function add(ev, live) {
    if (!ev || !parseId(ev.id) || byId.has(ev.id) || !matches(ev)) return false;
    if (rows.length >= MAX_ROWS && cmpId(ev.id, rows[0].id) < 0) return false;
    let lo = 0, hi = rows.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cmpId(rows[mid].id, ev.id) < 0) lo = mid + 1; else hi = mid; }
    const tr = renderRow(ev, live);
    el.rows.insertBefore(tr, lo > 0 ? rows[lo - 1].tr : null);
    const row = { id: ev.id, decision: ev.decision, tr };
    rows.splice(lo, 0, row);
    byId.set(ev.id, row);
    if (ev.decision === 'deny' || ev.decision === 'ask') counts[ev.decision]++;
    if (live) arrivals.push(Date.now());
    while (rows.length > MAX_ROWS) remove(0);
    return true;
  }
  function remove(index) {
    const [row] = rows.splice(index, 1);
    row.tr.remove();
    byId.delete(row.id);
    if (row.decision === 'deny' || row.decision === 'ask') counts[row.decision]--;
  }
  function clear() {
    rows.length = 0;
    byId.clear();
    counts.deny = counts.ask = 0;
    arrivals.length = 0;
    el.rows.replaceChildren();
    update();
  }
  function update() {
    const now = Date.now();
    while (arrivals.length && arrivals[0] < now - RATE_WINDOW_MS) arrivals.shift();
    el.shown.textContent = String(rows.length);
    el.deny.textContent = String(counts.deny);
    el.ask.textContent = String(counts.ask);
    el.rate.textContent = (arrivals.length / (RATE_WINDOW_MS / 1000)).toFixed(1);
    el.empty.hidden = rows.length > 0;
    el.empty.textContent = anyFilter() ? 'No events match these filters yet.' : 'No events yet.';
  }
  setInterval(update, 1000);
  return { add, clear, update };
}
