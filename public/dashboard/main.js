// @ts-check
// The dashboard's entry: hook types and history over HTTP, then the live, resumable /hooks/stream feeding the table, lanes and approvals.
import { adoptTokenFromUrl, askForToken, setToken, streamProtocols } from './auth.js';
import { getJson, refused } from './api.js';
import { byId, byIdAs } from './dom.js';
import { filters, serverFilters, setUpFilters } from './filters.js';
import { cmpId, parseId } from './model.js';
import { Lanes } from './lanes.js';
import { RateBuckets } from './rate.js';
import { MAX_ROWS } from './rows.js';
import { createTable } from './table.js';
import { createAgentsView } from './agents-view.js';
import { createApprovals } from './approvals-view.js';
import { startHealth } from './health.js';

/** @typedef {import('./model.js').HookEvent} HookEvent */

const HISTORY = 100;
/** A service with remote approvals lists their events among its hook types. */
let approvalsKnown = true;

// First of all, before any request: the token leaves the address bar.
adoptTokenFromUrl();

const conn = byId('conn'), noticeEl = byId('notice'), authForm = byIdAs('auth', HTMLFormElement);
const figures = { rate: byId('c-rate'), deny: byId('c-deny'), ask: byId('c-ask') };
const table = createTable();
const lanes = new Lanes();
const agents = createAgentsView(lanes);
const approvals = createApprovals();
const rate = new RateBuckets();

/** @param {string} state @param {string} text */
function setState(state, text) {
  conn.dataset.state = state;
  conn.textContent = text;
}
/** @param {string} [text] */
function notice(text) { noticeEl.textContent = text || ''; }

/** @type {string | null} newest id seen on any subscription: where a resume starts */
let headId = null;
/** @type {string | null} the history's epoch, from the last `subscribed`: sent back with `since`, so a lost history is told */
let epoch = null;
/** @param {unknown} id */
function noteId(id) {
  if (typeof id === 'string' && parseId(id) && (headId === null || cmpId(id, headId) > 0)) headId = id;
}

// ---- what every event feeds --------------------------------------------------------------------
let lanesDrawn = -1;
/** The header's figures follow every frame; the lanes redraw at most every 250 ms (and each second for "ago"). */
function figuresUpdate() {
  let deny = 0, ask = 0;
  for (const l of lanes.byKey.values()) { deny += l.counts.deny; ask += l.counts.ask; }
  figures.deny.textContent = String(deny);
  figures.ask.textContent = String(ask);
  figures.rate.textContent = rate.perSecond().toFixed(1);
}
/** @type {ReturnType<typeof setTimeout> | null} */
let lanesTimer = null;
function lanesSoon() {
  if (lanesTimer) return;
  lanesTimer = setTimeout(() => { lanesTimer = null; lanesDrawn = lanes.version; agents.draw(); }, 250);
}
setInterval(() => { figuresUpdate(); lanesDrawn = lanes.version; agents.draw(); }, 1000);

/** @param {HookEvent[]} events @param {boolean} live */
function ingest(events, live) {
  const now = Date.now();
  for (const ev of events) {
    if (!ev || typeof ev !== 'object') continue;
    noteId(ev.id);
    if (lanes.add(ev, live ? now : null) && live) rate.add(now);
    table.add(ev, live);
  }
  figuresUpdate();
  if (lanes.version !== lanesDrawn) lanesSoon();
}

// ---- history -----------------------------------------------------------------------------------
let generation = 0; // bumped on every (re)start: late answers for old filters are dropped

/** @param {number} last */
function historyPath(last) {
  const q = new URLSearchParams();
  q.set('last', String(last));
  if (filters.types.length) q.set('hook_type', filters.types.join(','));
  if (filters.agents.length) q.set('agent_id', filters.agents.join(','));
  if (filters.minPriority) q.set('min_priority', String(filters.minPriority));
  return 'hooks/events?' + q;
}

/** Loads the most recent matching events and merges them in; resolves with the newest id loaded. */
async function loadHistory() {
  const gen = generation;
  // deny/ask is filtered here, not by the server: look further back so the table is not nearly empty.
  const body = await getJson(historyPath(filters.risky ? MAX_ROWS : HISTORY), 'History');
  if (gen !== generation) return { stale: true, newest: null };
  /** @type {HookEvent[]} */
  const events = Array.isArray(body.events) ? body.events : [];
  ingest(events, false);
  return { stale: false, newest: events.length ? events[events.length - 1].id : null };
}

/** A read was refused: stop everything, forget the token (a reload would only be refused again) and ask for one. @param {string} message @param {() => void} then */
function needToken(message, then = start) {
  generation++;
  stopStream();
  setToken('');
  setState('error', 'token needed');
  notice(message);
  askForToken(authForm, () => { notice(''); setState('connecting', 'connecting…'); then(); });
}

