// Two service instances sharing one real redis-server: events posted to A reach B's filtered clients, resumably.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { hookBody } from '../helpers/app.js';
import { startRedis, uniquePrefix, type TestRedis } from '../helpers/redis.js';
import { StreamHarness, sleep, type StreamedEvent } from '../helpers/ws.js';
import { redisKeys } from '../../src/store/redis-keys.js';
import { compareStreamIds } from '../../src/store/stream-id.js';

let redis: TestRedis;
let raw: Redis;
const harness = new StreamHarness();

beforeAll(async () => {
  redis = await startRedis({ appendonly: false });
  raw = new Redis(redis.url);
});
afterEach(() => harness.cleanup());
afterAll(async () => {
  raw?.disconnect();
  await redis?.stop();
});

/** Two instances on one Redis and one key prefix, each listening on its own port. */
async function pair() {
  const prefix = uniquePrefix('stream');
  const start = async () => {
    const instance = await harness.start({ REDIS_URL: redis.url, HOOK_STREAM_PREFIX: prefix });
    expect(instance.app.store.kind).toBe('redis');
    return instance;
  };
  return { prefix, a: await start(), b: await start() };
}

const ids = (events: StreamedEvent[]) => events.map((e) => e.id);
function strictlyIncreasing(list: string[]): void {
  for (let i = 1; i < list.length; i++) expect(compareStreamIds(list[i], list[i - 1])).toBeGreaterThan(0);
}

const HOOKS = ['PreToolUse', 'Notification', 'Error', 'Stop', 'SessionStart'] as const;
const mixed = (n: number, offset = 0) =>
  Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    return hookBody({ hook_type: HOOKS[i % HOOKS.length], agent_id: `agent-${i % 3}`, session_id: `s-${i % 4}`, payload: { i } });
  });

