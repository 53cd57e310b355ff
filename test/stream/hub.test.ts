// The hub on the memory store with fake sockets: index matching, coalescing, order, shared bytes, resume, budget.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryEventStore } from '../../src/store/memory-store.js';
import type { StoreListener, StoredEvent } from '../../src/store/types.js';
import { SubscriptionIndex } from '../../src/stream/subscription-index.js';
import type { StreamSession } from '../../src/stream/session.js';
import { add, fingerprintOfEvent } from '../helpers/events.js';
import { FakeSocket, TapStore, hubs, newEvent, setup, tick } from './hub-fixtures.js';

afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  vi.restoreAllMocks();
});

describe('StreamHub matching', () => {
  it('sends each client exactly the events its filters pass, in stream order', async () => {
    const { store, connect, metric } = setup();
    const all = await connect();
    const urgent = await connect({ min_priority: 3 });
    const agentB = await connect({ agent_ids: ['agent-b'] });
    const errorsOfA = await connect({ hook_types: ['Error'], agent_ids: ['agent-1'] });
    const posted: StoredEvent[] = [];
    for (const [hook, agent] of [['Error', 'agent-1'], ['Notification', 'agent-b'], ['PreToolUse', 'agent-b'], ['Stop', 'agent-1'], ['Error', 'agent-b']] as const) {
      posted.push((await add(store, newEvent({ hook_type: hook, agent_id: agent }))).event);
      await tick();
    }
    const ids = (c: { socket: FakeSocket }) => c.socket.events().map((e) => e.id);
    const want = (pred: (e: StoredEvent) => boolean) => posted.filter(pred).map((e) => e.id);
    expect(ids(all)).toEqual(want(() => true));
    expect(ids(urgent)).toEqual(want((e) => e.priority <= 3));
    expect(ids(urgent)).not.toContain(posted[1]?.id); // the Notification (5) is dropped, the Error (1) kept
    expect(ids(agentB)).toEqual(want((e) => e.agent_id === 'agent-b'));
    expect(ids(errorsOfA)).toEqual([posted[0]?.id]);
    // 4 subscribers x 5 events = 20 candidates; 5 + 4 + 3 + 1 = 13 were sent.
    expect(await metric('hooks_ws_events_filtered_total')).toBe(7);
    expect(await metric('hooks_ws_fanout_lag_seconds')).toBeGreaterThan(0);
  });

  it('coalesces one tick into one frame per client, keeps order, and moves on next tick', async () => {
    const { store, connect } = setup();
    const c = await connect();
    c.socket.sent = [];
    const events = await Promise.all(Array.from({ length: 5 }, () => add(store, newEvent())));
    await tick();
    expect(c.socket.sent).toHaveLength(1);
    expect(c.socket.events().map((e) => e.id)).toEqual(events.map((r) => r.event.id));
    await add(store, newEvent());
    await tick();
    expect(c.socket.sent).toHaveLength(2);
  });

  it('serializes each event once and sends the same bytes to every matching client', async () => {
    const { store, connect } = setup();
    const a = await connect({ hook_types: ['PreToolUse'] });
    const b = await connect({ hook_types: ['PreToolUse'] });
    const c = await connect({ agent_ids: ['agent-1'] });
    for (const s of [a, b, c]) s.socket.sent = [];
    const e = newEvent();
    const meta = { fingerprint: fingerprintOfEvent(e), bytes: 500 };
    const stringify = vi.spyOn(JSON, 'stringify');
    await store.append(e, meta);
    await tick();
    expect(stringify).toHaveBeenCalledTimes(1);
    stringify.mockRestore();
    expect(a.socket.sent[0]).toBeDefined();
    expect(b.socket.sent[0]).toBe(a.socket.sent[0]); // the very same Buffer
    expect(c.socket.sent[0]).toBe(a.socket.sent[0]);
    const frame = JSON.parse((a.socket.sent[0]).toString());
    expect(frame.type).toBe('hook_events');
    expect(Object.keys(frame.events[0])).toEqual(expect.arrayContaining(
      ['id', 'event_id', 'hook_type', 'agent_id', 'session_id', 'priority', 'timestamp', 'payload', 'decision', 'risk'],
    ));
  });

  it('never re-sends an id at or below one already sent (strictly increasing)', async () => {
    const { store, connect } = setup();
    const c = await connect();
    const first = (await add(store, newEvent())).event;
    await tick();
    store.listener?.([first]); // a redelivery from the store tail
    await tick();
    expect(c.socket.events().map((e) => e.id)).toEqual([first.id]);
  });
});

