// The EventStore contract: one suite, run against every store implementation (memory and Redis).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AggregateRecord, EventFilter, EventStore, NewEvent, StoredEvent } from '../../src/store/types.js';
import { compareStreamIds } from '../../src/store/stream-id.js';
import { matchesFilter } from '../../src/store/filter.js';
import { IdempotencyConflictError } from '../../src/store/errors.js';
import { add } from '../helpers/events.js';

let seq = 0;
export function newEvent(extra: Partial<NewEvent> = {}): NewEvent {
  seq++;
  return {
    event_id: `evt-${process.pid}-${Date.now()}-${seq}`,
    hook_type: 'Notification',
    agent_id: 'agent-a',
    session_id: 'sess-1',
    correlation_id: null,
    priority: 5,
    timestamp: new Date(1_700_000_000_000 + seq).toISOString(),
    payload: { message: `hello ${seq}` },
    metadata: {},
    decision: 'allow',
    risk: 'SAFE',
    reason: null,
    rule: null,
    processing_time_ms: 0.125,
    source: 'hooks',
    ...extra,
  };
}

/** 40 events over 3 agents, 2 sessions (one null), 3 hook types and all priorities. */
function fixture(): NewEvent[] {
  const types = ['Notification', 'Error', 'PreToolUse'];
  return Array.from({ length: 40 }, (_, i) =>
    newEvent({
      agent_id: ['alpha', 'beta', 'gamma'][i % 3],
      session_id: i % 4 === 0 ? null : i % 2 ? 's-odd' : 's-even',
      hook_type: types[i % 3],
      priority: (i % 10) + 1,
      payload: { i },
    }),
  );
}

const FILTERS: (EventFilter | undefined)[] = [
  undefined,
  {},
  { agent_ids: ['alpha'] },
  { agent_ids: ['alpha', 'gamma'], session_ids: ['s-odd'] },
  { session_ids: ['s-even'] },
  { hook_types: ['Error'] },
  { min_priority: 3 },
  { hook_types: ['PreToolUse', 'Notification'], min_priority: 7 },
  { agent_ids: ['nobody'] },
];

const ids = (events: StoredEvent[]) => events.map((e) => e.id);

export interface ContractOptions {
  /** A fresh, empty, not yet initialised store. */
  create(): Promise<EventStore> | EventStore;
}

