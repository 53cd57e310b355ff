// Priority batching in the hub (memory store, fake sockets): urgent at once, batches by size or deadline, order, budget, resubscribe.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../../src/store/types.js';
import { DeadlineQueue } from '../../src/stream/batcher.js';
import { compareStreamIds } from '../../src/store/stream-id.js';
import { add } from '../helpers/events.js';
import { prng } from '../helpers/prng.js';
import { hubs, newEvent, setup, tick, type FakeSocket } from './hub-fixtures.js';

afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  vi.restoreAllMocks();
});

const low = (over: Parameters<typeof newEvent>[0] = {}) => newEvent({ hook_type: 'Notification', ...over }); // priority 5
const eventFrames = (s: FakeSocket) => s.frames().filter((f) => f.type === 'hook_events').map((f) => (f.events ?? []).map((e) => e.id));
const ids = (events: StoredEvent[]) => events.map((e) => e.id);

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 5000; !check(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

describe('StreamHub priority batching', () => {
  it('an urgent event leaves on the tick it arrives; a less urgent one waits for its batch', async () => {
    const { store, connect } = setup({ batchSize: 3, flushIntervalMs: 60_000 });
    const c = await connect();
    c.socket.sent = [];
    const note = (await add(store, low())).event;
    await tick();
    expect(c.socket.sent).toHaveLength(0);
    const pre = (await add(store, newEvent({ hook_type: 'PreToolUse' }))).event;
    await tick();
    expect(eventFrames(c.socket)).toEqual([[note.id, pre.id]]);
  });

  it('5 less urgent events with HOOK_BATCH_SIZE=3: a frame of 3 at once, the other 2 after the flush interval', async () => {
    const { store, connect, series } = setup({ batchSize: 3, flushIntervalMs: 50 });
    const c = await connect();
    const sameTick = await Promise.all(Array.from({ length: 5 }, () => add(store, low())));
    await tick();
    expect(eventFrames(c.socket)).toEqual([ids(sameTick.slice(0, 3).map((r) => r.event))]);
    await waitFor(() => eventFrames(c.socket).length === 2, 'the last 2 after the interval');
    expect(eventFrames(c.socket)[1]).toEqual(ids(sameTick.slice(3).map((r) => r.event)));
    expect(await series('hooks_ws_batch_events', 'hooks_ws_batch_events_count')).toBe(2);
    expect(await series('hooks_ws_batch_events', 'hooks_ws_batch_events_sum')).toBe(5);

    // The same, one event per tick: the third fills the frame, the last two wait for their deadline.
    const oneByOne: StoredEvent[] = [];
    for (let i = 0; i < 5; i++) {
      oneByOne.push((await add(store, low())).event);
      await tick();
      expect(eventFrames(c.socket)).toHaveLength(i < 2 ? 2 : 3);
    }
    expect(eventFrames(c.socket)[2]).toEqual(ids(oneByOne.slice(0, 3)));
    await waitFor(() => eventFrames(c.socket).length === 4, 'the last 2 after the interval');
    expect(eventFrames(c.socket)[3]).toEqual(ids(oneByOne.slice(3)));
  });

  it('an urgent event after 2 pending ones goes out behind them, in the same frame', async () => {
    const { store, connect } = setup({ flushIntervalMs: 60_000 });
    const c = await connect();
    const a = (await add(store, low())).event;
    await tick();
    const b = (await add(store, low({ hook_type: 'SessionStart' }))).event;
    await tick();
    expect(eventFrames(c.socket)).toEqual([]);
    const err = (await add(store, newEvent({ hook_type: 'Error' }))).event;
    await tick();
    expect(eventFrames(c.socket)).toEqual([[a.id, b.id, err.id]]);
    // The urgent event took everything: nothing is left for a deadline.
    await add(store, newEvent({ hook_type: 'Stop' }));
    await tick();
    expect(eventFrames(c.socket)).toHaveLength(2);
    expect(eventFrames(c.socket)[1]).toHaveLength(1);
  });

  it('a random mix: every client gets its events exactly once, ids strictly increasing across frames, frames <= HOOK_BATCH_SIZE', async () => {
    const { store, connect } = setup({ batchSize: 7, flushIntervalMs: 20 });
    const all = await connect();
    const sess = await connect({ session_ids: ['s-1'] });
    const urgentOnly = await connect({ min_priority: 3 });
    const rnd = prng(42);
    const hooks = ['Notification', 'SessionStart', 'PreToolUse', 'Error', 'Stop', 'UserPromptSubmit'] as const;
    const posted: StoredEvent[] = [];
    for (let round = 0; round < 60; round++) {
      const n = 1 + Math.floor(rnd() * 4);
      for (let i = 0; i < n; i++) {
        posted.push((await add(store, newEvent({ hook_type: hooks[Math.floor(rnd() * hooks.length)], session_id: `s-${Math.floor(rnd() * 2)}` }))).event);
      }
      await tick();
      if (rnd() < 0.2) await new Promise((r) => setTimeout(r, 25)); // let some deadlines pass
    }
    const want = (pred: (e: StoredEvent) => boolean) => ids(posted.filter(pred));
    const cases = [
      [all, want(() => true)],
      [sess, want((e) => e.session_id === 's-1')],
      [urgentOnly, want((e) => e.priority <= 3)],
    ] as const;
    for (const [c, expected] of cases) {
      await waitFor(() => c.socket.events().length >= expected.length, 'every event');
      const got = ids(c.socket.events());
      expect(got).toEqual(expected);
      for (let i = 1; i < got.length; i++) expect(compareStreamIds(got[i], got[i - 1])).toBeGreaterThan(0);
      expect(eventFrames(c.socket).every((f) => f.length <= 7)).toBe(true);
    }
    expect(posted.some((e) => e.priority > 3) && posted.some((e) => e.priority <= 3)).toBe(true);
  });

  it('a filter that passes only urgent events is unaffected: each leaves on its own tick, low ones never reach it', async () => {
    const { store, connect } = setup({ flushIntervalMs: 60_000 });
    const urgentOnly = await connect({ min_priority: 3 });
    const all = await connect();
    await add(store, low());
    await add(store, low());
    await tick();
    expect(eventFrames(urgentOnly.socket)).toEqual([]);
    const pre = (await add(store, newEvent({ hook_type: 'PreToolUse' }))).event;
    await tick();
    expect(eventFrames(urgentOnly.socket)).toEqual([[pre.id]]);
    expect(eventFrames(all.socket)[0]).toHaveLength(3);
  });

  it('one timer for every client, and clients owed the same batch share its bytes', async () => {
    const { store, connect } = setup({ flushIntervalMs: 30 });
    const clients: { socket: FakeSocket }[] = [];
    for (let i = 0; i < 40; i++) clients.push(await connect());
    const timers = vi.spyOn(globalThis, 'setTimeout');
    await add(store, low());
    await add(store, low());
    await tick();
    expect(timers.mock.calls.length).toBeLessThanOrEqual(1);
    timers.mockRestore();
    await waitFor(() => clients.every((c) => c.socket.events().length === 2), 'the batch on every client');
    const buffers = new Set(clients.map((c) => c.socket.sent.at(-1)));
    expect(buffers.size).toBe(1);
  });
});

describe('StreamHub batching: budget, resubscribe, replay, shutdown', () => {
  it('pending bytes count against the budget: a stalled client is closed with 4008 before any frame is due', async () => {
    const { store, connect, metric } = setup({ maxBufferBytes: 4096, flushIntervalMs: 60_000, slowCloseGraceMs: 20 });
    const stalled = await connect();
    const healthy = await connect();
    const first = (await add(store, low({ payload: { pad: 'x'.repeat(150) } }))).event;
    const weight = JSON.stringify(first).length + 1;
    expect(2 * weight).toBeLessThan(1024); // two of them do not fill a frame (a quarter of the budget)
    stalled.socket.bufferedAmount = 4096 - Math.floor(1.5 * weight);
    await tick();
    expect(stalled.socket.closes).toEqual([]); // socket + one pending event still fit
    await add(store, low({ payload: { pad: 'x'.repeat(150) } }));
    await tick();
    expect(stalled.socket.closes).toEqual([[4008, 'slow consumer']]);
    expect(await metric('hooks_ws_slow_consumer_closes_total')).toBe(1);
    // A client that reads is never closed for what the server chose to hold: a frame's worth of bytes is sent.
    for (let i = 0; i < 8; i++) {
      await add(store, low({ payload: { pad: 'x'.repeat(150) } }));
      await tick();
    }
    expect(healthy.socket.closes).toEqual([]);
    expect(healthy.socket.events().length).toBeGreaterThanOrEqual(6);
    expect(healthy.socket.sent.every((b) => b.length < 1024 + 64)).toBe(true);
  });

  it('resubscribing without since sends the pending events first (old filters), each exactly once', async () => {
    const { hub, store, connect } = setup({ flushIntervalMs: 60_000 });
    const c = await connect();
    const a = (await add(store, low())).event;
    const b = (await add(store, low({ agent_id: 'other' }))).event;
    await tick();
    expect(eventFrames(c.socket)).toEqual([]);
    await hub.subscribe(c.session, { filter: { hook_types: ['Error'] } });
    const types = c.socket.frames().map((f) => f.type);
    expect(types).toEqual(['subscribed', 'hook_events', 'subscribed']);
    const err = (await add(store, newEvent({ hook_type: 'Error' }))).event;
    await add(store, low());
    await tick();
    expect(ids(c.socket.events())).toEqual([a.id, b.id, err.id]);
    expect(c.socket.frames()[2]).toMatchObject({ type: 'subscribed', last_id: b.id });
  });

  it('resubscribing with since: the replay delivers the pending events once, under the new filters', async () => {
    const { hub, store, connect } = setup({ flushIntervalMs: 60_000 });
    const c = await connect();
    const synced = c.socket.frames()[0]?.last_id as string;
    const a = (await add(store, low())).event;
    const b = (await add(store, low({ agent_id: 'other' }))).event;
    await tick();
    await hub.subscribe(c.session, { filter: {}, since: synced });
    expect(ids(c.socket.events())).toEqual([a.id, b.id]);
    // Narrower filters: the pending event they exclude is not sent (the new subscription does not want it).
    const d = await connect();
    const e = (await add(store, low())).event;
    const f = (await add(store, low({ agent_id: 'other' }))).event;
    await tick();
    await hub.subscribe(d.session, { filter: { agent_ids: ['agent-1'] }, since: synced });
    expect(ids(d.socket.events())).toEqual([a.id, e.id]);
    expect(f.agent_id).toBe('other');
    await new Promise((r) => setTimeout(r, 30));
    expect(ids(c.socket.events())).toEqual([a.id, b.id]);
  });

  it('live events held during a replay follow the batching rules once live', async () => {
    const { store, connect } = setup({ flushIntervalMs: 40 });
    const before = (await add(store, newEvent())).event;
    const old = (await add(store, newEvent())).event;
    let held: StoredEvent | undefined;
    store.afterRead = async () => {
      store.afterRead = null;
      held = (await add(store, low())).event;
      await tick();
    };
    const c = await connect({}, before.id);
    const types = () => c.socket.frames().map((f) => f.type);
    expect(types()).toEqual(['hook_events', 'subscribed']); // the held low event waits for its batch
    await waitFor(() => types().length === 3, 'the held event');
    expect(ids(c.socket.events())).toEqual([old.id, held?.id]);
  });

  it('close() sends pending events and the tick in progress before 1001', async () => {
    const { hub, store, connect } = setup({ flushIntervalMs: 60_000 });
    const c = await connect();
    const a = (await add(store, low())).event;
    await tick();
    const b = (await add(store, low())).event; // not dispatched yet
    await hub.close();
    expect(ids(c.socket.events())).toEqual([a.id, b.id]);
    expect(c.socket.closes).toEqual([[1001, 'server shutting down']]);
  });
});

describe('DeadlineQueue', () => {
  it('fires entries in due order (one scheduled out of order too), a bounded number per sweep', async () => {
    const fired: string[][] = [];
    const q = new DeadlineQueue<string>((due) => fired.push(due.map((d) => d.item)), 2);
    const now = performance.now();
    q.schedule('b', now + 20);
    q.schedule('c', now + 20);
    q.schedule('d', now + 20);
    q.schedule('a', now + 10);
    q.schedule('e', now + 20);
    await waitFor(() => fired.flat().length === 5, 'every entry');
    expect(fired.flat()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(Math.max(...fired.map((f) => f.length))).toBe(2);
    expect(q.size).toBe(0);
  });
});
