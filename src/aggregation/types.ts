// The aggregator's vocabulary: windows of one agent's (and session's) events, their summaries, paired tool calls, rules.
import type { StoredEvent } from '../store/types.js';
import type { Decision, RiskLevel } from '../security/types.js';

/** Per tool name, over a window's finished calls (CONTRACT §10). */
export interface ToolUsage {
  count: number;
  success_count: number;
  error_count: number;
  /** Calls that started in the window (or before) and never finished within HOOK_TOOL_CALL_TIMEOUT_MS. */
  unfinished_count: number;
  /** Mean of the paired calls' durations (PreToolUse → PostToolUse/Failure); null when none was paired. */
  avg_duration_ms: number | null;
}

/** One window's summary (CONTRACT §10), plus what custom rules add under `rules`. */
export interface AggregateSummary {
  /** `<agent_id>|<session_id or ->|<window_start ms>`: the same window always has the same key, on every instance. */
  key: string;
  agent_id: string;
  session_id: string | null;
  /** ISO-8601; windows are aligned to multiples of HOOK_FLUSH_INTERVAL_MS of the events' stream-id time. */
  window_start: string;
  window_end: string;
  event_count: number;
  hook_types: Record<string, number>;
  tool_usage: Record<string, ToolUsage>;
  decisions: Record<Decision, number>;
  avg_processing_time_ms: number;
  /** Stream ids of the window's first and last events. */
  first_event_id: string;
  last_event_id: string;
  /** Per rule name, the extra fields it returned; absent when no rule added anything. */
  rules?: Record<string, Record<string, unknown>>;
  /** Events rules derived (e.g. 50 identical Notifications as one with a count); never replacing the raw events. */
  derived?: Record<string, unknown>[];
  /**
   * Present when the window was closed before its end plus grace (shutdown, or the window bound): the counts are
   * those this instance had seen so far, and another instance's full summary of the same key is the better one.
   */
  partial?: true;
}

/** A stored summary: the summary plus its id in the aggregates stream (ids are stream ids, increasing). */
export interface StoredAggregate extends AggregateSummary {
  id: string;
}

/** One tool call, paired from its PreToolUse and PostToolUse/PostToolUseFailure (or closed as unfinished). */
export interface ToolCall {
  /** `tool_use_id` (or the correlation id). */
  call_id: string;
  tool_name: string;
  agent_id: string;
  session_id: string | null;
  /** Epoch ms of the PreToolUse and of its end (the PostToolUse, or the time-out for an unfinished call). */
  start_ms: number;
  end_ms: number;
  /** `denied`: hookhive denied the PreToolUse, so the tool never ran (start and end are the PreToolUse). */
  outcome: 'success' | 'error' | 'unfinished' | 'denied';
  /** The PreToolUse's decision and risk. */
  decision: Decision;
  risk: RiskLevel;
  /** Short error text when the outcome is `error` (from the payload), else undefined. */
  error?: string;
}

/** What a custom rule sees: one closed window. */
export interface RuleWindow {
  agent_id: string;
  session_id: string | null;
  window_start: string;
  window_end: string;
  /** A copy of the window's events (stream order), at most the aggregator's `maxRuleEvents` of them. */
  events: readonly StoredEvent[];
  /** True when the window had more events than `events` holds (the first ones are kept). */
  truncated?: boolean;
  /** The summary as computed so far (read-only for the rule). */
  summary: Readonly<AggregateSummary>;
}

/** What a rule returns: extra fields for the summary, derived events, or nothing. */
export interface RuleResult {
  fields?: Record<string, unknown>;
  derived?: Record<string, unknown>[];
}

/** A rule may answer at once or with a promise; either way it is held to the aggregator's `ruleBudgetMs`. */
export type AggregationRule = (
  window: RuleWindow,
) => RuleResult | undefined | void | Promise<RuleResult | undefined | void>;
