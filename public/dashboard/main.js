// The dashboard's entry: history from /hooks/events, then the live, resumable /hooks/stream, with the token form when a read is refused.
import { adoptTokenFromUrl, askForToken, authHeaders, refusalMessage, setToken, streamProtocols } from './auth.js';
import { filters, serverFilters, setUpFilters } from './filters.js';
import { MAX_ROWS, cmpId, createTable, parseId } from './table.js';

const HISTORY = 100;

// First of all, before any request: the token leaves the address bar.
adoptTokenFromUrl();

const $ = (id) => document.getElementById(id);
const el = { conn: $('conn'), notice: $('notice'), rows: $('rows'), empty: $('empty'), shown: $('c-shown'), deny: $('c-deny'),
  ask: $('c-ask'), rate: $('c-rate'), types: $('types'), typesAll: $('types-all'), typesSummary: $('types-summary'),
  agent: $('agent'), prio: $('prio'), risky: $('risky'), clear: $('clear'), filters: $('filters'), auth: $('auth') };
$('cap').textContent = String(MAX_ROWS);
const table = createTable(el);

function setState(state, text) {
  el.conn.dataset.state = state;
  el.conn.textContent = text;
}
function notice(text) { el.notice.textContent = text || ''; }

let headId = null; // newest id seen on any subscription: where a resume starts
let epoch = null; // the history's epoch, from the last `subscribed`: sent back with `since`, so a lost history is told
function noteId(id) {
  if (parseId(id) && (headId === null || cmpId(id, headId) > 0)) headId = id;
}

// ---- history -------------------------------------------------------------------------------------
let generation = 0; // bumped on every (re)start: late answers for old filters are dropped

class ReadError extends Error {
  constructor(message, status) { super(message); this.status = status; }
}
const refused = (status) => status === 401 || status === 403;

function historyUrl(last) {
  const q = new URLSearchParams();
  q.set('last', String(last));
  if (filters.types.length) q.set('hook_type', filters.types.join(','));
  if (filters.agents.length) q.set('agent_id', filters.agents.join(','));
  if (filters.minPriority) q.set('min_priority', String(filters.minPriority));
  return new URL('hooks/events?' + q, location.href);
}

async function fetchEvents(last) {
  const res = await fetch(historyUrl(last), { headers: { accept: 'application/json', ...authHeaders() }, cache: 'no-store' });
  if (!res.ok) {
    let detail = '';
    try { detail = (await res.json()).message || ''; } catch { /* not JSON */ }
    throw new ReadError(refused(res.status) ? refusalMessage(res.status, detail) : 'History failed: ' + (detail || 'HTTP ' + res.status), res.status);
  }
  return res.json();
}

/** Loads the most recent matching events and merges them in; resolves with the newest id loaded. */
async function loadHistory() {
  const gen = generation;
  // deny/ask is filtered here, not by the server: look further back so the table is not nearly empty.
  const body = await fetchEvents(filters.risky ? MAX_ROWS : HISTORY);
  if (gen !== generation) return { stale: true, newest: null };
  const events = Array.isArray(body.events) ? body.events : [];
  for (const ev of events) { table.add(ev, false); noteId(ev.id); }
  table.update();
  return { stale: false, newest: events.length ? events[events.length - 1].id : null };
}

/** A read was refused: stop everything, forget the token (a reload would only be refused again) and ask for one. */
function needToken(message) {
  generation++;
  stopStream();
  setToken('');
  setState('error', 'token needed');
  notice(message);
  askForToken(el.auth, () => { notice(''); setState('connecting', 'connecting…'); start(); });
}

// ---- live stream ---------------------------------------------------------------------------------
let ws = null;
let attempts = 0;
let retryTimer = null;
let historyFailed = false; // retried once the stream is back: the store may have been down

function streamUrl(since) {
  const u = new URL('hooks/stream', location.href);
  u.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const f = serverFilters();
  if (f.hook_types) u.searchParams.set('hook_types', f.hook_types.join(','));
  if (f.agent_ids) u.searchParams.set('agent_ids', f.agent_ids.join(','));
  if (f.min_priority) u.searchParams.set('min_priority', String(f.min_priority));
  if (since) u.searchParams.set('since', since);
  if (since && epoch) u.searchParams.set('epoch', epoch);
  return u.toString();
}

