// Tool-call pairing: durations from stream-id ms, unmatched ends, time-outs and bound evictions as unfinished.
import { describe, expect, it } from 'vitest';
import { CallTable } from '../../src/aggregation/pairing.js';
import { EventMaker, harness } from './helpers.js';

const T0 = 1_700_000_000_000;

describe('pairing', () => {
  it('pairs PreToolUse with PostToolUse/PostToolUseFailure by tool_use_id; durations from stream-id ms', async () => {
    const { agg, summaries, calls } = harness();
    const m = new EventMaker();
    agg.ingest([
      m.pre(T0 + 100, 'Bash', 'c1', { decision: 'ask', risk: 'MEDIUM' }),
      m.pre(T0 + 110, 'Bash', 'c2'),
      m.post(T0 + 400, 'Bash', 'c1'),
      m.at(T0 + 500, { hook_type: 'PostToolUseFailure', correlation_id: 'c2', payload: { tool_name: 'Bash', error: 'boom' } }),
    ]);
    expect(calls).toEqual([
      { call_id: 'c1', tool_name: 'Bash', agent_id: 'agent-1', session_id: 's-1', start_ms: T0 + 100, end_ms: T0 + 400, outcome: 'success', decision: 'ask', risk: 'MEDIUM' },
      { call_id: 'c2', tool_name: 'Bash', agent_id: 'agent-1', session_id: 's-1', start_ms: T0 + 110, end_ms: T0 + 500, outcome: 'error', decision: 'allow', risk: 'SAFE', error: 'boom' },
    ]);
    await agg.tick(T0 + 2000);
    expect(summaries[0].tool_usage.Bash).toEqual({ count: 2, success_count: 1, error_count: 1, unfinished_count: 0, avg_duration_ms: 345 });
    expect(agg.stats().openCalls).toBe(0);
  });

  it('pairs by tool_use_id in the payload when the correlation id is absent', () => {
    const { agg, calls } = harness();
    const m = new EventMaker();
    agg.ingest([
      m.pre(T0, 'Read', 'x', { correlation_id: null }),
      m.post(T0 + 7, 'Read', 'x', {}, { correlation_id: null }),
    ]);
    expect(calls.map((c) => [c.call_id, c.end_ms - c.start_ms])).toEqual([['x', 7]]);
  });

  it('counts a PostToolUse without its PreToolUse, without a duration', async () => {
    const { agg, summaries, calls } = harness();
    const m = new EventMaker();
    agg.ingest([m.post(T0 + 1, 'Edit', 'orphan'), m.post(T0 + 2, 'Edit', null, { success: false })]);
    await agg.tick(T0 + 2000);
    expect(calls).toEqual([]);
    expect(summaries[0].tool_usage.Edit).toEqual({ count: 2, success_count: 1, error_count: 1, unfinished_count: 0, avg_duration_ms: null });
  });

  it('times out a call with no end as unfinished, counted in the window open when it is closed', async () => {
    const unfinished: number[] = [];
    const { agg, summaries, calls } = harness({ toolCallTimeoutMs: 5000, metrics: { toolCallsUnfinished: (n) => void unfinished.push(n) } });
    const m = new EventMaker();
    agg.ingest([m.pre(T0 + 100, 'Bash', 'hangs')]);
    await agg.tick(T0 + 2000);
    expect(summaries[0].tool_usage).toEqual({});
    // Still busy: another event opens the agent's window in which the time-out lands.
    agg.ingest([m.at(T0 + 5050, { hook_type: 'Notification' })]);
    await agg.tick(T0 + 5100);
    expect(calls).toEqual([expect.objectContaining({ call_id: 'hangs', outcome: 'unfinished', start_ms: T0 + 100, end_ms: T0 + 5100 })]);
    await agg.tick(T0 + 6100);
    expect(summaries[1].tool_usage.Bash).toEqual({ count: 1, success_count: 0, error_count: 0, unfinished_count: 1, avg_duration_ms: null });
    expect(unfinished).toEqual([1]);
    // The late end of a call already closed is counted as a finished call without a duration.
    agg.ingest([m.post(T0 + 7000, 'Bash', 'hangs')]);
    await agg.tick(T0 + 9000);
    expect(summaries[2].tool_usage.Bash).toMatchObject({ count: 1, success_count: 1, avg_duration_ms: null });
  });

  it("carries an idle agent's unfinished call into its next window", async () => {
    const { agg, summaries } = harness({ toolCallTimeoutMs: 3000 });
    const m = new EventMaker();
    agg.ingest([m.pre(T0 + 100, 'Bash', 'lost')]);
    await agg.tick(T0 + 2000);
    await agg.tick(T0 + 10_000);
    expect(summaries).toHaveLength(1);
    expect(summaries[0].tool_usage).toEqual({});
    agg.ingest([m.at(T0 + 20_000)]);
    await agg.tick(T0 + 22_000);
    expect(summaries[1].tool_usage.Bash.unfinished_count).toBe(1);
  });

  it('evicts the oldest open call as unfinished past maxOpenCalls', async () => {
    const open: number[] = [];
    const { agg, calls, summaries } = harness({ maxOpenCalls: 2, metrics: { openCalls: (n) => void open.push(n) } });
    const m = new EventMaker();
    agg.ingest([m.pre(T0 + 1, 'Bash', 'a'), m.pre(T0 + 2, 'Read', 'b'), m.pre(T0 + 3, 'Edit', 'c')]);
    expect(calls).toEqual([expect.objectContaining({ call_id: 'a', outcome: 'unfinished', end_ms: T0 + 3 })]);
    expect(agg.stats().openCalls).toBe(2);
    expect(open.at(-1)).toBe(2);
    await agg.tick(T0 + 2000);
    expect(summaries[0].tool_usage.Bash.unfinished_count).toBe(1);
  });

  it('opens no call for a denied PreToolUse (the tool never runs: it is a call of no length, denied) nor for one without an id', () => {
    const { agg, calls } = harness();
    const m = new EventMaker();
    agg.ingest([m.pre(T0, 'Bash', 'd', { decision: 'deny', risk: 'CRITICAL' }), m.pre(T0, 'Bash', 'x', { correlation_id: null, payload: { tool_name: 'Bash' } })]);
    expect(agg.stats().openCalls).toBe(0);
    expect(calls).toEqual([expect.objectContaining({ call_id: 'd', outcome: 'denied', decision: 'deny', risk: 'CRITICAL', start_ms: T0, end_ms: T0 })]);
  });

  it("pairs Cursor's shell hooks of one turn first in, first out, naming the tool Shell", () => {
    const { agg, calls } = harness();
    const m = new EventMaker();
    const cursor = (ms: number, hookType: string, agentEvent: string) =>
      m.at(ms, { hook_type: hookType, correlation_id: 'gen-1', payload: { command: 'ls' }, metadata: { agent: 'cursor', agent_event: agentEvent }, source: 'cursor' });
    agg.ingest([
      cursor(T0, 'PreToolUse', 'beforeReadFile'),
      cursor(T0 + 10, 'PreToolUse', 'beforeShellExecution'),
      cursor(T0 + 30, 'PostToolUse', 'afterShellExecution'),
      cursor(T0 + 40, 'PreToolUse', 'beforeShellExecution'),
      cursor(T0 + 90, 'PostToolUse', 'afterShellExecution'),
    ]);
    expect(calls.map((c) => [c.tool_name, c.start_ms - T0, c.end_ms - T0])).toEqual([['Shell', 10, 30], ['Shell', 40, 90]]);
    // beforeReadFile has no after hook: it opened nothing that could only time out.
    expect(agg.stats().openCalls).toBe(0);
  });

  it('keeps calls of different agents apart even under one id', () => {
    const { agg, calls } = harness();
    const m = new EventMaker();
    agg.ingest([m.pre(T0, 'Bash', 'same', { agent_id: 'a' }), m.post(T0 + 5, 'Bash', 'same', {}, { agent_id: 'b' })]);
    expect(calls).toEqual([]);
    expect(agg.stats().openCalls).toBe(1);
  });
});

