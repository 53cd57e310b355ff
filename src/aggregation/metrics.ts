// The aggregator's Prometheus metrics, registered on the app's own registry.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { AggregationMetrics } from './aggregator.js';

export class AggregationPromMetrics implements AggregationMetrics {
  private readonly events: Counter;
  private readonly windows: Counter<'reason'>;
  private readonly applied: Counter<'rule'>;
  private readonly failed: Counter<'rule' | 'cause'>;
  private readonly open: Gauge;
  private readonly unfinished: Counter;
  private readonly late: Counter;
  /** Summaries stored, and the ones another instance had stored first; summaries that could not be stored. */
  readonly summaries: Counter<'result'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.events = new Counter({ name: 'hooks_aggregated_events_total', help: 'Events counted into aggregation windows', registers });
    this.windows = new Counter({
      name: 'hooks_aggregation_windows_closed_total',
      help: 'Aggregation windows closed into a summary, by why (due, evicted by the window bound, flush at shutdown)',
      labelNames: ['reason'] as const,
      registers,
    });
    this.applied = new Counter({ name: 'hooks_aggregation_rules_applied_total', help: 'Custom aggregation rules run on a window', labelNames: ['rule'] as const, registers });
    this.failed = new Counter({
      name: 'hooks_aggregation_rule_failures_total',
      help: 'Custom aggregation rules skipped for a window because they threw or ran past HOOK_AGGREGATION_RULE_BUDGET_MS',
      labelNames: ['rule', 'cause'] as const,
      registers,
    });
    this.open = new Gauge({ name: 'hooks_open_tool_calls', help: 'Tool calls waiting for their PostToolUse', registers });
    this.unfinished = new Counter({ name: 'hooks_unfinished_tool_calls_total', help: 'Tool calls closed as unfinished (time-out or the open-call bound)', registers });
    this.late = new Counter({ name: 'hooks_aggregation_late_events_total', help: 'Events that arrived for a window this instance had already closed', registers });
    this.summaries = new Counter({
      name: 'hooks_aggregates_total',
      help: 'Window summaries by result: stored, duplicate (another instance stored it first) or failed (the store refused it)',
      labelNames: ['result'] as const,
      registers,
    });
  }

  eventsAggregated(n: number): void {
    this.events.inc(n);
  }

  windowClosed(reason: 'due' | 'evicted' | 'flush'): void {
    this.windows.inc({ reason });
  }

  ruleApplied(name: string): void {
    this.applied.inc({ rule: name });
  }

  ruleFailed(name: string, cause: 'error' | 'timeout'): void {
    this.failed.inc({ rule: name, cause });
  }

  openCalls(n: number): void {
    this.open.set(n);
  }

  toolCallsUnfinished(n: number): void {
    this.unfinished.inc(n);
  }

  lateEvents(n: number): void {
    this.late.inc(n);
  }
}
