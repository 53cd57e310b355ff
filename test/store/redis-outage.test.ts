// Redis going away under the store: spool, provisional ids, ordered exactly-once flush, full spool, tail resume.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../../src/store/types.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { compareStreamIds } from '../../src/store/stream-id.js';
import { canKillRedis, killSkipNote, noteKillSkip, startRedis, type TestRedis } from '../helpers/redis.js';
import { storeOpener, recordingLog } from './redis-fixtures.js';
import { newEvent } from './contract.js';
import { add } from '../helpers/events.js';

noteKillSkip('test/store/redis-outage.test.ts');

let server: TestRedis;
let raw: Redis;
const { open, closeAll } = storeOpener(() => server.url);
const dirs: string[] = [];
beforeAll(async () => {
  server = await startRedis({ appendonly: true, args: ['--appendfsync', 'always', '--enable-debug-command', 'yes'] });
  raw = new Redis(server.url, { maxRetriesPerRequest: null });
  raw.on('error', () => {});
});
afterEach(async () => {
  if (server.owned) await raw.ping().catch(() => server.restart());
  await closeAll();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
afterAll(async () => {
  raw?.disconnect();
  await server?.stop();
});


const streamIds = async (key: string) => (await raw.xrange(key, '-', '+')).map(([id, f]) => ({ id, eventId: f[f.indexOf('event_id') + 1] }));

describe.skipIf(!canKillRedis)(`RedisEventStore outage handling${killSkipNote}`, () => {
  it('spools while Redis is down, answers provisional increasing ids, and flushes them in order as final ids', async () => {
    const log = recordingLog();
    const registry = new Registry();
    const s = await open({ log, registry });
    const got: StoredEvent[] = [];
    s.subscribe((events) => got.push(...events));
    const before = await add(s, newEvent());
    await server.kill();
    const spooled = await Promise.all(Array.from({ length: 20 }, () => add(s, newEvent())));
    expect(spooled.every((r) => r.spooled === true && !r.duplicate)).toBe(true);
    const all = [before, ...spooled].map((r) => r.event.id);
    for (let i = 1; i < all.length; i++) expect(compareStreamIds(all[i], all[i - 1])).toBeGreaterThan(0);
    // A retry while it waits in the spool is answered with the spooled original.
    const retry = await add(s, spooled[4].event);
    expect(retry).toEqual({ event: spooled[4].event, duplicate: true, spooled: true });
    expect(s.canAccept()).toBe(true);
    const down = await s.stats();
    expect(down).toMatchObject({ status: 'degraded', redis: 'down', spool: { depth: 20, capacity: 1000 } });
    await expect(s.read({ limit: 10 })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(log.lines.some((l) => l.level === 'warn' && /spooling/.test(l.msg))).toBe(true);

    await server.restart();
    await vi.waitFor(async () => expect((await s.stats()).spool).toMatchObject({ depth: 0 }), { timeout: 8000 });
    const stream = await streamIds(s.keys.lifecycle);
    expect(stream.map((e) => e.id)).toEqual(all);
    expect(stream.map((e) => e.eventId)).toEqual([before, ...spooled].map((r) => r.event.event_id));
    // The tail resumed after the outage: everything after `before`, once, in order.
    await vi.waitFor(() => expect(got.map((e) => e.id)).toEqual(all), { timeout: 5000 });
    const up = await s.stats();
    expect(up).toMatchObject({ status: 'up', redis: 'up', flush: { flushed_total: 20, spooled_total: 20 } });
    const text = await registry.metrics();
    expect(text).toMatch(/hooks_spooled_total 20/);
    expect(text).toMatch(/hooks_spool_flushed_total 20/);
    expect(text).toMatch(/hooks_redis_reconnects_total [1-9]/);
    expect(text).toMatch(/hooks_redis_up 1/);
  });

  it('new events queue behind the spool while it flushes; nothing overtakes it', async () => {
    const s = await open({ batchSize: 5, spoolMaxEvents: 5000 });
    await server.kill();
    const spooled = await Promise.all(Array.from({ length: 1500 }, () => add(s, newEvent())));
    await server.restart();
    const depth = async () => ((await s.stats()).spool as { depth: number }).depth;
    await vi.waitFor(async () => expect(await depth()).toBeLessThan(1500), { timeout: 8000, interval: 2 });
    // Keep writing while the flush runs, sequentially like a client would.
    const later: string[] = [];
    let duringFlush = 0;
    for (let i = 0; i < 40; i++) {
      if ((await depth()) > 0) duringFlush++;
      later.push((await add(s, newEvent())).event.event_id);
    }
    expect(duringFlush).toBeGreaterThan(0);
    await vi.waitFor(async () => expect(await depth()).toBe(0), { timeout: 8000 });
    const stream = await streamIds(s.keys.lifecycle);
    expect(stream.map((e) => e.eventId)).toEqual([...spooled.map((r) => r.event.event_id), ...later]);
  });

  it('a flush batch as large as HOOK_BATCH_SIZE allows (10000) still drains, in order, once', async () => {
    const s = await open({ batchSize: 10_000, spoolMaxEvents: 20_000 });
    await server.kill();
    // Full-sized events (about 30 fields each): one script call for all of them would be ~100k arguments.
    const spooled = await Promise.all(Array.from({ length: 3000 }, () => add(s, newEvent({ reason: 'r', rule: 'x', correlation_id: 'c' }))));
    await server.restart();
    await vi.waitFor(async () => expect((await s.stats()).spool).toMatchObject({ depth: 0 }), { timeout: 15_000 });
    const stream = await streamIds(s.keys.lifecycle);
    expect(stream.map((e) => e.eventId)).toEqual(spooled.map((r) => r.event.event_id));
  });

  it('a write that reached Redis before the connection died is not stored twice by the flush', async () => {
    const s = await open();
    const e = newEvent();
    const stored = await add(s, e);
    await server.kill();
    // The client retries after a lost answer: it goes to the spool as a new event...
    const retried = await add(s, e);
    expect(retried.spooled).toBe(true);
    await server.restart();
    await vi.waitFor(async () => expect((await s.stats()).spool).toMatchObject({ depth: 0 }), { timeout: 8000 });
    // ...and the idempotency key absorbs it at flush.
    expect((await streamIds(s.keys.lifecycle)).map((x) => x.id)).toEqual([stored.event.id]);
    expect((await s.stats()).duplicates_absorbed).toBe(1);
  });

  it('a slow Redis (no answer within the command timeout) spools; the late writes are absorbed, not duplicated', async () => {
    const s = await open({ commandTimeoutMs: 200 });
    const before = await add(s, newEvent());
    const blocker = new Redis(server.url);
    const asleep = blocker.call('DEBUG', 'SLEEP', '1'); // the server answers nobody for a second
    await new Promise((r) => setTimeout(r, 50));
    const during = await Promise.all(Array.from({ length: 10 }, () => add(s, newEvent())));
    expect(during.every((r) => r.spooled === true)).toBe(true);
    await asleep;
    blocker.disconnect();
    await vi.waitFor(async () => expect((await s.stats()).spool).toMatchObject({ depth: 0 }), { timeout: 8000 });
    // The timed-out writes still ran when Redis woke up; the flush found them already stored.
    const stream = await streamIds(s.keys.lifecycle);
    expect(stream.map((e) => e.eventId)).toEqual([before, ...during].map((r) => r.event.event_id));
    expect((await s.stats()).duplicates_absorbed).toBe(10);
    expect((await s.stats()).status).toBe('up');
  });

  it('a full spool refuses with 503 + Retry-After and canAccept() false, until Redis returns', async () => {
    const s = await open({ spoolMaxEvents: 5 });
    await server.kill();
    for (let i = 0; i < 5; i++) await add(s, newEvent());
    expect(s.canAccept()).toBe(false);
    const err = await add(s, newEvent()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as StoreUnavailableError).retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect((await s.stats()).status).toBe('down');
    await server.restart();
    await vi.waitFor(() => expect(s.canAccept()).toBe(true), { timeout: 8000 });
    expect((await add(s, newEvent())).spooled).toBeUndefined();
    expect(await raw.xlen(s.keys.lifecycle)).toBe(6);
  });

  it('close() flushes the spool when Redis is back in time', async () => {
    const s = await open({ reconnectMaxMs: 100 });
    await server.kill();
    await Promise.all(Array.from({ length: 10 }, () => add(s, newEvent())));
    const restarted = server.restart();
    await s.close();
    await restarted;
    expect(await raw.xlen(s.keys.lifecycle)).toBe(10);
  });

  it('close() with Redis down keeps a disk spool for the next start, which flushes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookhive-spool-'));
    dirs.push(dir);
    const log = recordingLog();
    const s = await open({ spoolDir: dir, closeTimeoutMs: 300, log });
    await server.kill();
    const spooled = await Promise.all(Array.from({ length: 25 }, () => add(s, newEvent())));
    await s.close();
    expect(log.lines.some((l) => l.level === 'error' && /kept in/.test(l.msg))).toBe(true);
    expect(readFileSync(join(dir, 'hookhive-spool.jsonl'), 'utf8').trim().split('\n')).toHaveLength(25);
    await server.restart();
    const next = await open({ spoolDir: dir, prefix: s.keys.lifecycle.split('{hh}')[0] });
    await vi.waitFor(async () => expect((await next.stats()).spool).toMatchObject({ depth: 0 }), { timeout: 8000 });
    const stream = await streamIds(s.keys.lifecycle);
    expect(stream.map((e) => e.id)).toEqual(spooled.map((r) => r.event.id));
    await vi.waitFor(() => expect(readFileSync(join(dir, 'hookhive-spool.jsonl'), 'utf8')).toBe(''));
  });

  it('starts while Redis is down (spooling), and catches up once it is up', async () => {
    await server.kill();
    const s = await open();
    expect(s.canAccept()).toBe(true);
    const r = await add(s, newEvent());
    expect(r.spooled).toBe(true);
    await server.restart();
    await vi.waitFor(async () => expect((await s.stats()).status).toBe('up'), { timeout: 8000 });
    expect((await s.read({ limit: 5 })).events.map((e) => e.event_id)).toEqual([r.event.event_id]);
  });
});
