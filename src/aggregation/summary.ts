// One window's running counts (no event list needed) and the summary of CONTRACT §10 they close into.
import type { StoredEvent } from '../store/types.js';
import type { Decision } from '../security/types.js';
import type { AggregateSummary, ToolUsage } from './types.js';

/**
 * Tool and hook-type names come from agents (any name is stored, CONTRACT §2): past this many distinct names in one
 * window the rest are counted under OTHER, so one agent cannot grow a summary without bound.
 */
const MAX_NAMES = 256;
export const OTHER = '(other)';

interface ToolCounts {
  success: number;
  error: number;
  unfinished: number;
  durationSum: number;
  durations: number;
}

/** `<agent_id>|<session_id or ->|<window_start ms>`: the same on every instance for the same events. */
export function windowKey(agentId: string, sessionId: string | null, startMs: number): string {
  return `${agentId}|${sessionId ?? '-'}|${startMs}`;
}

/** Rounded to the µs: averages are sums over the same events in the same order, so every instance agrees anyway. */
const round3 = (n: number) => Math.round(n * 1000) / 1000;

function bump(map: Map<string, number>, name: string, by = 1): void {
  const key = map.has(name) || map.size < MAX_NAMES ? name : OTHER;
  map.set(key, (map.get(key) ?? 0) + by);
}

export class WindowAccumulator {
  readonly key: string;
  readonly endMs: number;
  private eventCount = 0;
  private readonly hookTypes = new Map<string, number>();
  private readonly tools = new Map<string, ToolCounts>();
  private readonly decisions: Record<Decision, number> = { allow: 0, ask: 0, deny: 0 };
  private processingSum = 0;
  private firstId = '';
  private lastId = '';
  /** The first events, for rules; `truncated` once more arrived than are held. */
  readonly events: StoredEvent[] = [];
  truncated = false;

  constructor(
    readonly agentId: string,
    readonly sessionId: string | null,
    readonly startMs: number,
    windowMs: number,
  ) {
    this.key = windowKey(agentId, sessionId, startMs);
    this.endMs = startMs + windowMs;
  }

  /** Counts one event; keeps it for rules while fewer than `keep` are held (0: rules are not wanted). */
  addEvent(e: StoredEvent, keep: number): void {
    this.eventCount += 1;
    bump(this.hookTypes, e.hook_type);
    if (Object.hasOwn(this.decisions, e.decision)) this.decisions[e.decision] += 1;
    if (Number.isFinite(e.processing_time_ms)) this.processingSum += e.processing_time_ms;
    if (this.firstId === '') this.firstId = e.id;
    this.lastId = e.id;
    if (this.events.length < keep) this.events.push(e);
    else this.truncated = true;
  }

  /** A finished call (paired or not: `durationMs` is null without its PreToolUse). */
  addFinished(tool: string, outcome: 'success' | 'error', durationMs: number | null): void {
    const t = this.tool(tool);
    t[outcome] += 1;
    if (durationMs !== null) {
      t.durationSum += durationMs;
      t.durations += 1;
    }
  }

  addUnfinished(tool: string, n = 1): void {
    this.tool(tool).unfinished += n;
  }

  summary(partial: boolean): AggregateSummary {
    const summary: AggregateSummary = {
      key: this.key,
      agent_id: this.agentId,
      session_id: this.sessionId,
      window_start: new Date(this.startMs).toISOString(),
      window_end: new Date(this.endMs).toISOString(),
      event_count: this.eventCount,
      // fromEntries defines own properties, so an agent's `__proto__` tool name is a name, not a prototype.
      hook_types: Object.fromEntries(this.hookTypes),
      tool_usage: Object.fromEntries([...this.tools].map(([name, t]) => [name, usage(t)])),
      decisions: { ...this.decisions },
      avg_processing_time_ms: this.eventCount > 0 ? round3(this.processingSum / this.eventCount) : 0,
      first_event_id: this.firstId,
      last_event_id: this.lastId,
    };
    if (partial) summary.partial = true;
    return summary;
  }

  private tool(name: string): ToolCounts {
    const key = this.tools.has(name) || this.tools.size < MAX_NAMES ? name : OTHER;
    let t = this.tools.get(key);
    if (!t) {
      t = { success: 0, error: 0, unfinished: 0, durationSum: 0, durations: 0 };
      this.tools.set(key, t);
    }
    return t;
  }
}

function usage(t: ToolCounts): ToolUsage {
  return {
    count: t.success + t.error + t.unfinished,
    success_count: t.success,
    error_count: t.error,
    unfinished_count: t.unfinished,
    avg_duration_ms: t.durations > 0 ? round3(t.durationSum / t.durations) : null,
  };
}
