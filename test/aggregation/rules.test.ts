// Aggregation rules: fields and derived events, failing and slow rules skipped, the example rule, rules modules.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collapseRepeatedNotifications } from '../../src/aggregation/builtin-rules.js';
import { loadRulesModule } from '../../src/aggregation/rules.js';
import type { RuleWindow } from '../../src/aggregation/types.js';
import { EventMaker, harness } from './helpers.js';

const T0 = 1_700_000_000_000;

function recorder() {
  const applied: string[] = [];
  const failed: [string, string][] = [];
  return { applied, failed, metrics: { ruleApplied: (n: string) => void applied.push(n), ruleFailed: (n: string, c: string) => void failed.push([n, c]) } };
}

describe('rules', () => {
  afterEach(() => void vi.useRealTimers());

  it('puts fields under rules[name] and appends derived events; the rule sees the window', async () => {
    const r = recorder();
    const { agg, summaries } = harness({ metrics: r.metrics });
    let seen: RuleWindow | undefined;
    agg.addAggregationRule('peek', (w) => {
      seen = w;
      return { fields: { n: w.events.length }, derived: [{ kind: 'peeked' }] };
    });
    agg.addAggregationRule('silent', () => undefined);
    const m = new EventMaker();
    agg.ingest([m.at(T0 + 1), m.at(T0 + 2, { hook_type: 'Stop' })]);
    await agg.tick(T0 + 2000);
    expect(summaries[0].rules).toEqual({ peek: { n: 2 } });
    expect(summaries[0].derived).toEqual([{ kind: 'peeked' }]);
    expect(seen).toMatchObject({ agent_id: 'agent-1', session_id: 's-1', window_start: new Date(T0).toISOString(), truncated: false });
    expect(seen?.summary.event_count).toBe(2);
    expect(r.applied).toEqual(['peek', 'silent']);
  });

  it('gives rules copies: what a rule changes does not reach the stored events or the summary', async () => {
    const { agg, summaries } = harness();
    agg.addAggregationRule('vandal', (w) => {
      w.events[0].payload.changed = true;
      (w.summary as { event_count: number }).event_count = 99;
    });
    const m = new EventMaker();
    const e = m.at(T0 + 1);
    agg.ingest([e]);
    await agg.tick(T0 + 2000);
    expect(e.payload).toEqual({});
    expect(summaries[0].event_count).toBe(1);
  });

  it('holds at most maxRuleEvents events per window and says so', async () => {
    const { agg } = harness({ maxRuleEvents: 3 });
    const seen: RuleWindow[] = [];
    agg.addAggregationRule('peek', (w) => void seen.push(w));
    const m = new EventMaker();
    agg.ingest(Array.from({ length: 5 }, (_, i) => m.at(T0 + i)));
    await agg.tick(T0 + 2000);
    expect(seen[0].events.map((e) => e.id)).toEqual([`${T0}-0`, `${T0 + 1}-0`, `${T0 + 2}-0`]);
    expect(seen[0].truncated).toBe(true);
    expect(seen[0].summary.event_count).toBe(5);
  });

  it('skips a throwing rule and a slow one for the window; the summary and the other rules go on', async () => {
    const r = recorder();
    const h = harness({ metrics: r.metrics, ruleBudgetMs: 50 });
    h.agg.addAggregationRule('throws', () => {
      throw new Error('bug in rule');
    });
    h.agg.addAggregationRule('slow', () => {
      h.clock.t += 80; // the injected clock says this rule took 80 ms
      return { fields: { late: true } };
    });
    h.agg.addAggregationRule('bad-shape', () => ({ fields: 'nope' }) as never);
    h.agg.addAggregationRule('ok', () => ({ fields: { fine: 1 } }));
    const m = new EventMaker();
    h.agg.ingest([m.at(T0 + 1)]);
    await h.agg.tick(T0 + 2000);
    expect(h.summaries).toHaveLength(1);
    expect(h.summaries[0].event_count).toBe(1);
    expect(h.summaries[0].rules).toEqual({ ok: { fine: 1 } });
    expect(r.failed).toEqual([['throws', 'error'], ['slow', 'timeout'], ['bad-shape', 'error']]);
    expect(r.applied).toEqual(['ok']);
    expect(h.warnings.map((w) => [(w.obj as { rule: string }).rule, w.msg])).toEqual([
      ['throws', 'aggregation rule skipped for this window'],
      ['slow', 'aggregation rule skipped for this window'],
      ['bad-shape', 'aggregation rule skipped for this window'],
    ]);
    expect(h.warnings[0].obj).toMatchObject({ window: `agent-1|s-1|${T0}`, cause: 'error', err: 'bug in rule' });
  });

  it('races an async rule against its budget; a rejecting one is skipped; deliveries keep their order', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const r = recorder();
    const { agg, summaries } = harness({ metrics: r.metrics, ruleBudgetMs: 50 });
    agg.addAggregationRule('never', () => new Promise(() => undefined));
    agg.addAggregationRule('rejects', () => Promise.reject(new Error('nope')));
    agg.addAggregationRule('async-ok', async (w) => ({ fields: { agent: w.agent_id } }));
    const m = new EventMaker();
    agg.ingest([m.at(T0 + 1, { agent_id: 'a' }), m.at(T0 + 2, { agent_id: 'b' })]);
    const done = agg.tick(T0 + 2000);
    expect(summaries).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(50);
    await done;
    expect(summaries.map((s) => [s.agent_id, s.rules])).toEqual([
      ['a', { 'async-ok': { agent: 'a' } }],
      ['b', { 'async-ok': { agent: 'b' } }],
    ]);
    expect(r.failed).toEqual([['never', 'timeout'], ['rejects', 'error'], ['never', 'timeout'], ['rejects', 'error']]);
  });

  it('refuses a second rule under a taken name, and removing frees it', () => {
    const { agg } = harness();
    agg.addAggregationRule('x', () => undefined);
    expect(() => agg.addAggregationRule('x', () => undefined)).toThrow(/already registered/);
    expect(agg.removeAggregationRule('x')).toBe(true);
    agg.addAggregationRule('x', () => undefined);
    expect(() => agg.addAggregationRule('', () => undefined)).toThrow(/name/);
  });
});

