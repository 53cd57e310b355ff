// The dashboard's DOM-free state: lanes, timeline pairing, rate buckets, row cap, pause buffer.
import { describe, expect, it } from 'vitest';
import { Lanes, MAX_LANES } from '../../public/dashboard/lanes.js';
import { Timeline } from '../../public/dashboard/timeline.js';
import { RateBuckets } from '../../public/dashboard/rate.js';
import { RowStore } from '../../public/dashboard/rows.js';
import { PauseBuffer } from '../../public/dashboard/pause.js';
import { cmpId, parseId, type HookEvent } from '../../public/dashboard/model.js';

let seq = 0;
const T0 = Date.parse('2026-11-30T12:00:00.000Z');
function ev(over: Partial<HookEvent> & { at?: number } = {}): HookEvent {
  const at = over.at ?? T0 + seq * 10;
  const { at: _at, ...rest } = over;
  return {
    id: `${T0 + seq}-${seq++}`,
    hook_type: 'PreToolUse',
    agent_id: 'a1',
    session_id: 's1',
    timestamp: new Date(at).toISOString(),
    decision: 'allow',
    payload: { tool_name: 'Bash', tool_input: { command: 'ls' } },
    ...rest,
  };
}

describe('Lanes', () => {
  it('keeps one lane per agent and session with its counts, newest activity first', () => {
    const lanes = new Lanes();
    lanes.add(ev({ agent_id: 'a1', decision: 'allow', at: T0 }));
    lanes.add(ev({ agent_id: 'a1', decision: 'deny', at: T0 + 1 }));
    lanes.add(ev({ agent_id: 'a2', decision: 'ask', at: T0 + 5 }));
    lanes.add(ev({ agent_id: 'a1', session_id: 's2', decision: 'allow', at: T0 + 2 }));
    const list = lanes.list();
    expect(list.map((l) => [l.agent_id, l.session_id])).toEqual([['a2', 's1'], ['a1', 's2'], ['a1', 's1']]);
    expect(list[2].counts).toEqual({ allow: 1, ask: 0, deny: 1 });
    expect(list[0].counts).toEqual({ allow: 0, ask: 1, deny: 0 });
    expect(list[2].events).toBe(2);
  });

  it('ignores an event it already counted (a history reload after a gap)', () => {
    const lanes = new Lanes();
    const e = ev();
    expect(lanes.add(e)).toBe(true);
    expect(lanes.add(e)).toBe(false);
    expect(lanes.list()[0].events).toBe(1);
  });

  it('feeds the rate only with live arrivals, and tracks the tool in use', () => {
    const lanes = new Lanes();
    lanes.add(ev({ payload: { tool_name: 'Edit', tool_use_id: 'x' } }), null);
    const lane = lanes.list()[0];
    expect(lane.rate.series(T0).reduce((a, b) => a + b, 0)).toBe(0);
    expect(lane.timeline.current()?.tool).toBe('Edit');
    lanes.add(ev({ hook_type: 'PostToolUse', payload: { tool_name: 'Edit', tool_use_id: 'x' } }), T0);
    expect(lane.timeline.current()).toBeNull();
    expect(lane.rate.series(T0).at(-1)).toBe(1);
  });

  it('stays bounded: the least recently active lanes go', () => {
    const lanes = new Lanes(3);
    for (let i = 0; i < 5; i++) lanes.add(ev({ agent_id: `a${i}`, at: T0 + i }));
    expect(lanes.list().map((l) => l.agent_id)).toEqual(['a4', 'a3', 'a2']);
    expect(MAX_LANES).toBeGreaterThan(10);
  });

  it('keeps the newest aggregate per lane; an agent-wide one does not replace a session\'s own', () => {
    const lanes = new Lanes();
    lanes.add(ev());
    lanes.addAggregate({ agent_id: 'a1', session_id: 's1', window_end: '2026-11-30T12:00:02Z', event_count: 4 });
    lanes.addAggregate({ agent_id: 'a1', session_id: 's1', window_end: '2026-11-30T12:00:01Z', event_count: 9 });
    expect(lanes.list()[0].aggregate?.event_count).toBe(4);
    lanes.addAggregate({ agent_id: 'a1', session_id: null, window_end: '2026-11-30T12:00:09Z', event_count: 7 });
    expect(lanes.list()[0].aggregate?.event_count).toBe(4);
  });
});

