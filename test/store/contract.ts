// The EventStore contract: one suite, run against every store implementation (memory and Redis).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventFilter, EventStore, NewEvent, StoredEvent } from '../../src/store/types.js';
import { compareStreamIds } from '../../src/store/stream-id.js';
import { matchesFilter } from '../../src/store/filter.js';

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
      agent_id: ['alpha', 'beta', 'gamma'][i % 3] as string,
      session_id: i % 4 === 0 ? null : i % 2 ? 's-odd' : 's-even',
      hook_type: types[i % 3] as string,
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
      const results = await Promise.all(Array.from({ length: 50 }, () => store.append(newEvent())));
      for (let i = 1; i < results.length; i++) {
        expect(compareStreamIds(results[i]!.event.id, results[i - 1]!.event.id)).toBeGreaterThan(0);
      }
      const later = await store.append(newEvent());
      expect(compareStreamIds(later.event.id, results[49]!.event.id)).toBeGreaterThan(0);
      expect(results.every((r) => !r.duplicate)).toBe(true);
    });

    it('stores an event_id once and answers a duplicate with the original event', async () => {
      const first = newEvent({ decision: 'deny', risk: 'CRITICAL', reason: 'rm -rf /', rule: 'fs.rm-root' });
      const a = await store.append(first);
      const b = await store.append({ ...first, decision: 'allow', risk: 'SAFE', reason: null, payload: { other: 1 } });
      const [c, d] = await Promise.all([store.append(first), store.append(first)]);
      for (const dup of [b, c, d]) {
        expect(dup!.duplicate).toBe(true);
        expect(dup!.event).toEqual(a.event);
      }
      expect(a.duplicate).toBe(false);
      expect((await store.read({ limit: 10 })).events).toHaveLength(1);
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
      const { event } = await store.append(input);
      expect(event).toEqual({ ...input, id: event.id });
      const [back] = (await store.read({ limit: 1 })).events;
      expect(back).toEqual(event);
    });

    it('read: since is exclusive and limit/next page through with no gap or duplicate', async () => {
      const stored = [];
      for (const e of fixture()) stored.push((await store.append(e)).event);
      const all = await store.read({ limit: 1000 });
      expect(ids(all.events)).toEqual(ids(stored));
      expect(all.next).toBeNull();
      expect(ids((await store.read({ since: stored[29]!.id, limit: 100 })).events)).toEqual(ids(stored.slice(30)));
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
      for (const e of fixture()) stored.push((await store.append(e)).event);
      for (const filter of FILTERS) {
        const expected = stored.filter((e) => matchesFilter(e, filter));
        const label = JSON.stringify(filter);
        expect(ids((await store.read({ limit: 1000, filter })).events), label).toEqual(ids(expected));
        const page = await store.read({ limit: 3, filter });
        expect(ids(page.events), label).toEqual(ids(expected.slice(0, 3)));
        expect(page.next, label).toBe(expected.length > 3 ? expected[2]!.id : null);
        expect(ids(await store.readLast(4, filter)), label).toEqual(ids(expected.slice(-4)));
      }
    });

    it('firstId is null while empty, then the oldest id; stats count events', async () => {
      expect(await store.firstId()).toBeNull();
      expect(await store.readLast(5)).toEqual([]);
      expect(await store.read({ limit: 5 })).toEqual({ events: [], next: null });
      const a = await store.append(newEvent());
      const b = await store.append(newEvent());
      expect(await store.firstId()).toBe(a.event.id);
      const stats = await store.stats();
      expect(stats).toMatchObject({ kind: store.kind, status: 'up', events: 2, first_id: a.event.id, last_id: b.event.id });
    });

    it('subscribe delivers new events once, in stream order; unsubscribe stops delivery', async () => {
      const got: StoredEvent[] = [];
      const off = store.subscribe((events) => got.push(...events));
      const appended = await Promise.all(Array.from({ length: 30 }, () => store.append(newEvent())));
      await store.append(appended[3]!.event); // a duplicate is not a new event
      await vi.waitFor(() => expect(got).toHaveLength(30), { timeout: 5000 });
      expect(ids(got)).toEqual(appended.map((r) => r.event.id));
      expect(got[0]).toEqual(appended[0]!.event);
      off();
      await store.append(newEvent());
      await new Promise((r) => setTimeout(r, 100));
      expect(got).toHaveLength(30);
    });

    it('trimmedThrough is null while nothing was trimmed', async () => {
      expect(await store.trimmedThrough()).toBeNull();
      await store.append(newEvent());
      await store.append(newEvent());
      expect(await store.trimmedThrough()).toBeNull();
    });

    it('accepts while open and refuses after close', async () => {
      expect(store.canAccept()).toBe(true);
      await store.close();
      expect(store.canAccept()).toBe(false);
      await expect(store.append(newEvent())).rejects.toBeDefined();
    });
  });
}
