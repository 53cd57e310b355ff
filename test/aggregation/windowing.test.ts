// Aggregator windows: aligned to stream-id time, the same key on every instance, grace, bounds and shutdown.
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/aggregation/aggregator.js';
import type { AggregateSummary } from '../../src/aggregation/types.js';
import { EventMaker, harness } from './helpers.js';

const T0 = 1_700_000_000_000; // a multiple of 1000: windows of 1000 ms start here

describe('windows', () => {
  it('assigns events to windows aligned to their stream-id ms, per agent and session', async () => {
    const { agg, summaries } = harness();
    const m = new EventMaker();
    agg.ingest([
      m.at(T0 + 10),
      m.at(T0 + 999),
      m.at(T0 + 1000),
      m.at(T0 + 1500, { session_id: null }),
      m.at(T0 + 1600, { agent_id: 'agent-2' }),
    ]);
    await agg.tick(T0 + 5000);
    const byKey = Object.fromEntries(summaries.map((s) => [s.key, s]));
    expect(Object.keys(byKey).sort()).toEqual(
      [`agent-1|s-1|${T0}`, `agent-1|s-1|${T0 + 1000}`, `agent-1|-|${T0 + 1000}`, `agent-2|s-1|${T0 + 1000}`].sort(),
    );
    const first = byKey[`agent-1|s-1|${T0}`];
    expect(first).toMatchObject({
      agent_id: 'agent-1',
      session_id: 's-1',
      window_start: new Date(T0).toISOString(),
      window_end: new Date(T0 + 1000).toISOString(),
      event_count: 2,
      first_event_id: `${T0 + 10}-0`,
      last_event_id: `${T0 + 999}-0`,
    });
    expect(first.partial).toBeUndefined();
    expect(byKey[`agent-1|-|${T0 + 1000}`].session_id).toBeNull();
  });

  it('gives two instances fed the same events the same summaries, whatever their clocks', async () => {
    const m = new EventMaker();
    const events = [
      m.pre(T0 + 100, 'Bash', 'c1'),
      m.post(T0 + 350, 'Bash', 'c1'),
      m.at(T0 + 900, { hook_type: 'Stop' }),
      m.at(T0 + 1200, { agent_id: 'b', decision: 'deny' }),
    ];
    const a = harness();
    const b = harness();
    // One instance sees them in two batches and ticks often; the other in one batch, ticking late.
    a.agg.ingest(events.slice(0, 2));
    await a.agg.tick(T0 + 800);
    a.agg.ingest(events.slice(2));
    await a.agg.tick(T0 + 1100);
    await a.agg.tick(T0 + 2100);
    b.agg.ingest(events);
    await b.agg.tick(T0 + 9000);
    const sort = (s: AggregateSummary[]) => [...s].sort((x, y) => x.key.localeCompare(y.key));
    expect(sort(a.summaries)).toEqual(sort(b.summaries));
    expect(a.summaries.map((s) => s.key)).toContain(`agent-1|s-1|${T0}`);
  });

  it('waits for the grace period after a window ends before closing it', async () => {
    const { agg, summaries } = harness({ graceMs: 300 });
    const m = new EventMaker();
    agg.ingest([m.at(T0 + 500)]);
    await agg.tick(T0 + 1000);
    await agg.tick(T0 + 1299);
    expect(summaries).toHaveLength(0);
    // An event still in flight when the window ended lands in it.
    agg.ingest([m.at(T0 + 990)]);
    await agg.tick(T0 + 1300);
    expect(summaries).toHaveLength(1);
    expect(summaries[0].event_count).toBe(2);
  });

  it('defaults the grace to min(windowMs, 1000)', async () => {
    const { agg, summaries } = harness({ windowMs: 200, graceMs: undefined });
    const m = new EventMaker();
    agg.ingest([m.at(T0 + 10)]);
    await agg.tick(T0 + 399);
    expect(summaries).toHaveLength(0);
    await agg.tick(T0 + 400);
    expect(summaries).toHaveLength(1);
  });

  it('drops closed windows, so an idle agent holds nothing and gets no further summary', async () => {
    const { agg, summaries } = harness();
    const m = new EventMaker();
    agg.ingest([m.at(T0 + 1), m.at(T0 + 2, { agent_id: 'idle' })]);
    expect(agg.stats().windows).toBe(2);
    await agg.tick(T0 + 1100);
    expect(agg.stats().windows).toBe(0);
    await agg.tick(T0 + 60_000);
    expect(summaries).toHaveLength(2);
  });

  it('does not count an event for a window already closed (late), nor reopen it', async () => {
    const lateEvents: number[] = [];
    const { agg, summaries } = harness({ metrics: { lateEvents: (n) => void lateEvents.push(n) } });
    const m = new EventMaker();
    agg.ingest([m.at(T0 + 1)]);
    await agg.tick(T0 + 1100);
    agg.ingest([m.at(T0 + 2), m.at(T0 + 1001)]);
    await agg.tick(T0 + 2100);
    expect(summaries.map((s) => [s.key, s.event_count])).toEqual([
      [`agent-1|s-1|${T0}`, 1],
      [`agent-1|s-1|${T0 + 1000}`, 1],
    ]);
    expect(lateEvents).toEqual([1]);
  });

  it('closes the oldest window early, marked partial, past maxWindows', async () => {
    const closed: string[] = [];
    const { agg, summaries } = harness({ maxWindows: 2, metrics: { windowClosed: (r) => void closed.push(r) } });
    const m = new EventMaker();
    agg.ingest([m.at(T0 + 1, { agent_id: 'a' }), m.at(T0 + 2, { agent_id: 'b' }), m.at(T0 + 3, { agent_id: 'c' })]);
    expect(summaries.map((s) => [s.agent_id, s.partial])).toEqual([['a', true]]);
    expect(agg.stats().windows).toBe(2);
    expect(closed).toEqual(['evicted']);
  });

  it('close() flushes every open window as partial, stops, and ignores later events', async () => {
    const closed: string[] = [];
    const { agg, summaries } = harness({ metrics: { windowClosed: (r) => void closed.push(r) } });
    const m = new EventMaker();
    agg.start();
    agg.ingest([m.at(T0 + 1), m.at(T0 + 1500), m.pre(T0 + 1600, 'Bash', 'open')]);
    await agg.close();
    expect(summaries.map((s) => [s.key, s.event_count, s.partial])).toEqual([
      [`agent-1|s-1|${T0}`, 1, true],
      [`agent-1|s-1|${T0 + 1000}`, 2, true],
    ]);
    expect(closed).toEqual(['flush', 'flush']);
    expect(agg.stats()).toEqual({ windows: 0, openCalls: 0 });
    agg.ingest([m.at(T0 + 3000)]);
    await agg.tick(T0 + 99_000);
    expect(summaries).toHaveLength(2);
  });

  it('counts aggregated events and skips events whose id is not a stream id', async () => {
    const counted: number[] = [];
    const { agg, summaries } = harness({ metrics: { eventsAggregated: (n) => void counted.push(n) } });
    const m = new EventMaker();
    agg.ingest([m.at(T0 + 1), { ...m.at(T0 + 2), id: 'nonsense' }, m.at(T0 + 3)]);
    await agg.tick(T0 + 2000);
    expect(counted).toEqual([2]);
    expect(summaries[0].event_count).toBe(2);
  });

  it('keeps delivering when onSummary throws', async () => {
    const seen: string[] = [];
    const warnings: string[] = [];
    const agg = new Aggregator({
      windowMs: 1000, toolCallTimeoutMs: 1000, maxOpenCalls: 10, maxWindows: 10, ruleBudgetMs: 10,
      onSummary: (s) => {
        seen.push(s.agent_id);
        if (s.agent_id === 'a') throw new Error('storage down');
      },
      log: { warn: (_o, msg) => void warnings.push(msg) },
      now: () => 0,
    });
    const m = new EventMaker();
    agg.ingest([m.at(T0 + 1, { agent_id: 'a' }), m.at(T0 + 2, { agent_id: 'b' })]);
    await agg.tick(T0 + 5000);
    expect(seen).toEqual(['a', 'b']);
    expect(warnings).toEqual(['onSummary failed']);
  });

  it('refuses nonsensical options', () => {
    expect(() => harness({ windowMs: 0 })).toThrow(/windowMs/);
    expect(() => harness({ maxOpenCalls: -1 })).toThrow(/maxOpenCalls/);
  });
});
