// The EventAggregator: stored events → per-agent, per-session windows aligned to stream time → summaries (CONTRACT §10).
import type { StoredEvent } from '../store/types.js';
import { streamIdMs } from '../stream/resume.js';
import { CallTable, type OpenCall } from './pairing.js';
import { RuleSet, type RulesOutput } from './rules.js';
import { WindowAccumulator, windowKey } from './summary.js';
import { callIdOf, isToolEnd, opensCall, outcomeOf, toolNameOf } from './tool-event.js';
import type { AggregateSummary, AggregationRule, ToolCall } from './types.js';

/** A call as it ended, written out as one literal: one object shape for every call, at every rate. */
function ended(call: OpenCall, tool: string, endMs: number, outcome: ToolCall['outcome'], error?: string): ToolCall {
  const out: ToolCall = {
    call_id: call.call_id, tool_name: tool, agent_id: call.agent_id, session_id: call.session_id,
    start_ms: call.start_ms, end_ms: endMs, outcome, decision: call.decision, risk: call.risk,
  };
  if (error !== undefined) out.error = error;
  return out;
}

/** Plain counters the app maps to its metrics; every method optional. */
export interface AggregationMetrics {
  eventsAggregated?(n: number): void;
  /** `due`: its end plus grace passed; `evicted`: closed early to stay within maxWindows; `flush`: shutdown. */
  windowClosed?(reason: 'due' | 'evicted' | 'flush'): void;
  ruleApplied?(name: string): void;
  ruleFailed?(name: string, cause: 'error' | 'timeout'): void;
  /** The open-call table's size, after every change. */
  openCalls?(n: number): void;
  /** Calls closed as unfinished (timed out, or evicted from the table). */
  toolCallsUnfinished?(n: number): void;
  /** Events for a window this instance had already closed: paired, but not counted. */
  lateEvents?(n: number): void;
}

export interface AggregationLogger {
  warn(obj: object, msg: string): void;
}

export interface AggregatorOptions {
  /** Window length (HOOK_FLUSH_INTERVAL_MS). */
  windowMs: number;
  /** A PreToolUse with no end after this long is closed as unfinished. */
  toolCallTimeoutMs: number;
  maxOpenCalls: number;
  maxWindows: number;
  /** Each rule's time budget per window. */
  ruleBudgetMs: number;
  /** How long after its end a window waits for events still in flight; default min(windowMs, 1000). */
  graceMs?: number;
  /** Events held per window for rules (the first ones); default 1000. Also bounds a window's derived events. */
  maxRuleEvents?: number;
  /** Receives every closed window's summary; a promise it returns is not awaited, its rejection is logged. */
  onSummary(summary: AggregateSummary): void | Promise<void>;
  /** Receives every paired call and every call closed as unfinished. */
  onToolCall?(call: ToolCall): void;
  log?: AggregationLogger;
  metrics?: AggregationMetrics;
  now?: () => number;
}

type CloseReason = 'due' | 'evicted' | 'flush';

const agentKeyOf = (agentId: string, sessionId: string | null) => `${agentId}\u0000${sessionId ?? ''}`;

function positive(name: string, value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value) || value <= 0) throw new RangeError(`Aggregator: ${name} must be a positive number`);
  return value;
}

