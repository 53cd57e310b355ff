// The approvals' shared state (memory and real Redis) and the stream's approvals flag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryApprovalStore } from '../../src/store/memory-approvals.js';
import { RedisEventStore } from '../../src/store/redis-store.js';
import type { ApprovalStore } from '../../src/store/types.js';
import { parseClientMessage, parseQuerySubscription } from '../../src/stream/filters.js';
import { startRedis, uniquePrefix, type TestRedis } from '../helpers/redis.js';

let redis: TestRedis;
let redisStore: RedisEventStore;
beforeAll(async () => {
  redis = await startRedis({ appendonly: false });
  redisStore = new RedisEventStore({
    url: redis.url, prefix: uniquePrefix('apr-state'), ttlSeconds: 3600, maxLen: 0, spoolMaxEvents: 100, batchSize: 10,
    flushIntervalMs: 1000, log: { info() {}, warn() {}, error() {} },
  });
  await redisStore.init();
});
afterAll(async () => {
  await redisStore?.close();
  await redis?.stop();
});

const record = (id: string, createdMs: number, ttlMs = 30_000) => ({
  approval_id: id, created_at: new Date(createdMs).toISOString(), expires_at: new Date(createdMs + ttlMs).toISOString(), summary: id,
});

describe.each([
  ['memory', (): ApprovalStore => new MemoryApprovalStore()],
  ['redis', (): ApprovalStore => redisStore.approvals],
])('approval state on the %s store', (_name, make) => {
  it('lists pending oldest first, drops entries long past their expiry, and keeps the first claim', async () => {
    const s = make();
    const now = Date.now();
    await s.open(record(`b-${_name}`, now - 10));
    await s.open(record(`a-${_name}`, now - 20));
    await s.open(record(`stale-${_name}`, now - 120_000, 1000));
    expect((await s.pending()).map((r) => r.approval_id)).toEqual([`a-${_name}`, `b-${_name}`]);
    expect(await s.get(`stale-${_name}`)).toBeNull();
    const first = await s.claim(`a-${_name}`, { status: 'allowed' }, 60_000);
    const second = await s.claim(`a-${_name}`, { status: 'expired' }, 60_000);
    expect(first).toEqual({ won: true, answer: { status: 'allowed' } });
    expect(second).toEqual({ won: false, answer: { status: 'allowed' } });
    expect(await s.answer(`a-${_name}`)).toEqual({ status: 'allowed' });
    await s.remove(`a-${_name}`);
    await s.remove(`b-${_name}`);
    expect(await s.pending()).toEqual([]);
    expect(await s.answer(`b-${_name}`)).toBeNull();
  });
});

describe('the stream approvals flag', () => {
  it('comes from the query or the subscribe message, and is checked', () => {
    expect(parseQuerySubscription({ approvals: 'true' })).toEqual({ ok: true, value: { filter: {}, approvals: true } });
    expect(parseQuerySubscription({ approvals: 'false', aggregates: 'true' })).toEqual({ ok: true, value: { filter: {}, aggregates: true } });
    expect(parseQuerySubscription({ approvals: 'yes' }).ok).toBe(false);
    expect(parseClientMessage(JSON.stringify({ type: 'subscribe', filters: { approvals: true, hook_types: ['ApprovalResolved'] } }))).toEqual({
      ok: true, value: { filter: { hook_types: ['ApprovalResolved'] }, approvals: true },
    });
    expect(parseClientMessage(JSON.stringify({ type: 'subscribe', filters: { approvals: 1 } })).ok).toBe(false);
  });
});
