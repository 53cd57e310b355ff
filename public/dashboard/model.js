// @ts-check
// The event as the page sees it (DOM-free): stream-id order, safe field reads, what an event is about, how tool calls pair.

/**
 * @typedef {{ id: string, event_id?: string, hook_type: string, agent_id: string, session_id?: string | null,
 *   correlation_id?: string | null, priority?: number, timestamp?: string, payload?: Record<string, unknown>,
 *   metadata?: Record<string, unknown>, decision?: string, risk?: string, reason?: string | null, rule?: string | null,
 *   processing_time_ms?: number, source?: string }} HookEvent
 */

/**
 * "<ms>-<seq>" as two numbers, or null. Called several times per event (order, dedupe, resume point): a split,
 * not a regex, since a burst is 100,000 of them.
 * @param {unknown} id @returns {[number, number] | null}
 */
export function parseId(id) {
  if (typeof id !== 'string') return null;
  const dash = id.indexOf('-');
  if (dash <= 0 || dash === id.length - 1 || id.length > 40) return null;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (i !== dash && (c < 48 || c > 57)) return null; // digits only, either side of the one dash
  }
  return [Number(id.slice(0, dash)), Number(id.slice(dash + 1))];
}

/** Stream ids compare as (ms, seq) pairs, not as text: "9-0" < "10-0". @param {string} a @param {string} b */
export function cmpId(a, b) {
  const pa = parseId(a) || [0, 0], pb = parseId(b) || [0, 0];
  return pa[0] - pb[0] || pa[1] - pb[1];
}

/** @param {unknown} v @returns {string} */
export function str(v) { return typeof v === 'string' ? v : ''; }

/** @param {unknown} v @returns {Record<string, unknown>} */
export function obj(v) {
  return v && typeof v === 'object' && !Array.isArray(v) ? /** @type {Record<string, unknown>} */ (v) : {};
}

/** Payloads can be large: shown text is cut, the full event stays one click away. @param {string} text @param {number} max */
export function clip(text, max) { return text.length > max ? text.slice(0, max) + '…' : text; }

/** What the event is about: the shell command, else the tool and its file/path/url, else a message. @param {HookEvent} ev */
export function target(ev) {
  const p = obj(ev.payload), input = obj(p.tool_input), parameters = obj(p.parameters);
  const command = str(p.command) || str(input.command) || str(parameters.command);
  const tool = str(p.tool_name) || str(p.tool);
  if (command) return { tool, text: command };
  const path = str(input.file_path) || str(input.path) || str(input.notebook_path) || str(input.url) || str(input.pattern) || str(p.file_path) || str(p.path);
  if (path) return { tool, text: path };
  // `summary` is an approval record's command or target (ApprovalRequested/ApprovalResolved).
  return { tool, text: str(p.message) || str(p.prompt) || str(p.error) || str(p.summary) };
}

/** The tool call an event belongs to: Claude Code's tool_use_id, else the sender's correlation id. @param {HookEvent} ev */
export function callKey(ev) {
  const p = obj(ev.payload);
  return str(p.tool_use_id) || str(ev.correlation_id) || '';
}

/** When it happened, in ms: the event's timestamp, else the time in its stream id. @param {HookEvent} ev */
export function eventTime(ev) {
  const t = Date.parse(str(ev.timestamp));
  if (Number.isFinite(t)) return t;
  const id = parseId(ev.id);
  return id ? id[0] : 0;
}

/**
 * The service's own record of a held request opening or closing (CONTRACT §11), not something the agent did: it does
 * not count as a decision. Only the service stores events under the `approvals` source; a posted look-alike is an event.
 * @param {HookEvent} ev
 */
export function isApprovalEvent(ev) {
  return ev.source === 'approvals' && (ev.hook_type === 'ApprovalRequested' || ev.hook_type === 'ApprovalResolved');
}

/** One lane per agent and session. @param {{agent_id: string, session_id?: string | null}} ev */
export function laneKey(ev) { return str(ev.agent_id) + '\u0000' + (str(ev.session_id) || ''); }