describe('Timeline', () => {
  it('pairs PreToolUse with PostToolUse by tool_use_id, and a failure by correlation_id', () => {
    const t = new Timeline();
    t.add(ev({ at: T0, payload: { tool_name: 'Bash', tool_use_id: 'tu1', tool_input: { command: 'make' } } }));
    t.add(ev({ at: T0 + 5, correlation_id: 'c2', payload: { tool_name: 'Read' } }));
    t.add(ev({ hook_type: 'PostToolUseFailure', at: T0 + 30, correlation_id: 'c2', payload: { tool_name: 'Read' } }));
    t.add(ev({ hook_type: 'PostToolUse', at: T0 + 120, payload: { tool_name: 'Bash', tool_use_id: 'tu1' } }));
    expect(t.calls.map((c) => [c.tool, c.status, c.end! - c.start])).toEqual([['Bash', 'ok', 120], ['Read', 'failed', 25]]);
    expect(t.calls[0].text).toBe('make');
    expect(t.open.size).toBe(0);
  });

  it('marks a denied call as denied and ended at once; an asked one stays open until it runs', () => {
    const t = new Timeline();
    t.add(ev({ decision: 'deny', payload: { tool_name: 'Bash', tool_use_id: 'd', tool_input: { command: 'rm' } } }));
    t.add(ev({ decision: 'ask', payload: { tool_name: 'Bash', tool_use_id: 'q' } }));
    expect(t.calls.map((c) => c.status)).toEqual(['denied', 'asked']);
    expect(t.calls[0].end).toBe(t.calls[0].start);
    t.add(ev({ hook_type: 'PermissionDenied', payload: { tool_use_id: 'q' } }));
    expect(t.calls[1].status).toBe('denied');
  });

  it('shows an end whose start it never saw, and keeps at most `max` calls', () => {
    const t = new Timeline(3);
    t.add(ev({ hook_type: 'PostToolUse', payload: { tool_name: 'Grep', tool_use_id: 'lost' } }));
    expect(t.calls[0]).toMatchObject({ tool: 'Grep', status: 'ok' });
    for (let i = 0; i < 5; i++) t.add(ev({ payload: { tool_name: 'Bash', tool_use_id: `k${i}` } }));
    expect(t.calls.map((c) => c.key)).toEqual(['k2', 'k3', 'k4']);
    expect([...t.open.keys()]).toEqual(['k2', 'k3', 'k4']);
  });
});

describe('approval events', () => {
  /** The service's own record of the held call `held` closing as `status`, by `by`. */
  const resolved = (held: HookEvent, status: string, by: string | null = 'ana', source = 'approvals') => ev({
    hook_type: 'ApprovalResolved', source, decision: status === 'allowed' ? 'allow' : status === 'denied' ? 'deny' : 'ask',
    correlation_id: 'evt-held', payload: { stream_id: held.id, status, answered_by: by, summary: 'git push --force' },
  });
  const held = () => ev({ decision: 'ask', payload: { tool_name: 'Bash', tool_use_id: 'tu-held', tool_input: { command: 'git push --force' } } });

  it('do not count as decisions; an approval lets the asked call run, and its PostToolUse ends it, noted with who approved', () => {
    const lanes = new Lanes();
    const pre = held();
    lanes.add(pre);
    lanes.add(ev({ hook_type: 'ApprovalRequested', source: 'approvals', decision: 'ask', payload: { stream_id: pre.id, status: 'pending' } }));
    lanes.add(resolved(pre, 'allowed'));
    const [lane] = lanes.list();
    expect(lane.counts).toEqual({ allow: 0, ask: 1, deny: 0 });
    expect(lane.events).toBe(1);
    expect(lane.timeline.calls[0]).toMatchObject({ status: 'running', note: 'approved by ana' });
    lanes.add(ev({ hook_type: 'PostToolUse', payload: { tool_name: 'Bash', tool_use_id: 'tu-held' } }));
    expect(lane.timeline.calls[0]).toMatchObject({ status: 'ok', note: 'approved by ana' });
  });

  it('a denial ends the call as denied; no answer leaves it asked; a look-alike posted by a client is just an event', () => {
    const denied = new Lanes();
    const pre = held();
    denied.add(pre);
    denied.add(resolved(pre, 'denied', 'bob'));
    expect(denied.list()[0].timeline.calls[0]).toMatchObject({ status: 'denied', note: 'denied by bob' });

    const expired = new Lanes();
    const pre2 = held();
    expired.add(pre2);
    expired.add(resolved(pre2, 'expired', null));
    expect(expired.list()[0].timeline.calls[0]).toMatchObject({ status: 'asked', note: 'no answer in time' });

    const forged = new Lanes();
    const pre3 = held();
    forged.add(pre3);
    forged.add(resolved(pre3, 'allowed', 'mallory', 'api'));
    expect(forged.list()[0].timeline.calls[0].status).toBe('asked');
    expect(forged.list()[0].counts).toEqual({ allow: 1, ask: 1, deny: 0 });
  });
});