describe('SubscriptionIndex', () => {
  it('only looks at candidates of the event, not every subscription', () => {
    const index = new SubscriptionIndex<{ filter: { agent_ids?: string[]; hook_types?: string[] }; reads: number }>();
    const subs = Array.from({ length: 1000 }, (_, i) => {
      const s = { reads: 0, f: { agent_ids: [`agent-${i}`] }, get filter() { this.reads++; return this.f; } };
      index.add(s);
      return s;
    });
    const byType = { reads: 0, f: { hook_types: ['Stop'] }, get filter() { this.reads++; return this.f; } };
    index.add(byType);
    for (const s of subs) s.reads = 0;
    byType.reads = 0;
    const hits: unknown[] = [];
    const matched = index.forEachMatch({ agent_id: 'agent-7', hook_type: 'PreToolUse', session_id: null } as StoredEvent, (s) => hits.push(s));
    expect(matched).toBe(1);
    expect(hits).toEqual([subs[7]]);
    expect(subs.reduce((t, s) => t + s.reads, 0) + byType.reads).toBe(1);
    index.remove(subs[7]);
    expect(index.forEachMatch({ agent_id: 'agent-7', hook_type: 'Stop', session_id: null } as StoredEvent, () => {})).toBe(1);
    expect(index.size).toBe(1000);
  });
});

describe('StreamHub resume', () => {
  it('replays after since, then subscribed, then live: no gap and no duplicate across a concurrent write', async () => {
    const { store, connect } = setup();
    const before = [];
    for (let i = 0; i < 7; i++) before.push((await add(store, newEvent({ agent_id: i % 2 ? 'agent-1' : 'other' }))).event);
    let raced: StoredEvent | undefined;
    let late: StoredEvent | undefined;
    // One write lands before the replay's read (so it is both replayed and held), one after it (held only).
    store.beforeRead = async () => {
      store.beforeRead = null;
      raced = (await add(store, newEvent())).event;
      await tick();
    };
    store.afterRead = async () => {
      store.afterRead = null;
      late = (await add(store, newEvent())).event;
      await tick();
    };
    const c = await connect({ agent_ids: ['agent-1'] }, before[0]?.id);
    await add(store, newEvent({ agent_id: 'other' }));
    const live = (await add(store, newEvent())).event;
    await tick();
    const frames = c.socket.frames();
    const subscribedAt = frames.findIndex((f) => f.type === 'subscribed');
    const replayed = frames.slice(0, subscribedAt).flatMap((f) => f.events ?? []).map((e) => e.id);
    const after = frames.slice(subscribedAt + 1).flatMap((f) => f.events ?? []).map((e) => e.id);
    expect(replayed).toEqual([...before.slice(1).filter((e) => e.agent_id === 'agent-1').map((e) => e.id), raced?.id]);
    expect(frames[subscribedAt]).toMatchObject({ type: 'subscribed', recovered: true, last_id: raced?.id, filters: { agent_ids: ['agent-1'] } });
    expect(after).toEqual([late?.id, live.id]);
  });

  it('a store tail lagging behind the replay (Redis) causes no duplicate after going live', async () => {
    /** Appends are not delivered until the test says so, as when another instance's XREAD has not caught up. */
    class LaggingStore extends MemoryEventStore {
      tail: StoreListener | null = null;
      override subscribe(listener: StoreListener): () => void {
        this.tail = listener;
        return () => (this.tail = null);
      }
    }
    const store = new LaggingStore({ maxEvents: 100 });
    const { connect } = setup({}, store);
    const written: StoredEvent[] = [];
    for (let i = 0; i < 4; i++) written.push((await add(store, newEvent())).event);
    const resumed = await connect({}, written[0]?.id);
    const fresh = await connect();
    expect(resumed.socket.frames().at(-1)).toMatchObject({ type: 'subscribed', last_id: written[3]?.id });
    const next = (await add(store, newEvent())).event;
    store.tail?.([...written, next]); // the tail catches up, delivering what the replay already sent
    await tick();
    expect(resumed.socket.events().map((e) => e.id)).toEqual([...written.slice(1), next].map((e) => e.id));
    expect(fresh.socket.events().map((e) => e.id)).toEqual([next.id]);
  });

  it('recovered is false when since was evicted; the retained part is still replayed', async () => {
    const { store, connect } = setup({}, new TapStore({ maxEvents: 10 }));
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push((await add(store, newEvent())).event.id);
    const old = await connect({}, ids[2]);
    expect(old.socket.frames().at(-1)).toMatchObject({ type: 'subscribed', recovered: false, last_id: ids[24] });
    expect(old.socket.events().map((e) => e.id)).toEqual(ids.slice(15));
    const edge = await connect({}, ids[14]); // the direct predecessor of the oldest retained id
    expect(edge.socket.frames().at(-1)).toMatchObject({ type: 'subscribed', recovered: true });
    const live = await connect();
    expect(live.socket.frames()).toEqual([{ type: 'subscribed', filters: {}, recovered: true, last_id: ids[24], epoch: expect.any(String) }]);
  });

  it('a new subscription replaces the filters', async () => {
    const { hub, store, connect } = setup();
    const c = await connect({ hook_types: ['Stop'] });
    await hub.subscribe(c.session, { filter: { hook_types: ['Error'] } });
    await add(store, newEvent({ hook_type: 'Stop' }));
    const err = (await add(store, newEvent({ hook_type: 'Error' }))).event;
    await tick();
    expect(c.socket.frames().filter((f) => f.type === 'subscribed')).toHaveLength(2);
    expect(c.socket.events().map((e) => e.id)).toEqual([err.id]);
  });
});

