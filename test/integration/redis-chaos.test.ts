// Chaos over real HTTP: ~20 clients post while Redis is SIGKILLed and restarted; every 200 is stored once, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { canKillRedis, killSkipNote, noteKillSkip, startRedis, uniquePrefix, type TestRedis } from '../helpers/redis.js';
import { redisKeys } from '../../src/store/redis-keys.js';

noteKillSkip('test/integration/redis-chaos.test.ts');

const CLIENTS = 20;
// Paced so the load spans the kill, the outage and the restart; the stop flag ends it 1.5 s after the restart.
const MAX_PER_CLIENT = 400;
const PAUSE_MS = 12;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
  status: number;
  code?: string;
  retryAfter?: string | null;
  streamId?: string;
  duplicate?: boolean;
}

async function post(base: string, body: object): Promise<Outcome> {
  const res = await fetch(`${base}/hooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { code?: string; stream_id?: string };
  return { status: res.status, code: json.code, retryAfter: res.headers.get('retry-after'), streamId: json.stream_id, duplicate: res.headers.get('hookhive-duplicate') === 'true' };
}

const hookBody = (client: number, i: number) => ({
  event_id: `chaos-${client}-${i}`,
  hook_type: i % 7 === 0 ? 'PreToolUse' : 'Notification',
  agent_id: `client-${client}`,
  session_id: `s-${client}`,
  payload: i % 7 === 0 ? { tool_name: 'Bash', tool_input: { command: `echo ${i}` } } : { message: `n ${i}`, i },
});

/** With a disk spool, the configuration that promises the most (and does the most work on the way). */
async function startApp(url: string, prefix: string, spoolDir: string): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildApp(
    testConfig({ REDIS_URL: url, HOOK_STREAM_PREFIX: prefix, HOOK_FLUSH_INTERVAL_MS: 200, HOOK_SPOOL_DIR: spoolDir }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { app, base: `http://127.0.0.1:${port}` };
}

const storeOf = async (base: string) =>
  ((await (await fetch(`${base}/health/hooks`)).json()) as { status: string; store: Record<string, any> });

describe.skipIf(!canKillRedis)(`Redis killed under load${killSkipNote}`, () => {
  let redis: TestRedis;
  let raw: Redis;
  const prefix = uniquePrefix('chaos');
  const keys = redisKeys(prefix);
  let app: FastifyInstance | undefined;
  const acked = new Map<number, { eventId: string; streamId: string }[]>();
  const bad: string[] = [];
  let duringOutage: Awaited<ReturnType<typeof storeOf>> | undefined;
  let finalStore: Record<string, any> = {};
  const spoolDir = mkdtempSync(join(tmpdir(), 'hookhive-chaos-spool-'));

  beforeAll(async () => {
    // appendfsync always: a write Redis acknowledged survives its SIGKILL (everysec may lose ~1 s).
    redis = await startRedis({ appendonly: true, args: ['--appendfsync', 'always'] });
    raw = new Redis(redis.url);
    raw.on('error', () => {}); // it reconnects by itself after the kill
  });
  afterAll(async () => {
    await app?.close();
    raw?.disconnect();
    await redis?.stop();
    rmSync(spoolDir, { recursive: true, force: true });
  });

  it('acknowledged events are in the stream exactly once, in per-client order; no unexpected 5xx', async () => {
    const started = await startApp(redis.url, prefix, spoolDir);
    app = started.app;
    const { base } = started;
    let stop = false;
    let restarted = false;
    let ackedAfterRestart = 0;
    const client = async (c: number) => {
      const mine: { eventId: string; streamId: string }[] = [];
      acked.set(c, mine);
      for (let i = 0; i < MAX_PER_CLIENT && !stop; i++) {
        let out: Outcome;
        try {
          out = await post(base, hookBody(c, i));
        } catch (err) {
          bad.push(`client ${c} #${i}: ${(err as Error).message}`);
          continue;
        }
        if (out.status === 200) {
          mine.push({ eventId: `chaos-${c}-${i}`, streamId: out.streamId as string });
          if (restarted) ackedAfterRestart++;
        }
        else if (!(out.status === 503 && out.code === 'HOOKS_ERR_STORE_UNAVAILABLE' && out.retryAfter)) {
          bad.push(`client ${c} #${i}: ${out.status} ${out.code}`);
        }
        await sleep(PAUSE_MS);
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    const t0 = Date.now();
    await sleep(600);
    await redis.kill();
    await sleep(1200);
    duringOutage = await storeOf(base);
    await sleep(1300);
    await redis.restart();
    restarted = true;
    await sleep(1500);
    stop = true;
    await load;
    // Drain: the spool empties once the flush has caught up.
    while ((await storeOf(base)).store.spool.depth > 0) {
      if (Date.now() - t0 > 30_000) throw new Error('spool did not drain');
      await sleep(50);
    }
    finalStore = (await storeOf(base)).store;

    expect(bad).toEqual([]);
    expect(ackedAfterRestart).toBeGreaterThan(0); // new events raced the flush
    expect(duringOutage?.status).toBe('degraded');
    expect(duringOutage?.store).toMatchObject({ redis: 'down', status: 'degraded' });
    expect(duringOutage?.store.spool.depth).toBeGreaterThan(0);
    expect(finalStore.flush.spooled_total).toBeGreaterThan(0);
    expect(finalStore).toMatchObject({ redis: 'up', status: 'up' });
    expect(finalStore.spool.disk).toMatchObject({ error: null });

    const entries = await raw.xrange(keys.lifecycle, '-', '+');
    const seen = new Map<string, number>();
    const order = new Map<string, string[]>();
    const idOf = new Map<string, string>();
    for (const [id, f] of entries) {
      const eventId = f[f.indexOf('event_id') + 1];
      const agent = f[f.indexOf('agent_id') + 1];
      seen.set(eventId, (seen.get(eventId) ?? 0) + 1);
      idOf.set(eventId, id);
      order.set(agent, [...(order.get(agent) ?? []), eventId]);
    }
    expect([...seen.values()].every((n) => n === 1)).toBe(true); // exactly once, acked or not
    let total = 0;
    let moved = 0;
    for (const [c, mine] of acked) {
      total += mine.length;
      for (const a of mine) {
        expect(seen.get(a.eventId), a.eventId).toBe(1);
        if (idOf.get(a.eventId) !== a.streamId) moved++;
      }
      const ackedIds = new Set(mine.map((a) => a.eventId));
      expect((order.get(`client-${c}`) ?? []).filter((e) => ackedIds.has(e))).toEqual(mine.map((a) => a.eventId));
    }
    expect(total).toBeGreaterThan(1000);
    // A provisional id changes only when the flush found the event already stored or the id taken.
    expect(moved).toBeLessThanOrEqual(finalStore.flush.reassigned_ids + finalStore.duplicates_absorbed);
    console.info(
      `chaos: ${total} acknowledged, ${entries.length} stored, ${finalStore.flush.spooled_total} spooled, ` +
        `${moved} answered with a provisional id that changed, ${Date.now() - t0} ms`,
    );
  });

  it('a restarted service keeps the history and does not duplicate a retried acknowledged event', async () => {
    await app?.close();
    const before = await raw.xlen(keys.lifecycle);
    const started = await startApp(redis.url, prefix, spoolDir);
    app = started.app;
    const { base } = started;
    const last = (await (await fetch(`${base}/hooks/events?last=3`)).json()) as { events: { id: string }[] };
    const tail = await raw.xrevrange(keys.lifecycle, '+', '-', 'COUNT', 3);
    expect(last.events.map((e) => e.id)).toEqual(tail.map(([id]) => id).reverse());
    const first = (await (await fetch(`${base}/hooks/events?limit=2`)).json()) as { events: { event_id: string }[]; next: string };
    expect(first.events).toHaveLength(2);
    expect(first.next).toBeTypeOf('string');
    for (const c of [0, 7, 19]) {
      const mine = acked.get(c) ?? [];
      const pick = mine[Math.floor(mine.length / 2)];
      if (!pick) continue;
      const [, i] = /chaos-\d+-(\d+)$/.exec(pick.eventId) as RegExpExecArray;
      const again = await post(base, hookBody(c, Number(i)));
      expect(again.status).toBe(200);
      expect(again.duplicate).toBe(true);
      const stored = (await raw.xrange(keys.lifecycle, '-', '+')).find(([, f]) => f.includes(pick.eventId));
      expect(again.streamId).toBe(stored?.[0]);
    }
    expect(await raw.xlen(keys.lifecycle)).toBe(before);
  });
});