export function defineStoreContract(name: string, opts: ContractOptions): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await opts.create();
      await store.init();
    });
    afterEach(async () => {
      await store.close();
    });

    it('gives strictly increasing ids in call order, also to appends made without awaiting', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => add(store, newEvent())));
      for (let i = 1; i < results.length; i++) {
        expect(compareStreamIds(results[i].event.id, results[i - 1].event.id)).toBeGreaterThan(0);
      }
      const later = await add(store, newEvent());
      expect(compareStreamIds(later.event.id, results[49].event.id)).toBeGreaterThan(0);
      expect(results.every((r) => !r.duplicate)).toBe(true);
    });

    it('a reused event_id with other content is a conflict, and the stored event stays', async () => {
      const first = newEvent({ payload: { command: 'ls' } });
      const a = await add(store, first);
      const other = { ...first, payload: { command: 'rm -rf /' }, decision: 'deny' as const, risk: 'CRITICAL' as const };
      await expect(add(store, other)).rejects.toBeInstanceOf(IdempotencyConflictError);
      const page = await store.read({ limit: 10 });
      expect(page.events).toEqual([a.event]);
    });

    it('stores an event_id once and answers a duplicate with the original event', async () => {
      const first = newEvent({ decision: 'deny', risk: 'CRITICAL', reason: 'rm -rf /', rule: 'fs.rm-root' });
      const a = await add(store, first);
      // Same content judged differently later (a time-out, a new rule): still a retry of the stored one.
      const b = await add(store, { ...first, decision: 'allow', risk: 'SAFE', reason: null });
      const [c, d] = await Promise.all([add(store, first), add(store, first)]);
      for (const dup of [b, c, d]) {
        expect(dup.duplicate).toBe(true);
        expect(dup.event).toEqual(a.event);
      }
      expect(a.duplicate).toBe(false);
      expect((await store.read({ limit: 10 })).events).toHaveLength(1);
    });

    it('an event_id sent twice at once, before either is stored, is stored once', async () => {
      const fresh = newEvent();
      const other = newEvent();
      // Appended in one tick, so a store that batches writes sends all three in one call.
      const [x, y, z] = await Promise.all([add(store, fresh), add(store, other), add(store, fresh)]);
      expect([x.duplicate, z.duplicate].sort()).toEqual([false, true]);
      expect(z.event).toEqual(x.event);
      expect(y.duplicate).toBe(false);
      expect((await store.read({ limit: 10 })).events.map((e) => e.event_id)).toEqual([fresh.event_id, other.event_id]);
    });

    it('reads back exactly what was appended (nested payload, nulls, numbers, unicode)', async () => {
      const input = newEvent({
        session_id: null,
        correlation_id: 'corr-1',
        payload: { tool_input: { command: 'echo "ü ✓ 🚀"', nested: [1, { deep: true }, null] }, n: 0 },
        metadata: { host: 'dev-box', tags: ['a', 'b'] },
        reason: 'why',
        rule: null,
        processing_time_ms: 12.345678,
        priority: 1,
      });
      const { event } = await add(store, input);
      expect(event).toEqual({ ...input, id: event.id });
      const [back] = (await store.read({ limit: 1 })).events;
      expect(back).toEqual(event);
    });

    it('read: since is exclusive and limit/next page through with no gap or duplicate', async () => {
      const stored = [];
      for (const e of fixture()) stored.push((await add(store, e)).event);
      const all = await store.read({ limit: 1000 });
      expect(ids(all.events)).toEqual(ids(stored));
      expect(all.next).toBeNull();
      expect(ids((await store.read({ since: stored[29].id, limit: 100 })).events)).toEqual(ids(stored.slice(30)));
      const seen: string[] = [];
      let since: string | undefined;
      for (let guard = 0; guard < 20; guard++) {
        const page = await store.read({ since, limit: 7 });
        seen.push(...ids(page.events));
        if (!page.next) break;
        since = page.next;
      }
      expect(seen).toEqual(ids(stored));
      const exact = await store.read({ limit: 40 });
      expect(exact.next).toBeNull();
    });

    it('read and readLast answer every filter exactly like the reference filter', async () => {
      const stored = [];
      for (const e of fixture()) stored.push((await add(store, e)).event);
      for (const filter of FILTERS) {
        const expected = stored.filter((e) => matchesFilter(e, filter));
        const label = JSON.stringify(filter);
        expect(ids((await store.read({ limit: 1000, filter })).events), label).toEqual(ids(expected));
        const page = await store.read({ limit: 3, filter });
        expect(ids(page.events), label).toEqual(ids(expected.slice(0, 3)));
        expect(page.next, label).toBe(expected.length > 3 ? expected[2].id : null);
        expect(ids((await store.readLast({ n: 4, filter })).events), label).toEqual(ids(expected.slice(-4)));
      }
    });

    it('position: no top while empty, then the newest id; stats count events', async () => {
      const empty = await store.position();
      expect(empty.top).toBeNull();
      expect(empty.epoch).toEqual(expect.any(String));
      expect(await store.readLast({ n: 5 })).toEqual({ events: [], truncated: false });
      expect(await store.read({ limit: 5 })).toEqual({ events: [], next: null });
      const a = await add(store, newEvent());
      const b = await add(store, newEvent());
      const pos = await store.position();
      expect(pos).toMatchObject({ top: b.event.id, trimmedThrough: null, epoch: empty.epoch });
      expect(compareStreamIds(pos.origin, a.event.id)).toBeLessThan(0);
      const stats = await store.stats();
      expect(stats).toMatchObject({ kind: store.kind, status: 'up', events: 2, first_id: a.event.id, last_id: b.event.id });
    });

    it('subscribe delivers new events once, in stream order; unsubscribe stops delivery', async () => {
      const got: StoredEvent[] = [];
      const off = store.subscribe((events) => got.push(...events));
      const appended = await Promise.all(Array.from({ length: 30 }, () => add(store, newEvent())));
      await add(store, appended[3].event); // a duplicate is not a new event
      await vi.waitFor(() => expect(got).toHaveLength(30), { timeout: 5000 });
      expect(ids(got)).toEqual(appended.map((r) => r.event.id));
      expect(got[0]).toEqual(appended[0].event);
      off();
      await add(store, newEvent());
      await new Promise((r) => setTimeout(r, 100));
      expect(got).toHaveLength(30);
    });

    it('pages stop at maxBytes (at least one event each), and next continues without a gap', async () => {
      const stored = [];
      for (let i = 0; i < 12; i++) stored.push((await add(store, newEvent({ payload: { pad: 'x'.repeat(1000), i } }))).event);
      const seen: string[] = [];
      let since: string | undefined;
      for (let guard = 0; guard < 20; guard++) {
        const page = await store.read({ since, limit: 100, maxBytes: 3500 });
        expect(page.events.length).toBeGreaterThan(0);
        expect(page.events.length).toBeLessThanOrEqual(3);
        seen.push(...ids(page.events));
        if (!page.next) break;
        since = page.next;
      }
      expect(seen).toEqual(ids(stored));
      const one = await store.read({ limit: 100, maxBytes: 10 });
      expect(ids(one.events)).toEqual([stored[0].id]);
      const last = await store.readLast({ n: 10, maxBytes: 3500 });
      expect(last.truncated).toBe(true);
      expect(ids(last.events)).toEqual(ids(stored.slice(-last.events.length)));
      expect(last.events.length).toBeLessThanOrEqual(3);
      expect((await store.readLast({ n: 3 })).truncated).toBe(false);
    });

    it('nothing is trimmed while nothing was dropped', async () => {
      expect((await store.position()).trimmedThrough).toBeNull();
      await add(store, newEvent());
      await add(store, newEvent());
      expect((await store.position()).trimmedThrough).toBeNull();
    });

    it('accepts while open and refuses after close', async () => {
      expect(store.canAccept()).toBe(true);
      await store.close();
      expect(store.canAccept()).toBe(false);
      await expect(add(store, newEvent())).rejects.toBeDefined();
    });

    it('keeps one summary per window key, and pages them by agent and session', async () => {
      const summary = (key: string, agent: string, session: string | null): AggregateRecord & { event_count: number } => ({ key, agent_id: agent, session_id: session, event_count: 3 });
      const first = await store.aggregates.put(summary('alpha|s1|1000', 'alpha', 's1'));
      expect(first.stored).toBe(true);
      // Another instance summarizing the same window learns the id; nothing new is stored.
      const other: AggregateRecord & { event_count: number } = { ...summary('alpha|s1|1000', 'alpha', 's1'), event_count: 99 };
      const again = await store.aggregates.put(other);
      expect(again).toEqual({ id: first.id, stored: false });
      for (let i = 0; i < 5; i++) await store.aggregates.put(summary(`beta|-|${i}`, 'beta', null));
      await store.aggregates.put(summary('alpha|s2|2000', 'alpha', 's2'));

      const all = await store.aggregates.read({ limit: 100 });
      expect(all.aggregates.map((a) => a.key)).toEqual(['alpha|s1|1000', 'beta|-|0', 'beta|-|1', 'beta|-|2', 'beta|-|3', 'beta|-|4', 'alpha|s2|2000']);
      expect(all.aggregates[0]).toMatchObject({ id: first.id, event_count: 3 });
      expect(all.next).toBeNull();
      const ids = all.aggregates.map((a) => a.id);
      for (let i = 1; i < ids.length; i++) expect(compareStreamIds(ids[i], ids[i - 1])).toBeGreaterThan(0);

      const alpha = await store.aggregates.read({ agent_id: 'alpha', limit: 100 });
      expect(alpha.aggregates.map((a) => a.session_id)).toEqual(['s1', 's2']);
      expect((await store.aggregates.read({ agent_id: 'alpha', session_id: 's2', limit: 10 })).aggregates).toHaveLength(1);

      const page1 = await store.aggregates.read({ agent_id: 'beta', limit: 2 });
      expect(page1.aggregates.map((a) => a.key)).toEqual(['beta|-|0', 'beta|-|1']);
      const page2 = await store.aggregates.read({ agent_id: 'beta', limit: 2, since: page1.next ?? undefined });
      expect(page2.aggregates.map((a) => a.key)).toEqual(['beta|-|2', 'beta|-|3']);
    });

    it('a partial summary (a window closed early at shutdown) never keeps out the full one', async () => {
      const base = { key: 'gamma|-|5000', agent_id: 'gamma', session_id: null };
      const partial = await store.aggregates.put({ ...base, partial: true });
      const full = await store.aggregates.put(base);
      expect(partial.stored && full.stored).toBe(true);
      expect(full.id).not.toBe(partial.id);
      expect((await store.aggregates.put({ ...base, partial: true })).stored).toBe(false);
      expect((await store.aggregates.put(base)).stored).toBe(false);
    });
  });
}
