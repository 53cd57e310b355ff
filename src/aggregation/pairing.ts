// The bounded table of open tool calls: a PreToolUse opens one, its PostToolUse/Failure closes it, time-outs expire it.
import type { Decision, RiskLevel } from '../security/types.js';

/** A call whose PreToolUse was seen and whose end was not (yet). */
export interface OpenCall {
  call_id: string;
  tool_name: string;
  agent_id: string;
  session_id: string | null;
  /** Stream-id ms of the PreToolUse: what every instance sharing one store agrees on. */
  start_ms: number;
  decision: Decision;
  risk: RiskLevel;
}

/** The call as opened (handed back as is: no copy per call), with its place in the table. */
interface Entry {
  call: OpenCall;
  pairKey: string;
  /** Set when the call finished or expired: the start-order queue drops it when it reaches the front. */
  removed: boolean;
}

/** Calls are scoped to their agent and session: two agents may well reuse one id. */
function pairKeyOf(agentId: string, sessionId: string | null, callId: string): string {
  return `${agentId}\u0000${sessionId ?? ''}\u0000${callId}`;
}

/**
 * Open calls in the order they started (stream order, so the oldest is first), indexed by call key. One key may
 * hold several calls: Cursor's shell hooks are correlated by `generation_id`, which names a whole agent turn, so
 * the calls of one turn are paired first in, first out (preferring the same tool name).
 *
 * Start order is an array with a moving head, not a Map: evicting the oldest of a full Map by iterating it from
 * the front walks over every entry deleted before it, which at the bound made each new call cost microseconds.
 */
export class CallTable {
  private order: Entry[] = [];
  private head = 0;
  private count = 0;
  private readonly byKey = new Map<string, Entry[]>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.count;
  }

  /** Opens a call; returns the oldest calls evicted to stay within the bound. */
  open(call: OpenCall): OpenCall[] {
    const evicted: OpenCall[] = [];
    while (this.count >= this.max) {
      const oldest = this.oldest();
      if (oldest === undefined) break;
      this.remove(oldest);
      evicted.push(oldest.call);
    }
    const entry: Entry = { call, pairKey: pairKeyOf(call.agent_id, call.session_id, call.call_id), removed: false };
    // Calls finish out of order: when most of the queue is finished calls held behind an old open one, drop them.
    if (this.order.length - this.head > 2 * this.count + 1024) {
      this.order = this.order.filter((e, i) => i >= this.head && !e.removed);
      this.head = 0;
    }
    this.order.push(entry);
    this.count++;
    const list = this.byKey.get(entry.pairKey);
    if (list) list.push(entry);
    else this.byKey.set(entry.pairKey, [entry]);
    return evicted;
  }

  /** Closes the open call this end belongs to, if one is open. */
  finish(agentId: string, sessionId: string | null, callId: string, toolName: string): OpenCall | undefined {
    const list = this.byKey.get(pairKeyOf(agentId, sessionId, callId));
    if (!list) return undefined;
    const same = list.find((c) => c.call.tool_name === toolName);
    const entry = same ?? list[0];
    this.remove(entry);
    return entry.call;
  }

  /** Removes and returns the calls that started at or before `cutoffMs`, oldest first. */
  expire(cutoffMs: number): OpenCall[] {
    const expired: OpenCall[] = [];
    for (let entry = this.oldest(); entry !== undefined; entry = this.oldest()) {
      // Start order is stream order: the first call that is young enough ends the scan.
      if (entry.call.start_ms > cutoffMs) break;
      this.remove(entry);
      expired.push(entry.call);
    }
    return expired;
  }

  clear(): void {
    this.order = [];
    this.head = 0;
    this.count = 0;
    this.byKey.clear();
  }

  /** The oldest call still open, dropping finished ones from the front of the queue on the way. */
  private oldest(): Entry | undefined {
    while (this.head < this.order.length && this.order[this.head].removed) this.head++;
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    return this.head < this.order.length ? this.order[this.head] : undefined;
  }

  private remove(entry: Entry): void {
    if (entry.removed) return;
    entry.removed = true;
    this.count--;
    const list = this.byKey.get(entry.pairKey);
    if (!list) return;
    const i = list.indexOf(entry);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(entry.pairKey);
  }
}