// ---- live stream -------------------------------------------------------------------------------
/** @type {WebSocket | null} */
let ws = null;
let attempts = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let retryTimer;
let historyFailed = false; // retried once the stream is back: the store may have been down

/** What the page subscribes to: the filters, plus summaries always and approvals when the service holds them. */
function subscription() {
  /** @type {Record<string, unknown>} */
  const f = { ...serverFilters(), aggregates: true };
  // Only when the service said it has approvals: one without them refuses the unknown filter.
  if (approvals.enabled) f.approvals = true;
  return f;
}

/** @param {string | null} since */
function streamUrl(since) {
  const u = new URL('hooks/stream', location.href);
  u.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [k, v] of Object.entries(subscription())) u.searchParams.set(k, Array.isArray(v) ? v.join(',') : String(v));
  if (since) u.searchParams.set('since', since);
  if (since && epoch) u.searchParams.set('epoch', epoch);
  return u.toString();
}

/** @param {Record<string, any>} m */
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
  void approvals.refresh();
  if (m.recovered === false || historyFailed) {
    historyFailed = false;
    loadHistory().catch((e) => {
      if (refused(e)) needToken(e.message);
      else { historyFailed = true; notice(e instanceof Error ? e.message : String(e)); }
    });
  }
}

/** @param {string | null} since */
function connect(since) {
  clearTimeout(retryTimer);
  const sock = new WebSocket(streamUrl(since), streamProtocols());
  let opened = false;
  ws = sock;
  sock.onopen = () => { opened = true; };
  sock.onmessage = (msg) => {
    if (ws !== sock) return;
    let m;
    try { m = JSON.parse(String(msg.data)); } catch { return; }
    if (m.type === 'hook_events' && Array.isArray(m.events)) ingest(m.events, true);
    else if (m.type === 'aggregates' && Array.isArray(m.aggregates)) { for (const a of m.aggregates) lanes.addAggregate(a); lanesSoon(); }
    else if (m.type === 'approvals' && Array.isArray(m.approvals)) approvals.merge(m.approvals);
    else if (m.type === 'subscribed') onSubscribed(m);
    else if (m.type === 'error') notice(String(m.code || 'error') + ': ' + String(m.message || ''));
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
    setState('reconnecting', 'reconnecting… (' + why + ', next try in ' + Math.round(delay / 100) / 10 + ' s)');
    retryTimer = setTimeout(() => connect(headId), delay);
  };
}

/** True (and the token form shown) when a read is refused now; false on success or any other failure. */
async function readRefused() {
  const gen = generation;
  try {
    await getJson(historyPath(1), 'History');
    return false;
  } catch (e) {
    if (!refused(e)) return false;
    if (gen === generation) needToken(e instanceof Error ? e.message : '');
    return true;
  }
}

function stopStream() {
  clearTimeout(retryTimer);
  const old = ws;
  ws = null;
  old?.close();
}

/** (Re)subscribes on the open socket with the current filters, or connects with them. @param {string | null} since */
function subscribe(since) {
  if (ws && ws.readyState === WebSocket.OPEN) {
    /** @type {Record<string, unknown>} */
    const msg = { type: 'subscribe', filters: subscription() };
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
  /** @type {string | null} */
  let since = null;
  try {
    const [h] = await Promise.all([loadHistory(), approvals.probe(approvalsKnown)]);
    if (h.stale) return;
    historyFailed = false;
    since = h.newest || headId || '0-0';
  } catch (e) {
    if (gen !== generation) return;
    if (refused(e)) { needToken(e instanceof Error ? e.message : ''); return; }
    notice(e instanceof Error ? e.message : String(e));
    historyFailed = true;
    since = headId;
  }
  if (gen !== generation) return;
  subscribe(since);
}

/** The filter offers the service's own hook types; without them (a failed read) it still works from the URL. */
async function boot() {
  /** @type {string[]} */
  let types = [];
  try {
    const body = await getJson('hooks/types', 'Hook types');
    types = Array.isArray(body.hook_types) ? body.hook_types.map((/** @type {{name: string}} */ t) => String(t.name)) : [];
    approvalsKnown = types.includes('ApprovalRequested');
  } catch (e) {
    if (refused(e)) { needToken(e instanceof Error ? e.message : '', boot); return; }
    notice(e instanceof Error ? e.message : String(e));
  }
  setUpFilters(types, () => { table.clear(); lanes.clear(); agents.draw(); start(); });
  byId('clear').addEventListener('click', () => table.clear());
  void start();
}

startHealth();
void boot();