export class Aggregator {
  private readonly windowMs: number;
  private readonly graceMs: number;
  private readonly maxWindows: number;
  private readonly maxRuleEvents: number;
  private readonly now: () => number;
  private readonly rules = new RuleSet();
  private readonly calls: CallTable;
  /** Open windows in creation order, which is stream order: the first is the oldest. */
  private readonly windows = new Map<string, WindowAccumulator>();
  /** Per agent and session: its newest open window (where a call timing out now is counted). */
  private readonly newest = new Map<string, WindowAccumulator>();
  /** Per agent and session: the start of the last window closed (older events are late). Bounded, oldest dropped. */
  private readonly closedThrough = new Map<string, number>();
  /** Per agent and session with no open window: calls closed as unfinished, counted in its next window. Bounded. */
  private readonly carried = new Map<string, Map<string, number>>();
  /** Deliveries waiting on async rules, in close order; null when none is. */
  private chain: Promise<void> | null = null;
  /** onSummary calls still running (storing a summary): shutdown waits for them before the store closes. */
  private readonly inflight = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly opts: AggregatorOptions) {
    this.windowMs = positive('windowMs', opts.windowMs);
    positive('toolCallTimeoutMs', opts.toolCallTimeoutMs);
    positive('ruleBudgetMs', opts.ruleBudgetMs);
    this.maxWindows = positive('maxWindows', opts.maxWindows);
    this.calls = new CallTable(positive('maxOpenCalls', opts.maxOpenCalls));
    this.graceMs = opts.graceMs ?? Math.min(this.windowMs, 1000);
    if (!(this.graceMs >= 0)) throw new RangeError('Aggregator: graceMs must be 0 or more');
    this.maxRuleEvents = opts.maxRuleEvents ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  addAggregationRule(name: string, rule: AggregationRule): void {
    this.rules.add(name, rule);
  }

  removeAggregationRule(name: string): boolean {
    return this.rules.remove(name);
  }

  stats(): { windows: number; openCalls: number } {
    return { windows: this.windows.size, openCalls: this.calls.size };
  }

  /** Every stored event of every instance, in stream order (the store's tail). */
  ingest(events: readonly StoredEvent[]): void {
    if (this.closed) return;
    let counted = 0;
    let late = 0;
    for (const e of events) {
      const ms = streamIdMs(e.id);
      if (ms === null) continue;
      const win = this.windowOf(e, ms);
      if (win) {
        // Rules are given the window's events only when there are rules: otherwise nothing is held.
        win.addEvent(e, this.rules.size > 0 ? this.maxRuleEvents : 0);
        counted += 1;
      } else {
        late += 1;
      }
      this.pair(e, ms, win);
    }
    if (counted > 0) this.opts.metrics?.eventsAggregated?.(counted);
    if (late > 0) this.opts.metrics?.lateEvents?.(late);
    this.opts.metrics?.openCalls?.(this.calls.size);
  }

  /**
   * Times out open calls, then closes every window whose end plus grace has passed. Resolves once their summaries
   * have been handed to onSummary (at once, unless an async rule is still running).
   */
  tick(now: number = this.now()): Promise<void> {
    const expired = this.calls.expire(now - this.opts.toolCallTimeoutMs);
    for (const call of expired) this.unfinished(call, now);
    if (expired.length > 0) this.opts.metrics?.openCalls?.(this.calls.size);
    for (const win of [...this.windows.values()]) {
      if (win.endMs + this.graceMs <= now) this.closeWindow(win, 'due');
    }
    return this.delivered();
  }

  /** Resolves once every summary handed over so far has been delivered and onSummary's work on it settled. */
  private async delivered(): Promise<void> {
    while (this.chain !== null || this.inflight.size > 0) {
      await this.chain;
      await Promise.allSettled([...this.inflight]);
    }
  }

  /** Ticks every min(windowMs, 1000) ms on an unref'd timer: it never keeps the process alive. */
  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      this.tick().catch((err: unknown) => this.opts.log?.warn({ err }, 'aggregator tick failed'));
    }, Math.min(this.windowMs, 1000));
    this.timer.unref();
  }

  /** Closes every open window now (their summaries are marked partial) and resolves once they are delivered. */
  flush(): Promise<void> {
    for (const win of [...this.windows.values()]) this.closeWindow(win, 'flush');
    return this.delivered();
  }

  /**
   * Shutdown: stops the timer, flushes every window, and forgets open calls (they are in progress, not
   * unfinished: another instance, or this one after a restart, sees how they end). Later ingests are ignored.
   */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.closed = true;
    await this.flush();
    this.calls.clear();
    this.opts.metrics?.openCalls?.(0);
  }

  /** The event's window, opened if need be; undefined when this instance already closed it (a late event). */
  private windowOf(e: StoredEvent, ms: number): WindowAccumulator | undefined {
    const start = Math.floor(ms / this.windowMs) * this.windowMs;
    const agentKey = agentKeyOf(e.agent_id, e.session_id);
    const through = this.closedThrough.get(agentKey);
    if (through !== undefined && start <= through) return undefined;
    const open = this.windows.get(windowKey(e.agent_id, e.session_id, start));
    if (open) return open;
    while (this.windows.size >= this.maxWindows) {
      const oldest = this.windows.values().next().value;
      if (oldest === undefined) break;
      this.closeWindow(oldest, 'evicted');
    }
    const fresh = new WindowAccumulator(e.agent_id, e.session_id, start, this.windowMs);
    this.windows.set(fresh.key, fresh);
    this.newest.set(agentKey, fresh);
    const carried = this.carried.get(agentKey);
    if (carried) {
      this.carried.delete(agentKey);
      for (const [tool, n] of carried) fresh.addUnfinished(tool, n);
    }
    return fresh;
  }

  private pair(e: StoredEvent, ms: number, win: WindowAccumulator | undefined): void {
    if (e.hook_type === 'PreToolUse' && e.decision === 'deny') {
      // Never runs, so nothing will close it: a call of no length, which a trace shows as the denial it was.
      const callId = callIdOf(e);
      if (callId !== undefined) {
        this.emitCall({
          call_id: callId, tool_name: toolNameOf(e), agent_id: e.agent_id, session_id: e.session_id,
          start_ms: ms, end_ms: ms, outcome: 'denied', decision: e.decision, risk: e.risk,
        });
      }
      return;
    }
    if (opensCall(e)) {
      const callId = callIdOf(e);
      if (callId === undefined) return;
      const evicted = this.calls.open({
        call_id: callId,
        tool_name: toolNameOf(e),
        agent_id: e.agent_id,
        session_id: e.session_id,
        start_ms: ms,
        decision: e.decision,
        risk: e.risk,
      });
      for (const call of evicted) this.unfinished(call, ms);
      return;
    }
    if (!isToolEnd(e)) return;
    const named = toolNameOf(e);
    const { outcome, error } = outcomeOf(e);
    const callId = callIdOf(e);
    const call = callId === undefined ? undefined : this.calls.finish(e.agent_id, e.session_id, callId, named);
    const tool = named === 'unknown' && call ? call.tool_name : named;
    win?.addFinished(tool, outcome, call ? Math.max(0, ms - call.start_ms) : null);
    if (call) this.emitCall(ended(call, tool, ms, outcome, error));
  }

  /**
   * A call closed without an end is counted in its agent's (and session's) newest open window, else carried into
   * the next window that agent opens: the window where it was closed, not where it started, so a window never
   * waits for the time-out before closing.
   */
  private unfinished(call: OpenCall, endMs: number): void {
    const agentKey = agentKeyOf(call.agent_id, call.session_id);
    const win = this.newest.get(agentKey);
    if (win) {
      win.addUnfinished(call.tool_name);
    } else {
      const counts = this.carried.get(agentKey) ?? new Map<string, number>();
      counts.set(call.tool_name, (counts.get(call.tool_name) ?? 0) + 1);
      this.remember(this.carried, agentKey, counts);
    }
    this.opts.metrics?.toolCallsUnfinished?.(1);
    this.emitCall(ended(call, call.tool_name, endMs, 'unfinished'));
  }

  /** Sets a per-agent entry, dropping the oldest past a bound (idle agents' state goes away with time). */
  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    const bound = Math.max(1000, this.maxWindows * 2);
    while (map.size > bound) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      map.delete(oldest);
    }
  }

  private closeWindow(win: WindowAccumulator, reason: CloseReason): void {
    this.windows.delete(win.key);
    const agentKey = agentKeyOf(win.agentId, win.sessionId);
    if (this.newest.get(agentKey) === win) this.newest.delete(agentKey);
    this.remember(this.closedThrough, agentKey, Math.max(win.startMs, this.closedThrough.get(agentKey) ?? -Infinity));
    this.opts.metrics?.windowClosed?.(reason);
    const summary = win.summary(reason !== 'due');
    const output = this.rules.size > 0 ? this.runRules(win, summary) : {};
    if (this.chain === null && !(output instanceof Promise)) {
      this.deliver(summary, output);
      return;
    }
    // Behind an async rule: delivered in close order, after whatever is already waiting.
    const next = (this.chain ?? Promise.resolve())
      .then(() => output)
      .then((out) => this.deliver(summary, out))
      .catch((err: unknown) => this.opts.log?.warn({ err, window: summary.key }, 'aggregate delivery failed'));
    this.chain = next;
    void next.then(() => {
      if (this.chain === next) this.chain = null;
    });
  }

  private runRules(win: WindowAccumulator, summary: AggregateSummary): RulesOutput | Promise<RulesOutput> {
    // Rules get copies: the events are the store's own objects, and what a rule does to them must not reach dashboards.
    const window = {
      agent_id: win.agentId,
      session_id: win.sessionId,
      window_start: summary.window_start,
      window_end: summary.window_end,
      events: structuredClone(win.events),
      truncated: win.truncated,
      summary: structuredClone(summary),
    };
    const report = { log: this.opts.log, metrics: this.opts.metrics };
    return this.rules.run(window, win.key, this.opts.ruleBudgetMs, this.now, report, this.maxRuleEvents);
  }

  private deliver(summary: AggregateSummary, out: RulesOutput): void {
    if (out.rules) summary.rules = out.rules;
    if (out.derived) summary.derived = out.derived;
    try {
      const result = this.opts.onSummary(summary);
      if (result instanceof Promise) {
        const settled = result.catch((err: unknown) => this.opts.log?.warn({ err, window: summary.key }, 'onSummary failed'));
        this.inflight.add(settled);
        void settled.finally(() => this.inflight.delete(settled));
      }
    } catch (err) {
      this.opts.log?.warn({ err, window: summary.key }, 'onSummary failed');
    }
  }

  private emitCall(call: ToolCall): void {
    try {
      this.opts.onToolCall?.(call);
    } catch (err) {
      this.opts.log?.warn({ err, call: call.call_id }, 'onToolCall failed');
    }
  }
}
