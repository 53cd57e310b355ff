// The embedded ring-buffer store: ids, bounds, idempotency, reads.
import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/store/memory-store.js';
import { StreamIdGenerator, compareStreamIds } from '../../src/store/stream-id.js';
import { isRecovered } from '../../src/store/position.js';
import type { NewEvent } from '../../src/store/types.js';
import { add } from '../helpers/events.js';

const ev = (event_id: string, extra: Partial<NewEvent> = {}): NewEvent => ({
  event_id, hook_type: 'Notification', agent_id: 'a', session_id: 's', correlation_id: null, priority: 5,
  timestamp: '2026-11-30T00:00:00.000Z', payload: {}, metadata: {}, decision: 'allow', risk: 'SAFE', reason: null,
  rule: null, processing_time_ms: 0.1, source: 'hooks', ...extra,
});

describe('StreamIdGenerator', () => {
  it('ids strictly increase even when the clock stands still or steps back', () => {
    const times = [1000, 1000, 999, 1001, 1001];
    let i = 0;
    const gen = new StreamIdGenerator(() => times[i++]);
    const ids = times.map(() => gen.next());
    expect(ids).toEqual(['1000-0', '1000-1', '1000-2', '1001-0', '1001-1']);
    for (let k = 1; k < ids.length; k++) expect(compareStreamIds(ids[k], ids[k - 1])).toBeGreaterThan(0);
  });
});

describe('MemoryEventStore', () => {
  it('keeps at most maxEvents, dropping the oldest, and forgets their event ids', async () => {
    const s = new MemoryEventStore({ maxEvents: 3 });
    for (let i = 0; i < 5; i++) await add(s, ev(`e${i}`));
    const page = await s.read({ limit: 10 });
    expect(page.events.map((e) => e.event_id)).toEqual(['e2', 'e3', 'e4']);
    expect((await s.stats()).events).toBe(3);
    expect((await s.stats()).evicted).toBe(2);
    const { trimmedThrough } = await s.position();
    expect(compareStreamIds(trimmedThrough as string, page.events[0].id)).toBeLessThan(0);
    expect(await s.read({ since: trimmedThrough as string, limit: 10 })).toEqual(page);
    const again = await add(s, ev('e0'));
    expect(again.duplicate).toBe(false);
  });

  it('appends an event_id once and returns the stored event for the duplicate', async () => {
    const s = new MemoryEventStore({ maxEvents: 10 });
    const a = await add(s, ev('same', { decision: 'deny', risk: 'CRITICAL' }));
    const b = await add(s, ev('same', { decision: 'allow' }));
    expect(b.duplicate).toBe(true);
    expect(b.event).toBe(a.event);
    expect((await s.stats()).events).toBe(1);
  });

  it('notifies subscribers in stream order, and not for duplicates', async () => {
    const s = new MemoryEventStore({ maxEvents: 10 });
    const got: string[] = [];
    const off = s.subscribe((events) => got.push(...events.map((e) => e.event_id)));
    await add(s, ev('x'));
    await add(s, ev('y'));
    await add(s, ev('x'));
    off();
    await add(s, ev('z'));
    expect(got).toEqual(['x', 'y']);
  });

  it('reads pages after since with filters and readLast', async () => {
    const s = new MemoryEventStore({ maxEvents: 100 });
    for (let i = 0; i < 10; i++) await add(s, ev(`e${i}`, { agent_id: i % 2 ? 'odd' : 'even', priority: i % 10 + 1 }));
    const first = await s.read({ limit: 2, filter: { agent_ids: ['odd'] } });
    expect(first.events.map((e) => e.event_id)).toEqual(['e1', 'e3']);
    const second = await s.read({ limit: 10, since: first.next as string, filter: { agent_ids: ['odd'] } });
    expect(second.events.map((e) => e.event_id)).toEqual(['e5', 'e7', 'e9']);
    expect(second.next).toBeNull();
    expect((await s.readLast({ n: 2, filter: { min_priority: 5 } })).events.map((e) => e.event_id)).toEqual(['e3', 'e4']);
  });

  it('keeps at most maxBytes, dropping the oldest, but always the newest event however large', async () => {
    const s = new MemoryEventStore({ maxEvents: 1000, maxBytes: 10_000 });
    for (let i = 0; i < 30; i++) await s.append(ev(`b${i}`, { payload: { pad: 'x'.repeat(900) } }), { fingerprint: `f${i}`, bytes: 1000 });
    const stats = await s.stats();
    expect(stats.events).toBe(10);
    expect(stats.bytes).toBe(10_000);
    expect((await s.read({ limit: 100 })).events.map((e) => e.event_id)).toEqual(Array.from({ length: 10 }, (_, i) => `b${20 + i}`));
    await s.append(ev('huge'), { fingerprint: 'h', bytes: 50_000 });
    expect((await s.read({ limit: 100 })).events.map((e) => e.event_id)).toEqual(['huge']);
    expect((await s.position()).trimmedThrough).not.toBeNull();
  });

  it('a since from before this store existed (another life of it) is not recovered; 0-0 is', async () => {
    let now = 5_000_000;
    const s = new MemoryEventStore({ maxEvents: 10, now: () => now });
    now += 10;
    await add(s, ev('n1'));
    const pos = await s.position();
    expect(isRecovered('0-0', pos)).toBe(true);
    expect(isRecovered('4999999-7', pos)).toBe(false);
    expect(isRecovered(pos.top as string, pos)).toBe(true);
    expect(isRecovered('9999999-0', pos)).toBe(false); // from the future: not one of ours
    expect(isRecovered(pos.top as string, pos, 'another-epoch')).toBe(false);
    expect(isRecovered(pos.top as string, pos, pos.epoch)).toBe(true);
  });

  it('refuses after close', async () => {
    const s = new MemoryEventStore({ maxEvents: 10 });
    await s.close();
    expect(s.canAccept()).toBe(false);
  });
});