describe('stream across two instances on one Redis', () => {
  it('a filtered client on B receives exactly the matching events posted to A, in order', async () => {
    const { a, b } = await pair();
    const filtered = await b.open('agent_ids=agent-1,agent-2&min_priority=3');
    const everything = await b.open();
    await filtered.nth('subscribed');
    await everything.nth('subscribed');
    const posted: { body: Record<string, unknown>; id: string }[] = [];
    for (let round = 0; round < 6; round++) {
      const bodies = mixed(50, round * 50);
      const results = await a.post(bodies);
      bodies.forEach((body, k) => posted.push({ body, id: results[k]?.stream_id }));
    }
    const priority: Record<string, number> = { PreToolUse: 3, Notification: 5, Error: 1, Stop: 2, SessionStart: 5 };
    const want = posted
      .filter(({ body }) => body.agent_id !== 'agent-0' && (priority[body.hook_type as string]) <= 3)
      .map((p) => p.id);
    await everything.until((p) => p.events().length >= posted.length, 'all 300 events on B', 15_000);
    await filtered.until((p) => p.events().length >= want.length, 'the matching events on B', 15_000);
    await sleep(100);
    expect(ids(everything.events())).toEqual(posted.map((p) => p.id));
    expect(ids(filtered.events())).toEqual(want);
    strictlyIncreasing(ids(filtered.events()));
    expect(filtered.events().every((e) => e.priority <= 3 && e.agent_id !== 'agent-0')).toBe(true);
    expect(filtered.events()[0]).toMatchObject({ decision: 'allow', risk: expect.any(String), payload: expect.any(Object) });
  });

  it('reconnecting to B with since gets exactly the events missed (posted to A), then live ones, recovered: true', async () => {
    const { a, b } = await pair();
    const first = await b.open('hook_types=PreToolUse,Error');
    await first.nth('subscribed');
    await a.post(mixed(20));
    await first.until((p) => p.events().length === 8, 'first 8 matching');
    const lastSeen = first.events().at(-1)?.id as string;
    await first.close();
    const missedBodies = mixed(40, 20);
    const missed = await a.post(missedBodies);
    const wantMissed = missed.filter((_, k) => ['PreToolUse', 'Error'].includes(missedBodies[k]?.hook_type as string)).map((r) => r.stream_id);
    const back = await b.open(`hook_types=PreToolUse,Error&since=${lastSeen}`);
    const sub = await back.nth('subscribed', 1, 10_000);
    // last_id is where the client is synchronized to: the stream's head, even when that event did not match.
    expect(sub).toMatchObject({ recovered: true, last_id: missed.at(-1)?.stream_id });
    const live = await a.post([hookBody({ hook_type: 'Error' }), hookBody({ hook_type: 'Stop' }), hookBody({ hook_type: 'PreToolUse' })]);
    const want = [...wantMissed, live[0]?.stream_id, live[2]?.stream_id];
    await back.until((p) => p.events().length >= want.length, 'missed + live', 10_000);
    await sleep(100);
    expect(ids(back.events())).toEqual(want);
    strictlyIncreasing(ids(back.events()));
  });

  it('a since older than what Redis retained answers recovered: false', async () => {
    const { prefix, a, b } = await pair();
    const results = await a.post(mixed(30));
    await raw.xtrim(redisKeys(prefix).lifecycle, 'MAXLEN', 10); // what retention does to old entries
    const p = await b.open(`since=${results[2]?.stream_id}`);
    const sub = await p.nth('subscribed', 1, 10_000);
    expect(sub).toMatchObject({ recovered: false, last_id: results[29]?.stream_id });
    expect(ids(p.events())).toEqual(results.slice(20).map((r) => r.stream_id));
    const recent = await b.open(`since=${results[25]?.stream_id}`);
    expect(await recent.nth('subscribed', 1, 10_000)).toMatchObject({ recovered: true });
  });

  it('a subscribe message on B replaces its filters for events posted to A', async () => {
    const { a, b } = await pair();
    const p = await b.open('hook_types=Notification');
    await p.nth('subscribed');
    p.send({ type: 'subscribe', filters: { hook_types: ['Stop'], session_ids: ['s-3'] } });
    expect(await p.nth('subscribed', 2)).toMatchObject({ filters: { hook_types: ['Stop'], session_ids: ['s-3'] } });
    const bodies = mixed(40);
    const results = await a.post(bodies);
    const want = results.filter((_, k) => bodies[k]?.hook_type === 'Stop' && bodies[k]?.session_id === 's-3').map((r) => r.stream_id);
    expect(want.length).toBeGreaterThan(0);
    await p.until((x) => x.events().length >= want.length, 'the Stop events of s-3', 10_000);
    await sleep(100);
    expect(ids(p.events())).toEqual(want);
  });

  it('a client on B that never reads is closed with 4008 while A ingests thousands; B holds at most its budget', async () => {
    const prefix = uniquePrefix('slow');
    const budget = 256 * 1024;
    const { app: a } = await harness.start({ REDIS_URL: redis.url, HOOK_STREAM_PREFIX: prefix });
    const { app: b, open } = await harness.start({ REDIS_URL: redis.url, HOOK_STREAM_PREFIX: prefix, HOOK_WS_MAX_BUFFER_BYTES: budget });
    const slow = await open();
    await slow.nth('subscribed');
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    let maxQueued = 0;
    const sampler = setInterval(() => {
      for (const c of b.websocketServer.clients) maxQueued = Math.max(maxQueued, c.bufferedAmount);
    }, 1);
    const pad = 'y'.repeat(2000);
    for (let n = 0; n < 40 && !/hooks_ws_slow_consumer_closes_total 1/.test((await b.inject({ url: '/metrics' })).body); n++) {
      const events = Array.from({ length: 100 }, (_, i) => hookBody({ payload: { pad, n, i } }));
      expect((await a.inject({ method: 'POST', url: '/hooks/batch', payload: { events } })).statusCode).toBe(200);
      await sleep(20);
    }
    clearInterval(sampler);
    expect((await b.inject({ url: '/metrics' })).body).toMatch(/hooks_ws_slow_consumer_closes_total 1/);
    expect(maxQueued).toBeLessThanOrEqual(budget + 64 * 1024);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await slow.closed).toEqual({ code: 4008, reason: 'slow consumer' });
  });

  it('closing an instance closes its sockets with 1001', async () => {
    const { b } = await pair();
    const p = await b.open();
    await p.nth('subscribed');
    await b.app.close();
    expect(await p.closed).toEqual({ code: 1001, reason: 'server shutting down' });
  });
});