function onSubscribed(m) {
  const restarted = epoch !== null && typeof m.epoch === 'string' && m.epoch !== epoch;
  if (typeof m.epoch === 'string') epoch = m.epoch;
  // Not recovered: our ids may be from a lost history, so where the server says we stand is the head now.
  if (m.recovered === false && parseId(m.last_id)) headId = m.last_id;
  else noteId(m.last_id);
  const resumed = attempts > 0;
  attempts = 0;
  notice('');
  // recovered:false: the resume point was older than the retained history (or from another), so events are gone.
  if (m.recovered === false) setState('gap', (restarted ? 'history restarted' : 'resumed with gap') + ' · reloaded last ' + HISTORY);
  else setState('live', resumed ? 'live (resumed)' : 'live');
  if (m.recovered === false || historyFailed) {
    historyFailed = false;
    loadHistory().catch((e) => {
      if (refused(e.status)) needToken(e.message);
      else { historyFailed = true; notice(e.message); }
    });
  }
}

function connect(since) {
  clearTimeout(retryTimer);
  const sock = new WebSocket(streamUrl(since), streamProtocols());
  let opened = false;
  ws = sock;
  sock.onopen = () => { opened = true; };
  sock.onmessage = (msg) => {
    if (ws !== sock) return;
    let m;
    try { m = JSON.parse(msg.data); } catch { return; }
    if (m.type === 'hook_events' && Array.isArray(m.events)) {
      for (const ev of m.events) { noteId(ev.id); table.add(ev, true); }
      table.update();
    } else if (m.type === 'subscribed') {
      onSubscribed(m);
    } else if (m.type === 'error') {
      notice(String(m.code || 'error') + ': ' + String(m.message || ''));
    }
  };
  sock.onclose = async (e) => {
    if (ws !== sock) return;
    ws = null;
    // A refused upgrade shows only as a close: ask the history route why, so a revoked token is not retried forever.
    if (!opened && await readRefused()) return;
    if (ws) return; // a filter change connected afresh meanwhile
    const delay = Math.min(10000, 500 * 2 ** attempts) * (0.75 + Math.random() / 2);
    attempts++;
    const why = e.code === 4008 ? 'too slow' : e.code === 1001 ? 'server restarting' : e.code === 1013 ? 'server full' : 'disconnected';
    setState('reconnecting', 'reconnecting (' + why + ') in ' + Math.round(delay / 100) / 10 + ' s');
    retryTimer = setTimeout(() => connect(headId), delay);
  };
}

/** True (and the token form shown) when a read is refused now; false on success or any other failure. */
async function readRefused() {
  const gen = generation;
  try {
    await fetchEvents(1);
    return false;
  } catch (e) {
    if (!refused(e.status)) return false;
    if (gen === generation) needToken(e.message);
    return true;
  }
}

function stopStream() {
  clearTimeout(retryTimer);
  const old = ws;
  ws = null;
  old?.close();
}

/** (Re)subscribes on the open socket with the current filters, or connects with them. */
function subscribe(since) {
  if (ws && ws.readyState === WebSocket.OPEN) {
    const msg = { type: 'subscribe', filters: serverFilters() };
    if (since) msg.since = since;
    if (since && epoch) msg.epoch = epoch;
    ws.send(JSON.stringify(msg));
  } else {
    // None, or still connecting with the old filters: start over with the new ones.
    stopStream();
    connect(since);
  }
}

/**
 * History first, then the stream from the newest id loaded, so nothing falls between the two. With no
 * matching history, resume from the newest id seen anywhere (or the start: nothing matched before).
 */
async function start() {
  const gen = ++generation;
  let since = null;
  try {
    const h = await loadHistory();
    if (h.stale) return;
    historyFailed = false;
    since = h.newest || headId || '0-0';
  } catch (e) {
    if (gen !== generation) return;
    if (refused(e.status)) { needToken(e.message); return; }
    notice(e.message);
    historyFailed = true;
    since = headId;
  }
  if (gen !== generation) return;
  subscribe(since);
}

setUpFilters(el, () => { table.clear(); start(); });
el.clear.addEventListener('click', () => table.clear());
table.update();
start();