describe('CallTable', () => {
  const call = (id: string, start: number, tool = 'Bash') => ({ call_id: id, tool_name: tool, agent_id: 'a', session_id: null, start_ms: start, decision: 'allow' as const, risk: 'SAFE' as const });

  it('prefers the open call of the same tool under one id', () => {
    const t = new CallTable(10);
    t.open(call('g', 1, 'Read'));
    t.open(call('g', 2, 'Bash'));
    expect(t.finish('a', null, 'g', 'Bash')?.start_ms).toBe(2);
    expect(t.finish('a', null, 'g', 'Other')?.start_ms).toBe(1);
    expect(t.finish('a', null, 'g', 'Bash')).toBeUndefined();
  });

  it('expires the calls started at or before the cut-off, oldest first', () => {
    const t = new CallTable(10);
    for (const [id, at] of [['a', 1], ['b', 5], ['c', 9]] as const) t.open(call(id, at));
    expect(t.expire(5).map((c) => c.call_id)).toEqual(['a', 'b']);
    expect(t.size).toBe(1);
  });

  it('at its bound evicts the oldest still open, however many finished out of order around it (against a plain list)', () => {
    const t = new CallTable(100);
    const model: string[] = [];
    const evictedT: string[] = [];
    const evictedM: string[] = [];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 1; i <= 20_000; i++) {
      const id = `c${i}`;
      evictedT.push(...t.open(call(id, i)).map((c) => c.call_id));
      while (model.length >= 100) evictedM.push(model.shift() as string);
      model.push(id);
      // Finish a random open call now and then, mostly recent ones: the queue fills with finished calls.
      if (rand() < 0.6 && model.length > 1) {
        const k = model.length - 1 - Math.floor(rand() * Math.min(model.length - 1, 20));
        const [done] = model.splice(k, 1);
        expect(t.finish('a', null, done, 'Bash')?.call_id).toBe(done);
      }
    }
    expect(evictedT).toEqual(evictedM);
    expect(t.size).toBe(model.length);
    expect(t.expire(Number.MAX_SAFE_INTEGER).map((c) => c.call_id)).toEqual(model);
  });
});
