// @ts-check
// The filter form: its state, its mirror in the page URL (bookmarkable views, never the token), and the client-side match.
import { byId, byIdAs, h } from './dom.js';

/** @typedef {import('./model.js').HookEvent} HookEvent */

/** @type {{ types: string[], agents: string[], minPriority: number | null, risky: boolean }} */
export const filters = { types: [], agents: [], minPriority: null, risky: false };

/**
 * Builds the hook-type checkboxes from the service's list (GET /hooks/types) and wires the form: `onChange` runs
 * after every change that took effect. With no list (the read failed) the URL's types are offered as they are.
 * @param {string[]} hookTypes @param {() => void} onChange
 */
export function setUpFilters(hookTypes, onChange) {
  const form = byIdAs('filters', HTMLFormElement), typesBox = byId('types'), typesAll = byIdAs('types-all', HTMLInputElement);
  const typesSummary = byId('types-summary'), agent = byIdAs('agent', HTMLInputElement), prio = byIdAs('prio', HTMLSelectElement);
  const risky = byIdAs('risky', HTMLInputElement);
  const params = new URLSearchParams(location.search);
  const wanted = (params.get('hook_types') || '').split(',').filter(Boolean);
  const offered = hookTypes.length ? hookTypes : wanted;
  const typeBoxes = offered.map((t) => {
    const label = h('label', 'check');
    const box = h('input');
    box.type = 'checkbox';
    box.value = t;
    label.append(box, ' ' + t);
    typesBox.append(label);
    return box;
  });

  function read() {
    filters.types = typeBoxes.filter((b) => b.checked).map((b) => b.value);
    filters.agents = agent.value.split(',').map((s) => s.trim()).filter(Boolean);
    filters.minPriority = prio.value ? Number(prio.value) : null;
    filters.risky = risky.checked;
    typesAll.checked = filters.types.length === 0;
    typesSummary.textContent = filters.types.length === 0 ? 'all'
      : filters.types.length <= 2 ? filters.types.join(', ') : filters.types.length + ' selected';
  }

  function fromUrl() {
    for (const b of typeBoxes) b.checked = wanted.includes(b.value);
    agent.value = params.get('agent_ids') || '';
    const p = params.get('min_priority');
    if (p && /^[1-9]$/.test(p)) prio.value = p;
    risky.checked = params.get('risky') === '1';
  }

  function toUrl() {
    const q = new URLSearchParams();
    if (filters.types.length) q.set('hook_types', filters.types.join(','));
    if (filters.agents.length) q.set('agent_ids', filters.agents.join(','));
    if (filters.minPriority) q.set('min_priority', String(filters.minPriority));
    if (filters.risky) q.set('risky', '1');
    const s = q.toString();
    history.replaceState(history.state, '', location.pathname + (s ? '?' + s : '') + location.hash);
  }

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let debounce;
  function changed() {
    clearTimeout(debounce);
    read();
    toUrl();
    onChange();
  }
  typesAll.addEventListener('change', () => {
    if (typesAll.checked) for (const b of typeBoxes) b.checked = false;
    changed();
  });
  for (const b of typeBoxes) b.addEventListener('change', changed);
  prio.addEventListener('change', changed);
  risky.addEventListener('change', changed);
  agent.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(changed, 400); });
  form.addEventListener('submit', (e) => { e.preventDefault(); changed(); });
  const details = /** @type {HTMLDetailsElement} */ (typesBox.closest('details'));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && details.open) { details.open = false; typesSummary.focus(); }
  });
  document.addEventListener('click', (e) => { if (details.open && e.target instanceof Node && !details.contains(e.target)) details.open = false; });

  fromUrl();
  read();
}

/** The server filters the stream and history too; this guard also covers frames already in flight. @param {HookEvent} ev */
export function matches(ev) {
  if (filters.types.length && !filters.types.includes(ev.hook_type)) return false;
  if (filters.agents.length && !filters.agents.includes(ev.agent_id)) return false;
  if (filters.minPriority && !((ev.priority ?? 10) <= filters.minPriority)) return false;
  if (filters.risky && ev.decision !== 'deny' && ev.decision !== 'ask') return false;
  return true;
}

export function anyFilter() {
  return filters.types.length > 0 || filters.agents.length > 0 || filters.minPriority !== null || filters.risky;
}

/**
 * The subscription's filters, as /hooks/stream takes them (deny/ask is client-side only).
 * @returns {{ hook_types?: string[], agent_ids?: string[], min_priority?: number }}
 */
export function serverFilters() {
  /** @type {{ hook_types?: string[], agent_ids?: string[], min_priority?: number }} */
  const f = {};
  if (filters.types.length) f.hook_types = filters.types.slice();
  if (filters.agents.length) f.agent_ids = filters.agents.slice();
  if (filters.minPriority) f.min_priority = filters.minPriority;
  return f;
}