describe('StreamHub limits', () => {
  it('closes a client over its send budget with 4008 and stops sending to it', async () => {
    const { store, connect, metric } = setup({ maxBufferBytes: 4096, slowCloseGraceMs: 20 });
    const c = await connect();
    const ok = await connect();
    c.socket.bufferedAmount = 4000; // the client stopped reading
    await add(store, newEvent({ payload: { pad: 'x'.repeat(200) } }));
    await tick();
    expect(c.socket.closes).toEqual([[4008, 'slow consumer']]);
    expect(await metric('hooks_ws_slow_consumer_closes_total')).toBe(1);
    const sentBefore = c.socket.sent.length;
    await add(store, newEvent());
    await tick();
    expect(c.socket.sent.length).toBe(sentBefore);
    expect(ok.socket.events()).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 40));
    expect(c.socket.terminated).toBe(true); // it never read its close frame
  });

  it('refuses connections over the limit with 1013 and counts active ones', async () => {
    const { hub, connect, metric } = setup({ maxConnections: 2 });
    const a = await connect();
    await connect();
    const extra = new FakeSocket();
    extra.onClose = () => {};
    expect(hub.connect(extra)).toBeNull();
    expect(extra.closes[0]?.[0]).toBe(1013);
    expect(await metric('hooks_ws_connections')).toBe(2);
    a.socket.close(1000, 'bye');
    await tick();
    expect(hub.connections).toBe(1);
    const later = new FakeSocket();
    const s = hub.connect(later);
    expect(s).not.toBeNull();
    later.onClose = () => hub.disconnect(s as StreamSession);
  });

  it('pings on one timer and terminates a client that misses two pongs', async () => {
    const { hub, connect } = setup({ pingIntervalMs: 100 });
    const silent = await connect();
    const alive = await connect();
    const timer = setInterval(() => hub.pong(alive.session), 30);
    await new Promise((r) => setTimeout(r, 450));
    clearInterval(timer);
    expect(silent.socket.pings).toBe(2);
    expect(silent.socket.terminated).toBe(true);
    expect(alive.socket.terminated).toBe(false);
    expect(alive.socket.pings).toBeGreaterThanOrEqual(3);
  });

  it('close() closes every socket with 1001', async () => {
    const { hub, connect } = setup();
    const clients = [await connect(), await connect()];
    await hub.close();
    for (const c of clients) expect(c.socket.closes).toEqual([[1001, 'server shutting down']]);
    expect(hub.connections).toBe(0);
  });
});
