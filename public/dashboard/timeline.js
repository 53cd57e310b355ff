// @ts-check
// A session's tool calls (DOM-free): PreToolUse opens a call, PostToolUse/PostToolUseFailure closes it, matched by tool_use_id or correlation_id.
import { callKey, clip, eventTime, isApprovalEvent, obj, str, target } from './model.js';

/** @typedef {import('./model.js').HookEvent} HookEvent */
/**
 * @typedef {{ key: string, tool: string, text: string, start: number, end: number | null,
 *   status: 'running' | 'ok' | 'failed' | 'denied' | 'asked', decision: string, startId: string, endId: string | null,
 *   note?: string }} ToolCall
 */

const MAX_CALLS = 40;
/** A command can be 100 kB: 200 lanes × 40 calls must not keep that much for a tooltip. */
const TEXT_MAX = 300;

const OPENS = new Set(['PreToolUse']);
const CLOSES = new Set(['PostToolUse', 'PostToolUseFailure']);

export class Timeline {
  /** @param {number} max calls kept (oldest go first): a long session must not grow the page without end */
  constructor(max = MAX_CALLS) {
    this.max = max;
    /** @type {ToolCall[]} in start order */
    this.calls = [];
    /** @type {Map<string, ToolCall>} open calls by key */
    this.open = new Map();
  }

  /** Feeds one event; returns the call it opened or closed, if any. @param {HookEvent} ev @returns {ToolCall | null} */
  add(ev) {
    if (OPENS.has(ev.hook_type)) return this.begin(ev);
    if (CLOSES.has(ev.hook_type)) return this.finish(ev);
    if (ev.hook_type === 'PermissionDenied') return this.deniedLater(ev);
    if (ev.hook_type === 'ApprovalResolved' && isApprovalEvent(ev)) return this.answered(ev);
    return null;
  }

  /** The tool in use: the newest call still running. */
  current() {
    for (let i = this.calls.length - 1; i >= 0; i--) if (this.calls[i].status === 'running') return this.calls[i];
    return null;
  }

  /** @param {HookEvent} ev */
  begin(ev) {
    const t = target(ev);
    const at = eventTime(ev);
    const decision = str(ev.decision);
    /** @type {ToolCall} */
    const call = { key: callKey(ev), tool: t.tool || '?', text: clip(t.text, TEXT_MAX), start: at, end: null, status: 'running', decision, startId: ev.id, endId: null };
    // A denied call never runs: it ends where it starts. An asked one may still run once a person allows it.
    if (decision === 'deny') { call.status = 'denied'; call.end = at; }
    else if (call.key) this.open.set(call.key, call);
    if (decision === 'ask') call.status = 'asked';
    this.calls.push(call);
    while (this.calls.length > this.max) {
      const gone = this.calls.shift();
      if (gone && this.open.get(gone.key) === gone) this.open.delete(gone.key);
    }
    return call;
  }

  /** @param {HookEvent} ev */
  finish(ev) {
    const key = callKey(ev);
    const at = eventTime(ev);
    const failed = ev.hook_type === 'PostToolUseFailure' || obj(ev.payload).success === false;
    let call = key ? this.open.get(key) : undefined;
    if (!call) {
      // Its start is gone (before the page opened, or trimmed): still show that it ended, as a zero-length call.
      const t = target(ev);
      call = { key, tool: t.tool || '?', text: clip(t.text, TEXT_MAX), start: at, end: at, status: 'ok', decision: str(ev.decision), startId: ev.id, endId: ev.id };
      this.calls.push(call);
      while (this.calls.length > this.max) this.calls.shift();
    }
    this.open.delete(key);
    call.end = Math.max(at, call.start);
    call.endId = ev.id;
    call.status = failed ? 'failed' : 'ok';
    return call;
  }

  /**
   * An operator answered the held call (its record names the held event's stream id): approved, it may run now;
   * denied, it never runs; expired or cancelled, the agent's own user was asked. Who answered is kept as a note.
   * @param {HookEvent} ev
   */
  answered(ev) {
    const record = obj(ev.payload);
    const startId = str(record.stream_id);
    const call = startId ? this.calls.find((c) => c.startId === startId) : undefined;
    if (!call) return null;
    const by = str(record.answered_by);
    const status = str(record.status);
    if (status === 'allowed') {
      call.note = `approved by ${by || 'an operator'}`;
      if (call.status === 'asked') call.status = 'running';
    } else if (status === 'denied') {
      call.note = `denied by ${by || 'an operator'}`;
      if (this.open.get(call.key) === call) this.open.delete(call.key);
      call.status = 'denied';
      call.end = eventTime(ev);
      call.endId = ev.id;
    } else {
      call.note = status === 'expired' ? 'no answer in time' : 'service stopped';
    }
    return call;
  }

  /** Claude Code says the user (or a rule) refused a call it had asked about. @param {HookEvent} ev */
  deniedLater(ev) {
    const call = this.open.get(callKey(ev));
    if (!call) return null;
    this.open.delete(call.key);
    call.status = 'denied';
    call.end = eventTime(ev);
    call.endId = ev.id;
    return call;
  }
}
