// Test events for the aggregator: StoredEvents with increasing stream ids at chosen stream times, and a summary sink.
import type { StoredEvent } from '../../src/store/types.js';
import type { AggregateSummary, ToolCall } from '../../src/aggregation/types.js';
import { Aggregator, type AggregatorOptions } from '../../src/aggregation/aggregator.js';

/** Makes events whose ids `<ms>-<seq>` increase, as one store's would. */
export class EventMaker {
  private seq = 0;
  private lastMs = -1;

  at(ms: number, fields: Partial<StoredEvent> = {}): StoredEvent {
    if (ms !== this.lastMs) this.seq = 0;
    this.lastMs = ms;
    const id = `${ms}-${this.seq++}`;
    return {
      id,
      event_id: `e-${id}`,
      hook_type: 'Notification',
      agent_id: 'agent-1',
      session_id: 's-1',
      correlation_id: null,
      priority: 5,
      timestamp: new Date(ms).toISOString(),
      payload: {},
      metadata: {},
      decision: 'allow',
      risk: 'SAFE',
      reason: null,
      rule: null,
      processing_time_ms: 1,
      source: 'hooks',
      ...fields,
    };
  }

  pre(ms: number, tool: string, callId: string, fields: Partial<StoredEvent> = {}): StoredEvent {
    return this.at(ms, { hook_type: 'PreToolUse', correlation_id: callId, payload: { tool_name: tool, tool_use_id: callId }, ...fields });
  }

  post(ms: number, tool: string, callId: string | null, payload: Record<string, unknown> = {}, fields: Partial<StoredEvent> = {}): StoredEvent {
    return this.at(ms, {
      hook_type: 'PostToolUse',
      correlation_id: callId,
      payload: { tool_name: tool, ...(callId ? { tool_use_id: callId } : {}), ...payload },
      ...fields,
    });
  }
}

export interface Harness {
  agg: Aggregator;
  summaries: AggregateSummary[];
  calls: ToolCall[];
  warnings: { obj: object; msg: string }[];
  clock: { t: number };
}

/** An aggregator with a hand-moved clock (windows of 1000 ms, grace 100 ms unless told) collecting what it emits. */
export function harness(opts: Partial<AggregatorOptions> = {}): Harness {
  const summaries: AggregateSummary[] = [];
  const calls: ToolCall[] = [];
  const warnings: { obj: object; msg: string }[] = [];
  const clock = { t: 0 };
  const agg = new Aggregator({
    windowMs: 1000,
    graceMs: 100,
    toolCallTimeoutMs: 10_000,
    maxOpenCalls: 100,
    maxWindows: 100,
    ruleBudgetMs: 50,
    onSummary: (s) => void summaries.push(s),
    onToolCall: (c) => void calls.push(c),
    log: { warn: (obj, msg) => void warnings.push({ obj, msg }) },
    now: () => clock.t,
    ...opts,
  });
  return { agg, summaries, calls, warnings, clock };
}
