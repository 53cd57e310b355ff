// The outage spool through the whole service: a full spool is a 503 with Retry-After; a disk spool survives a crash.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { redisKeys } from '../../src/store/redis-keys.js';
import { RedisEventStore } from '../../src/store/redis-store.js';
import { canKillRedis, killSkipNote, noteKillSkip, startRedis, uniquePrefix, type TestRedis } from '../helpers/redis.js';
import { hookBody } from '../helpers/app.js';

noteKillSkip('test/integration/spool.test.ts');

const quiet = { info() {}, warn() {}, error() {} };

describe.skipIf(!canKillRedis)(`outage spool${killSkipNote}`, () => {
  let redis: TestRedis;
  let raw: Redis;
  const dirs: string[] = [];
  beforeAll(async () => {
    redis = await startRedis({ appendonly: true, args: ['--appendfsync', 'always'] });
    raw = new Redis(redis.url, { maxRetriesPerRequest: null });
    raw.on('error', () => {});
  });
  afterAll(async () => {
    raw?.disconnect();
    await redis?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a full spool makes ingest 503 with Retry-After and readiness 503; Redis coming back heals both', async () => {
    const prefix = uniquePrefix('full');
    const app: FastifyInstance = await buildApp(
      testConfig({ REDIS_URL: redis.url, HOOK_STREAM_PREFIX: prefix, HOOK_SPOOL_MAX_EVENTS: 5, HOOK_FLUSH_INTERVAL_MS: 200 }),
    );
    try {
      await app.ready();
      await redis.kill();
      for (let i = 0; i < 5; i++) {
        const res = await app.inject({ method: 'POST', url: '/hooks', payload: hookBody({ event_id: `full-${i}` }) });
        expect(res.statusCode).toBe(200);
      }
      const refused = await app.inject({ method: 'POST', url: '/hooks', payload: hookBody({ event_id: 'full-5' }) });
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({ statusCode: 503, code: 'HOOKS_ERR_STORE_UNAVAILABLE' });
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      const batch = await app.inject({ method: 'POST', url: '/hooks/batch', payload: { events: [hookBody()] } });
      expect(batch.statusCode).toBe(503);
      expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(503);
      const health = (await app.inject({ url: '/health/hooks' })).json();
      expect(health.status).toBe('unhealthy');
      expect(health.store).toMatchObject({ status: 'down', redis: 'down', spool: { depth: 5, capacity: 5, full: true } });
      // While nothing can accept, the pipeline refuses before asking the store, retries of spooled ids too.
      const early = await app.inject({ method: 'POST', url: '/hooks', payload: hookBody({ event_id: 'full-2' }) });
      expect(early.statusCode).toBe(503);

      await redis.restart();
      await vi.waitFor(async () => expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200), {
        timeout: 8000,
      });
      const after = await app.inject({ method: 'POST', url: '/hooks', payload: hookBody({ event_id: 'full-6' }) });
      expect(after.statusCode).toBe(200);
      // The same retry later is answered with the original, not stored again.
      const retry = await app.inject({ method: 'POST', url: '/hooks', payload: hookBody({ event_id: 'full-2' }) });
      expect(retry.statusCode).toBe(200);
      expect(retry.json()).toMatchObject({ event_id: 'full-2' });
      expect(retry.headers['hookhive-duplicate']).toBe('true');
      const stored = await raw.xrange(redisKeys(prefix).lifecycle, '-', '+');
      expect(stored.map(([, f]) => f[f.indexOf('event_id') + 1])).toEqual(['full-0', 'full-1', 'full-2', 'full-3', 'full-4', 'full-6']);
    } finally {
      await app.close();
    }
  });

  it('a disk spool survives a crash during an outage; the next start flushes it exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookhive-crash-'));
    dirs.push(dir);
    const prefix = uniquePrefix('crash');
    await redis.kill();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/fixtures/spool-crash-writer.ts'], {
      env: { ...process.env, REDIS_URL: redis.url, PREFIX: prefix, SPOOL_DIR: dir, COUNT: '200' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const exited = new Promise((r) => child.once('exit', r));
    await vi.waitFor(() => {
      if (child.exitCode !== null) throw new Error(`writer exited early: ${err}`);
      expect(out).toContain('DONE');
    }, { timeout: 20_000, interval: 50 });
    child.kill('SIGKILL'); // no close(), no flush: a crash
    await exited;
    const acks = out.split('\n').filter((l) => l.startsWith('ACK ')).map((l) => l.split(' '));
    expect(acks).toHaveLength(200);
    expect(acks.every((a) => a[3] === 'spooled')).toBe(true);

    await redis.restart();
    const store = new RedisEventStore({
      url: redis.url, prefix, ttlSeconds: 3600, maxLen: 0, spoolMaxEvents: 10_000, spoolDir: dir, batchSize: 50,
      flushIntervalMs: 200, log: quiet,
    });
    try {
      await store.init();
      await vi.waitFor(async () => expect((await store.stats()).spool).toMatchObject({ depth: 0 }), { timeout: 8000 });
      const stored = await raw.xrange(redisKeys(prefix).lifecycle, '-', '+');
      expect(stored.map(([, f]) => f[f.indexOf('event_id') + 1])).toEqual(acks.map((a) => a[1]));
      // The provisional ids answered before the crash became the final ids.
      expect(stored.map(([id]) => id)).toEqual(acks.map((a) => a[2]));
    } finally {
      await store.close();
    }
    // A second start finds nothing left to flush: exactly once.
    const again = new RedisEventStore({
      url: redis.url, prefix, ttlSeconds: 3600, maxLen: 0, spoolMaxEvents: 10_000, spoolDir: dir, batchSize: 50,
      flushIntervalMs: 200, log: quiet,
    });
    await again.init();
    expect((await again.stats()).spool).toMatchObject({ depth: 0 });
    await again.close();
    expect(await raw.xlen(redisKeys(prefix).lifecycle)).toBe(200);
  });
});