describe('collapseRepeatedNotifications', () => {
  it('collapses 50 identical Notifications into one derived event with a count; the raw events stay counted', async () => {
    const { agg, summaries } = harness();
    agg.addAggregationRule('collapse', collapseRepeatedNotifications);
    const m = new EventMaker();
    const note = (ms: number, message: string) => m.at(ms, { hook_type: 'Notification', payload: { message, notification_type: 'idle_prompt' } });
    agg.ingest([...Array.from({ length: 50 }, (_, i) => note(T0 + i, 'Claude is waiting for your input')), note(T0 + 60, 'once')]);
    await agg.tick(T0 + 2000);
    expect(summaries[0].event_count).toBe(51);
    expect(summaries[0].rules).toEqual({ collapse: { collapsed_notifications: 50 } });
    expect(summaries[0].derived).toEqual([
      {
        hook_type: 'Notification',
        agent_id: 'agent-1',
        session_id: 's-1',
        message: 'Claude is waiting for your input',
        notification_type: 'idle_prompt',
        count: 50,
        first_event_id: `${T0}-0`,
        last_event_id: `${T0 + 49}-0`,
      },
    ]);
  });

  it('adds nothing when no Notification repeats', async () => {
    const { agg, summaries } = harness();
    agg.addAggregationRule('collapse', collapseRepeatedNotifications);
    const m = new EventMaker();
    agg.ingest([m.at(T0, { payload: { message: 'a' } }), m.at(T0 + 1, { payload: { message: 'b' } })]);
    await agg.tick(T0 + 2000);
    expect(summaries[0].rules).toBeUndefined();
    expect(summaries[0].derived).toBeUndefined();
  });
});

describe('loadRulesModule', () => {
  const fixture = (name: string) => `./test/aggregation/fixtures/${name}`;

  it('calls a default export with the aggregator', async () => {
    const { agg, summaries } = harness();
    await loadRulesModule(fixture('rules-default.ts'), agg);
    const m = new EventMaker();
    agg.ingest([m.at(T0, { hook_type: 'Stop' })]);
    await agg.tick(T0 + 2000);
    expect(summaries[0].rules).toEqual({ 'count-stops': { stops: 1 } });
  });

  it('registers a `rules` record, resolving the path against the working directory', async () => {
    const { agg, summaries } = harness();
    const names = await loadRulesModule('fixtures/rules-record.ts', agg, `${process.cwd()}/test/aggregation`);
    expect(names).toEqual(['event-total', 'async-echo']);
    const m = new EventMaker();
    agg.ingest([m.at(T0)]);
    await agg.tick(T0 + 2000);
    expect(summaries[0].rules).toEqual({ 'event-total': { total: 1 } });
    expect(summaries[0].derived).toEqual([{ echo: 'agent-1' }]);
  });

  it('throws a clear error, naming the variable, for a module that is not a rules module or cannot be loaded', async () => {
    const { agg } = harness();
    await expect(loadRulesModule(fixture('rules-bad.ts'), agg)).rejects.toThrow(
      /^HOOK_AGGREGATION_RULES_MODULE=.*rules-bad\.ts: the module exports neither a default function/,
    );
    await expect(loadRulesModule(fixture('missing.ts'), agg)).rejects.toThrow(/^HOOK_AGGREGATION_RULES_MODULE=.*could not be loaded/);
    await expect(loadRulesModule('hookhive-no-such-package', agg)).rejects.toThrow(/could not be loaded/);
  });

  it('fails when a module registers a name twice', async () => {
    const { agg } = harness();
    await loadRulesModule(fixture('rules-default.ts'), agg);
    await expect(loadRulesModule(fixture('rules-default.ts'), agg)).rejects.toThrow(/registering its rules failed: .*already registered/);
  });
});
