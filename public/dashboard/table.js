// @ts-check
// The events table: a capped RowStore drawn once per animation frame (so a burst never builds more rows than it keeps), Pause, and the event's JSON.
import { anyFilter, matches } from './filters.js';
import { byId, byIdAs, h } from './dom.js';
import { clip, str, target } from './model.js';
import { MAX_ROWS, RowStore } from './rows.js';
import { PauseBuffer } from './pause.js';

/** @typedef {import('./model.js').HookEvent} HookEvent */

const DECISIONS = new Set(['allow', 'ask', 'deny']);
const RISKS = new Set(['SAFE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
const COLUMNS = ['Time', 'Hook', 'Agent', 'Session', 'Prio', 'Decision', 'Risk', 'Command / target', 'Reason'];

// Built once: toLocaleTimeString builds a formatter per call, which a burst of redraws pays for thousands of times.
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const DATE = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit' });
/** Rows drawn at once beyond which none flashes: a burst flashing everything says nothing and costs every frame. */
const FLASH_MAX = 50;
/** Redraws at most this often: in a burst every draw would replace all 500 rows. */
const DRAW_EVERY_MS = 200;

/** @param {unknown} ts */
function fmtTime(ts) {
  const d = new Date(str(ts));
  if (Number.isNaN(d.getTime())) return str(ts);
  const day = DATE.format(d);
  return day === DATE.format(new Date()) ? TIME.format(d) : day + ' ' + TIME.format(d);
}

/** @param {HTMLTableRowElement} tr @param {string} cls @param {string} label @param {string} [text] @param {string} [title] */
function cell(tr, cls, label, text, title) {
  const td = h('td', cls, text);
  td.dataset.label = label;
  if (title) td.title = title;
  tr.append(td);
  return td;
}

/** @param {HookEvent} ev @param {boolean} fresh */
function renderRow(ev, fresh) {
  const tr = h('tr', fresh ? 'fresh' : '');
  const decision = DECISIONS.has(str(ev.decision)) ? str(ev.decision) : 'unknown';
  tr.dataset.id = ev.id;
  tr.dataset.decision = decision;
  tr.dataset.hookType = str(ev.hook_type);
  // The time is the row's button: a real control, so keyboard users open the event the same way.
  const open = h('button', 'open', fmtTime(ev.timestamp));
  open.type = 'button';
  open.dataset.id = ev.id;
  open.title = str(ev.timestamp) + ' · id ' + ev.id + ' · event ' + str(ev.event_id) + ' · opens the full event';
  cell(tr, 'time', COLUMNS[0]).append(open);
  cell(tr, 'hook', COLUMNS[1], str(ev.hook_type));
  cell(tr, 'agent', COLUMNS[2], str(ev.agent_id));
  const session = str(ev.session_id);
  cell(tr, 'session', COLUMNS[3], session.length > 14 ? session.slice(0, 12) + '…' : session || '—', session);
  cell(tr, 'prio', COLUMNS[4], Number.isFinite(ev.priority) ? String(ev.priority) : '');
  cell(tr, 'decision', COLUMNS[5]).append(h('span', 'badge ' + decision, decision));
  cell(tr, 'risk-cell', COLUMNS[6]).append(h('span', 'risk ' + (RISKS.has(str(ev.risk)) ? str(ev.risk) : 'unknown'), str(ev.risk)));
  const t = target(ev);
  const wrap = h('div');
  if (t.tool) wrap.append(h('span', 'tool', t.tool));
  if (t.text) {
    const code = h('code', '', clip(t.text, 2000));
    code.title = clip(t.text, 4000);
    wrap.append(code);
  }
  cell(tr, 'target', COLUMNS[7]).append(wrap);
  cell(tr, 'reason', COLUMNS[8], clip(str(ev.reason) || str(ev.rule), 1000));
  return tr;
}

export function createTable() {
  const body = byId('rows'), empty = byId('empty'), shown = byId('c-shown'), pausedOut = byId('paused');
  const pauseButton = byIdAs('pause', HTMLButtonElement);
  const dialog = byIdAs('event-dialog', HTMLDialogElement), json = byId('event-json'), title = byId('event-dialog-title');
  /** @type {RowStore<HTMLTableRowElement>} */
  const store = new RowStore(MAX_ROWS);
  /** @type {PauseBuffer<HookEvent>} */
  const pause = new PauseBuffer(MAX_ROWS);
  /** Ids added live since the last draw: they flash once. */
  const fresh = new Set();
  let scheduled = false;
  let drawnAt = 0;

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    const wait = drawnAt + DRAW_EVERY_MS - performance.now();
    if (wait > 0) setTimeout(() => requestAnimationFrame(draw), wait);
    else requestAnimationFrame(draw);
  }

  /** Only rows still kept at draw time get elements; evicted ones lose theirs. */
  function draw() {
    scheduled = false;
    drawnAt = performance.now();
    for (const r of store.takeEvicted()) { r.view?.remove(); r.view = null; }
    if (fresh.size > FLASH_MAX) fresh.clear();
    /** @type {HTMLTableRowElement | null} */
    let above = null; // the DOM shows newest first: walk from the newest down
    for (let i = store.rows.length - 1; i >= 0; i--) {
      const r = store.rows[i];
      if (!r.view) {
        r.view = renderRow(r.ev, fresh.has(r.id));
        body.insertBefore(r.view, above ? above.nextSibling : body.firstChild);
      }
      above = r.view;
    }
    fresh.clear();
    update();
  }

  /** @param {HookEvent} ev @param {boolean} live */
  function add(ev, live) {
    if (!ev || !matches(ev)) return;
    if (live && pause.offer(ev)) { update(); return; }
    if (store.add(ev)) {
      // Frames do not run in a hidden tab: the flash list must not grow with everything that arrives meanwhile.
      if (live && fresh.size < MAX_ROWS) fresh.add(ev.id);
      schedule();
    }
  }

  function clear() {
    store.clear();
    pause.clear();
    schedule();
  }

  function update() {
    shown.textContent = String(store.size);
    empty.hidden = store.size > 0;
    empty.textContent = anyFilter() ? 'No events match these filters yet.' : 'No events yet.';
    pausedOut.textContent = pause.paused ? 'Paused: ' + pause.held.length + ' new held' + (pause.dropped ? ', ' + pause.dropped + ' older dropped' : '') : '';
  }

  pauseButton.addEventListener('click', () => {
    if (!pause.paused) {
      pause.pause();
      pauseButton.textContent = 'Resume';
      pauseButton.setAttribute('aria-pressed', 'true');
    } else {
      const { items } = pause.resume();
      pauseButton.textContent = 'Pause';
      pauseButton.setAttribute('aria-pressed', 'false');
      for (const ev of items) if (store.add(ev)) fresh.add(ev.id);
      schedule();
    }
    update();
  });

  body.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button.open') : null;
    const id = button instanceof HTMLElement ? button.dataset.id : undefined;
    const row = id ? store.get(id) : undefined;
    if (!row) return;
    title.textContent = str(row.ev.hook_type) + ' · ' + str(row.ev.agent_id) + ' · ' + row.id;
    // textContent: the JSON is shown as text, whatever it holds.
    json.textContent = JSON.stringify(row.ev, null, 2);
    dialog.showModal();
  });

  byId('cap').textContent = String(MAX_ROWS);
  update();
  return { add, clear, update };
}
