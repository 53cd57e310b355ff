// @ts-check
// The approvals panel: pending asks with a live countdown and Approve/Deny, answered with the token; hidden when the service holds none.
import { byId, byIdAs, h } from './dom.js';
import { getJson, postJson, ReadError } from './api.js';
import { ApprovalQueue, outcome, secondsLeft } from './approvals-state.js';

/** @typedef {import('./approvals-state.js').Approval} Approval */

const OPERATOR_KEY = 'hookhive.operator';
const READ_ONLY = 'This token can see the queue but not answer it: approving needs a full-access token.';

/** @param {string} key */
function loadSetting(key) { try { return localStorage.getItem(key) || ''; } catch { return ''; } }
/** @param {string} key @param {string} value */
function saveSetting(key, value) { try { localStorage.setItem(key, value); } catch { /* memory only */ } }

export function createApprovals() {
  const section = byId('approvals'), list = byId('approval-list'), closedList = byId('approval-closed'), empty = byId('approvals-empty');
  const count = byId('approvals-count'), note = byId('approvals-note'), live = byId('approvals-live');
  const operator = byIdAs('operator', HTMLInputElement);
  const queue = new ApprovalQueue();
  /** @type {Map<string, { li: HTMLLIElement, left: HTMLElement, buttons: HTMLButtonElement[], msg: HTMLElement }>} */
  const items = new Map();
  let enabled = false;
  let readOnly = false;
  let drawn = -1;

  operator.value = loadSetting(OPERATOR_KEY);
  operator.addEventListener('change', () => saveSetting(OPERATOR_KEY, operator.value.trim()));

  /** @param {Approval} a */
  function item(a) {
    const li = h('li', 'approval');
    li.dataset.approvalId = a.approval_id;
    li.dataset.risk = a.risk || '';
    const head = h('div', 'approval-head');
    head.append(h('strong', 'agent', a.agent_id), h('span', 'session', a.session_id ? 'session ' + a.session_id : ''), h('span', 'risk ' + (a.risk || ''), a.risk || ''));
    const left = h('span', 'left');
    head.append(left);
    const what = h('p', 'what');
    if (a.tool_name) what.append(h('span', 'tool', a.tool_name + ' '));
    what.append(h('code', '', a.summary || '(no command or target given)'));
    const why = h('p', 'why', a.reason ? 'Flagged: ' + a.reason : '');
    const where = h('p', 'where', a.cwd ? 'in ' + a.cwd : '');
    const reasonLabel = h('label', 'field reason');
    const reason = h('input');
    reason.type = 'text';
    reason.maxLength = 500;
    reason.placeholder = 'optional';
    reasonLabel.append(h('span', '', 'Reason (sent to the agent)'), reason);
    const approve = h('button', 'approve', '✓ Approve');
    const deny = h('button', 'deny', '✕ Deny');
    approve.type = deny.type = 'button';
    const buttons = [approve, deny];
    for (const b of buttons) b.disabled = readOnly;
    const msg = h('p', 'msg');
    msg.setAttribute('role', 'status');
    const actions = h('div', 'actions');
    actions.append(reasonLabel, approve, deny);
    li.append(head, what, why, where, actions, msg);
    approve.addEventListener('click', () => void answer(a.approval_id, 'allow', reason.value));
    deny.addEventListener('click', () => void answer(a.approval_id, 'deny', reason.value));
    return { li, left, buttons, msg };
  }

  /** @param {string} id @param {'allow' | 'deny'} decision @param {string} reason */
  async function answer(id, decision, reason) {
    const it = items.get(id);
    if (!it) return;
    for (const b of it.buttons) b.disabled = true;
    /** @type {{ decision: string, by?: string, reason?: string }} */
    const body = { decision };
    const by = operator.value.trim();
    if (by) body.by = by.slice(0, 64);
    if (reason.trim()) body.reason = reason.trim().slice(0, 500);
    it.msg.textContent = 'Sending…';
    try {
      const res = await postJson('hooks/approvals/' + encodeURIComponent(id), body);
      if (res.status === 200) { it.msg.textContent = ''; merge([res.body]); return; }
      if (res.status === 409) {
        // Someone else was first (or time ran out). The item leaves the queue on the refresh (or the closing frame),
        // so who answered is said on the panel, not on the item.
        it.msg.textContent = '';
        note.textContent = (queue.get(id)?.summary || id) + ': ' + String(res.body?.message || 'already answered.');
        await refresh();
        return;
      }
      if (res.status === 401 || res.status === 403) { setReadOnly(); it.msg.textContent = READ_ONLY; return; }
      it.msg.textContent = 'Not sent: ' + String(res.body?.message || 'HTTP ' + res.status);
    } catch {
      it.msg.textContent = 'Not sent: the service could not be reached.';
    }
    if (!readOnly) for (const b of it.buttons) b.disabled = false;
  }

  function setReadOnly() {
    readOnly = true;
    note.textContent = READ_ONLY;
    for (const it of items.values()) for (const b of it.buttons) b.disabled = true;
  }

  /** Redraws what changed only, so focus and a half-typed reason survive every frame. */
  function draw() {
    if (drawn === queue.version) return;
    drawn = queue.version;
    const { pending, closed } = queue.list();
    const keep = new Set(pending.map((a) => a.approval_id));
    for (const [id, it] of items) if (!keep.has(id)) { it.li.remove(); items.delete(id); }
    /** @type {string[]} */
    const arrived = [];
    for (const a of pending) {
      let it = items.get(a.approval_id);
      if (!it) { it = item(a); items.set(a.approval_id, it); arrived.push(a.agent_id + ' wants to run ' + (a.summary || a.tool_name || a.hook_type || 'something')); }
      list.append(it.li); // appending in order keeps the DOM in queue order
    }
    if (arrived.length) live.textContent = 'Approval needed: ' + arrived.join('; ');
    closedList.replaceChildren(...closed.map((a) => {
      const li = h('li', 'approval closed');
      li.dataset.approvalId = a.approval_id;
      li.dataset.status = a.status;
      li.append(h('strong', 'agent', a.agent_id + ' '), h('code', '', a.summary || ''), h('p', 'outcome', outcome(a)));
      return li;
    }));
    count.textContent = pending.length ? '(' + pending.length + ' waiting)' : '';
    empty.hidden = pending.length > 0;
    tick();
  }

  function tick() {
    const now = Date.now();
    for (const a of queue.list().pending) {
      const it = items.get(a.approval_id);
      if (!it) continue;
      const s = secondsLeft(a, now);
      it.left.textContent = s > 0 ? s + ' s left' : 'time is up';
      it.li.dataset.urgent = s <= 10 ? 'true' : 'false';
    }
  }

  /** @param {unknown[]} records */
  function merge(records) { queue.merge(records); draw(); }

  /** Frames are not replayed on resume: the service's list is the truth after every (re)subscribe. */
  async function refresh() {
    if (!enabled) return;
    const at = queue.mark();
    try {
      const body = await getJson('hooks/approvals', 'Approvals');
      queue.snapshot(Array.isArray(body.approvals) ? body.approvals : [], at);
      draw();
    } catch (e) {
      if (e instanceof ReadError && e.status === 403) setReadOnly();
    }
  }

  /**
   * Asks the service whether it holds asks for a person. A 404 (a service without approvals) or `mode: "off"`
   * keeps the panel hidden; so does any failure, which is retried on the next (re)subscribe. `known: false`
   * (its hook types have no ApprovalRequested) skips the request: the browser would log the 404 as an error.
   * @param {boolean} known
   */
  async function probe(known) {
    if (!known) { section.hidden = true; return false; }
    try {
      const body = await getJson('hooks/approvals', 'Approvals');
      enabled = body?.mode === 'dashboard';
      if (enabled) queue.snapshot(Array.isArray(body.approvals) ? body.approvals : [], queue.mark());
    } catch {
      enabled = false;
    }
    section.hidden = !enabled;
    if (enabled) draw();
    return enabled;
  }

  setInterval(tick, 1000);
  return { probe, refresh, merge, get enabled() { return enabled; } };
}
