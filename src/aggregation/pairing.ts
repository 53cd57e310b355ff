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
  seq: number;
}

/** Calls are scoped to their agent and session: two agents may well reuse one id. */
function pairKeyOf(agentId: string, sessionId: string | null, callId: string): string {
  return `${agentId}\u0000${sessionId ?? ''}\u0000${callId}`;
}

/**
 * Open calls in the order they started (stream order, so the oldest is first), indexed by call key. One key may
 * hold several calls: Cursor's shell hooks are correlated by `generation_id`, which names a whole agent turn, so
 * the calls of one turn are paired first in, first out (preferring the same tool name).
 */
export class CallTable {
  private readonly byStart = new Map<number, Entry>();
  private readonly byKey = new Map<string, Entry[]>();
  private seq = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.byStart.size;
  }

  /** Opens a call; returns the oldest calls evicted to stay within the bound. */
  open(call: OpenCall): OpenCall[] {
    const evicted: OpenCall[] = [];
    while (this.byStart.size >= this.max) {
      const oldest = this.byStart.values().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
      evicted.push(oldest.call);
    }
    const entry: Entry = { call, pairKey: pairKeyOf(call.agent_id, call.session_id, call.call_id), seq: this.seq++ };
    this.byStart.set(entry.seq, entry);
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
    for (const entry of this.byStart.values()) {
      // Start order is stream order: the first call that is young enough ends the scan.
      if (entry.call.start_ms > cutoffMs) break;
      this.remove(entry);
      expired.push(entry.call);
    }
    return expired;
  }

  clear(): void {
    this.byStart.clear();
    this.byKey.clear();
  }

  private remove(entry: Entry): void {
    this.byStart.delete(entry.seq);
    const list = this.byKey.get(entry.pairKey);
    if (!list) return;
    const i = list.indexOf(entry);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(entry.pairKey);
  }
}