describe('RateBuckets', () => {
  it('counts per second over a sliding window and forgets what fell out', () => {
    const r = new RateBuckets(10);
    r.add(T0, 1);
    r.add(T0 + 999, 2);
    r.add(T0 + 1000, 5);
    expect(r.series(T0 + 1000).slice(-2)).toEqual([3, 5]);
    expect(r.perSecond(T0 + 1500, 2)).toBe(4);
    expect(r.perSecond(T0 + 2000, 2)).toBe(2.5);
    expect(r.series(T0 + 60_000)).toEqual(new Array(10).fill(0));
    r.add(T0, 100); // older than the window now: ignored
    expect(r.series(T0 + 60_000).reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe('RowStore', () => {
  it('keeps ids in order without duplicates and caps the rows, counting only what it keeps', () => {
    const rows = new RowStore<string>(3);
    const es = [ev({ decision: 'deny' }), ev(), ev({ decision: 'ask' }), ev(), ev()];
    rows.add(es[2]);
    rows.add(es[0]);
    rows.add(es[1]);
    expect(rows.add(es[1])).toBe(false);
    expect(rows.rows.map((r) => r.id)).toEqual([es[0].id, es[1].id, es[2].id]);
    rows.rows[0].view = 'tr0';
    rows.add(es[3]);
    expect(rows.takeEvicted().map((r) => r.view)).toEqual(['tr0']);
    rows.add(es[4]);
    expect(rows.size).toBe(3);
    expect(rows.counts).toEqual({ allow: 2, ask: 1, deny: 0 });
    // Older than everything kept in a full table: not kept.
    expect(rows.add(ev({ id: '1-0' }))).toBe(false);
  });

  it('stays at the cap under 100,000 events', () => {
    const rows = new RowStore<null>(500);
    for (let i = 0; i < 100_000; i++) rows.add({ id: `${1000 + i}-0`, hook_type: 'Stop', agent_id: 'a' });
    expect(rows.size).toBe(500);
    expect(rows.byId.size).toBe(500);
    expect(rows.rows[0].id).toBe('100500-0');
    expect(cmpId(rows.rows[499].id, rows.rows[0].id)).toBeGreaterThan(0);
  });
});

describe('PauseBuffer', () => {
  it('holds while paused, in order, bounded to the newest, and hands everything back on resume', () => {
    const p = new PauseBuffer<number>(3);
    expect(p.offer(0)).toBe(false);
    p.pause();
    for (let i = 1; i <= 5; i++) expect(p.offer(i)).toBe(true);
    expect(p.resume()).toEqual({ items: [3, 4, 5], dropped: 2 });
    expect(p.paused).toBe(false);
    expect(p.offer(6)).toBe(false);
  });
});

describe('stream ids', () => {
  it('parse as two numbers and compare numerically; anything else is not an id', () => {
    expect(parseId('1700000000000-12')).toEqual([1700000000000, 12]);
    for (const bad of ['', '-1', '1-', '1-0-0', ' 1-0', '0x1-0', '1e3-0', '1.5-0', '+1-0', '1-0 ', null, 12]) expect(parseId(bad), String(bad)).toBeNull();
    expect(cmpId('9-0', '10-0')).toBeLessThan(0);
    expect(cmpId('10-2', '10-10')).toBeLessThan(0);
    expect(cmpId('10-0', '10-0')).toBe(0);
  });
});
