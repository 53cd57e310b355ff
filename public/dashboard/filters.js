// The filter form: its state, its mirror in the page URL (bookmarkable views, never the token), and the client-side match.

// The service's hook types (src/schemas/hook-types.ts; a test keeps this copy equal).
const HOOK_TYPES = ['SessionStart', 'Setup', 'UserPromptSubmit', 'UserPromptExpansion', 'PreToolUse',
  'PermissionRequest', 'PermissionDenied', 'PostToolUse', 'PostToolUseFailure', 'PostToolBatch', 'Notification',
  'MessageDisplay', 'SubagentStart', 'SubagentStop', 'TaskCreated', 'TaskCompleted', 'Stop', 'StopFailure',
  'TeammateIdle', 'InstructionsLoaded', 'ConfigChange', 'CwdChanged', 'DirectoryAdded', 'FileChanged',
  'WorktreeCreate', 'WorktreeRemove', 'PreCompact', 'PostCompact', 'Elicitation', 'ElicitationResult', 'SessionEnd',
  'PreModelSwitch', 'PostModelSwitch', 'AgentStart', 'AgentStop', 'Error', 'ApprovalRequested', 'ApprovalResolved'];

export const filters = { types: [], agents: [], minPriority: null, risky: false };

/** Builds the hook-type checkboxes and wires the form: `onChange` runs after every change that took effect. */
export function setUpFilters(el, onChange) {
  const typeBoxes = HOOK_TYPES.map((t) => {
    const label = document.createElement('label');
    label.className = 'check';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = t;
    label.append(box, ' ' + t);
    el.types.append(label);
    return box;
  });

  function read() {
    filters.types = typeBoxes.filter((b) => b.checked).map((b) => b.value);
    filters.agents = el.agent.value.split(',').map((s) => s.trim()).filter(Boolean);
    filters.minPriority = el.prio.value ? Number(el.prio.value) : null;
    filters.risky = el.risky.checked;
    el.typesAll.checked = filters.types.length === 0;
    el.typesSummary.textContent = filters.types.length === 0 ? 'all'
      : filters.types.length <= 2 ? filters.types.join(', ') : filters.types.length + ' selected';
  }

  function fromUrl() {
    const params = new URLSearchParams(location.search);
    const types = (params.get('hook_types') || '').split(',').filter((t) => HOOK_TYPES.includes(t));
    for (const b of typeBoxes) b.checked = types.includes(b.value);
    el.agent.value = params.get('agent_ids') || '';
    const p = params.get('min_priority');
    if (p && /^[1-9]$/.test(p)) el.prio.value = p;
    el.risky.checked = params.get('risky') === '1';
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

  let debounce = null;
  function changed() {
    clearTimeout(debounce);
    read();
    toUrl();
    onChange();
  }
  el.typesAll.addEventListener('change', () => {
    if (el.typesAll.checked) for (const b of typeBoxes) b.checked = false;
    changed();
  });
  for (const b of typeBoxes) b.addEventListener('change', changed);
  el.prio.addEventListener('change', changed);
  el.risky.addEventListener('change', changed);
  el.agent.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(changed, 400); });
  el.filters.addEventListener('submit', (e) => { e.preventDefault(); changed(); });
  const details = el.types.closest('details');
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && details.open) { details.open = false; details.querySelector('summary').focus(); }
  });
  document.addEventListener('click', (e) => { if (details.open && !details.contains(e.target)) details.open = false; });

  fromUrl();
  read();
}

/** The server filters the stream and history too; this guard also covers frames already in flight. */
export function matches(ev) {
  if (filters.types.length && !filters.types.includes(ev.hook_type)) return false;
  if (filters.agents.length && !filters.agents.includes(ev.agent_id)) return false;
  if (filters.minPriority && !(ev.priority <= filters.minPriority)) return false;
  if (filters.risky && ev.decision !== 'deny' && ev.decision !== 'ask') return false;
  return true;
}

export function anyFilter() {
  return filters.types.length > 0 || filters.agents.length > 0 || filters.minPriority !== null || filters.risky;
}

/** The subscription's filters, as /hooks/stream takes them (deny/ask is client-side only). */
export function serverFilters() {
  const f = {};
  if (filters.types.length) f.hook_types = filters.types.slice();
  if (filters.agents.length) f.agent_ids = filters.agents.slice();
  if (filters.minPriority) f.min_priority = filters.minPriority;
  return f;
}
