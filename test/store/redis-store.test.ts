// The Redis store against a real redis-server: layout, flat fields, retention, idempotency across instances.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import type { StoredEvent } from '../../src/store/types.js';
import { APPEND_SCRIPT, appendScriptArgs, type ScriptReplyItem } from '../../src/store/redis-scripts.js';
import { decodeEvent, encodeEvent } from '../../src/store/redis-codec.js';
import { redisKeys } from '../../src/store/redis-keys.js';
import { compareStreamIds } from '../../src/store/stream-id.js';
import { IdempotencyConflictError } from '../../src/store/errors.js';
import { isRecovered } from '../../src/store/position.js';
import { deleteTestKeys, startRedis, uniquePrefix, type TestRedis } from '../helpers/redis.js';
import { storeOpener } from './redis-fixtures.js';
import { newEvent } from './contract.js';
import { add, fingerprintOfEvent } from '../helpers/events.js';

let server: TestRedis;
let raw: Redis;
const { open, closeAll } = storeOpener(() => server.url);
beforeAll(async () => {
  server = await startRedis({ appendonly: false });
  raw = new Redis(server.url);
});
afterEach(async () => {
  await closeAll();
});
afterAll(async () => {
  raw?.disconnect();
  if (server) await deleteTestKeys(server.url);
  await server?.stop();
});


describe('codec', () => {
  it('encodes to flat string fields (no nested values) and decodes to the same event', () => {
    const e = { ...newEvent({ session_id: null, payload: { a: { b: [1, 'x'] } }, reason: 'r' }), id: '5-1' };
    const fields = encodeEvent(e);
    expect(fields.every((f) => typeof f === 'string')).toBe(true);
    expect(fields.length % 2).toBe(0);
    expect(fields).not.toContain('session_id');
    expect(decodeEvent('5-1', fields)).toEqual(e);
  });
});

describe('RedisEventStore layout', () => {
  it('writes every event to the lifecycle stream and ask/deny/Error to the security stream, same ids', async () => {
    const s = await open();
    const allow = await add(s, newEvent());
    const ask = await add(s, newEvent({ decision: 'ask', risk: 'HIGH' }));
    const deny = await add(s, newEvent({ decision: 'deny', risk: 'CRITICAL' }));
    const error = await add(s, newEvent({ hook_type: 'Error', priority: 1 }));
    const lifecycle = await raw.xrange(s.keys.lifecycle, '-', '+');
    const security = await raw.xrange(s.keys.security, '-', '+');
    expect(lifecycle.map(([id]) => id)).toEqual([allow, ask, deny, error].map((r) => r.event.id));
    expect(security.map(([id]) => id)).toEqual([ask, deny, error].map((r) => r.event.id));
    // Flat: payload is one JSON string field, exactly as encoded once.
    const [, fields] = lifecycle[0];
    expect(fields).toEqual(encodeEvent(allow.event));
    expect(JSON.parse(fields[fields.indexOf('payload') + 1])).toEqual(allow.event.payload);
  });

  it('puts every key in one hash-tag slot under the prefix, with an idempotency key per event', async () => {
    const prefix = uniquePrefix('layout');
    const s = await open({ prefix, ttlSeconds: 600 });
    const input = newEvent({ event_id: 'idem-1' });
    const { event } = await add(s, input);
    const keys = redisKeys(prefix);
    for (const k of [keys.lifecycle, keys.security, keys.performance, keys.epoch, keys.eventKey('idem-1')]) {
      expect(k.startsWith(prefix)).toBe(true);
      expect(k.match(/\{[^}]+\}/)?.[0]).toBe('{hh}');
    }
    // The key binds the event_id to the stream id and the content's fingerprint.
    expect(await raw.get(keys.eventKey('idem-1'))).toBe(`${event.id} ${fingerprintOfEvent(input)}`);
    const ttl = await raw.ttl(keys.eventKey('idem-1'));
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('records SLA violations in the performance stream', async () => {
    const s = await open();
    const { event } = await add(s, newEvent());
    s.violations.record(event, 73.5);
    await vi.waitFor(async () => expect(await raw.xlen(s.keys.performance)).toBe(1));
    const [[, fields]] = (await raw.xrange(s.keys.performance, '-', '+')) as [string, string[]][];
    const m = new Map<string, string>();
    for (let i = 0; i < fields.length; i += 2) m.set(fields[i], fields[i + 1]);
    expect(m.get('lifecycle_id')).toBe(event.id);
    expect(m.get('duration_ms')).toBe('73.5');
    expect(m.get('event_id')).toBe(event.event_id);
  });
});

describe('retention', () => {
  it('trims entries older than the TTL by stream id (XADD MINID ~)', async () => {
    const s = await open({ ttlSeconds: 60 });
    // 150 entries from 1970: the first whole radix node (100 entries) is old enough to drop.
    for (let i = 0; i < 150; i++) await raw.xadd(s.keys.lifecycle, `1000-${i}`, 'event_id', `old-${i}`);
    await add(s, newEvent());
    const len = await raw.xlen(s.keys.lifecycle);
    expect(len).toBeLessThan(151);
    const first = (await raw.xrange(s.keys.lifecycle, '-', '+', 'COUNT', 1))[0][0];
    expect(first).not.toBe('1000-0');
    // Something was trimmed: the answer is just below the first retained id (Redis 7.0 keeps no more).
    const trimmed = (await s.position()).trimmedThrough as string;
    expect(compareStreamIds(trimmed, first)).toBeLessThan(0);
    expect(compareStreamIds(trimmed, '1000-0')).toBeGreaterThanOrEqual(0);
  });

  it('caps each stream near HOOK_STREAM_MAXLEN when set', async () => {
    const s = await open({ maxLen: 10 });
    await Promise.all(Array.from({ length: 400 }, () => add(s, newEvent({ decision: 'deny', risk: 'CRITICAL' }))));
    expect(await raw.xlen(s.keys.lifecycle)).toBeLessThan(250);
    expect(await raw.xlen(s.keys.security)).toBeLessThan(250);
  });
});

describe('idempotency and fan-in across instances', () => {
  it('the same event_id with other content is a conflict on another instance too; the stored event stays', async () => {
    const prefix = uniquePrefix('conflict');
    const a = await open({ prefix });
    const b = await open({ prefix });
    const input = newEvent({ payload: { command: 'ls' } });
    await add(a, input);
    await expect(add(b, { ...input, payload: { command: 'rm -rf /' } })).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(await raw.xlen(a.keys.lifecycle)).toBe(1);
    // A key written before fingerprints existed holds a bare id: it matches any content (a retry).
    const legacy = newEvent();
    const stored = await add(a, legacy);
    await raw.set(a.keys.eventKey(legacy.event_id), stored.event.id);
    expect((await add(b, { ...legacy, payload: { other: true } })).duplicate).toBe(true);
  });

  it('a flushed Redis gets a new epoch, so a client resuming from the old history is told it was lost', async () => {
    const s = await open();
    await add(s, newEvent());
    const before = await s.position();
    expect(isRecovered(before.top as string, before)).toBe(true);
    for (const k of [s.keys.lifecycle, s.keys.security, s.keys.epoch]) await raw.del(k);
    const after = await s.position();
    expect(after.epoch).not.toBe(before.epoch);
    expect(isRecovered(before.top as string, after)).toBe(false);
    expect(isRecovered(before.top as string, after, before.epoch)).toBe(false);
  });

  it('an event_id stored by one instance is a duplicate on another, answered with the original', async () => {
    const prefix = uniquePrefix('shared');
    const a = await open({ prefix });
    const b = await open({ prefix });
    const input = newEvent({ decision: 'ask', risk: 'HIGH', reason: 'sudo' });
    const first = await add(a, input);
    const again = await add(b, { ...input, decision: 'allow', risk: 'SAFE', reason: null });
    expect(again).toEqual({ event: first.event, duplicate: true });
    expect(await raw.xlen(a.keys.lifecycle)).toBe(1);
  });

  it("every instance's tail sees every instance's events, in stream order", async () => {
    const prefix = uniquePrefix('fanout');
    const a = await open({ prefix });
    const b = await open({ prefix });
    const seenByA: StoredEvent[] = [];
    a.subscribe((events) => seenByA.push(...events));
    const written: string[] = [];
    for (let i = 0; i < 10; i++) written.push((await add(i % 2 ? a : b, newEvent())).event.id);
    await vi.waitFor(() => expect(seenByA.map((e) => e.id)).toEqual(written), { timeout: 5000 });
  });

  it("an instance's own events reach its listeners as the objects it stored, never decoded back; others' in order among them", async () => {
    const prefix = uniquePrefix('own');
    const a = await open({ prefix });
    const b = await open({ prefix });
    const seenByA: StoredEvent[] = [];
    a.subscribe((events) => seenByA.push(...events));
    // Many appends in flight at once, from both: A's tail often reads its own entries before their script replies.
    const mine: StoredEvent[] = [];
    const theirs: StoredEvent[] = [];
    for (let round = 0; round < 20; round++) {
      const own = Array.from({ length: 25 }, () => add(a, newEvent()).then((r) => mine.push(r.event)));
      const other = Array.from({ length: 5 }, () => add(b, newEvent({ payload: { command: 'echo "héllo ✓ 日本 🐝"' } })).then((r) => theirs.push(r.event)));
      await Promise.all([...own, ...other]);
    }
    await vi.waitFor(() => expect(seenByA).toHaveLength(mine.length + theirs.length), { timeout: 5000 });
    const ids = seenByA.map((e) => e.id);
    expect(ids).toEqual([...ids].sort(compareStreamIds));
    expect(new Set(ids).size).toBe(ids.length);
    const delivered = new Map(seenByA.map((e) => [e.id, e]));
    const decoded = mine.filter((e) => delivered.get(e.id) !== e);
    expect(decoded.map((e) => e.id)).toEqual([]);
    // Others' events are decoded from what Redis sent, text included.
    for (const e of theirs) expect(delivered.get(e.id)).toEqual(e);
  });

  it('a new store instance (a restart) keeps history and still refuses a retried event_id', async () => {
    const prefix = uniquePrefix('restart');
    const first = await open({ prefix });
    const stored = await add(first, newEvent());
    await first.close();
    const second = await open({ prefix });
    expect((await second.read({ limit: 10 })).events).toEqual([stored.event]);
    const retry = await add(second, stored.event);
    expect(retry.duplicate).toBe(true);
    expect(retry.event).toEqual(stored.event);
    await expect(add(second, { ...stored.event, payload: { changed: true } })).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it('exposes its metrics on the registry it is given', async () => {
    const registry = new Registry();
    const s = await open({ registry });
    const e = newEvent();
    await add(s, e);
    await add(s, e);
    const text = await registry.metrics();
    expect(text).toMatch(/hooks_redis_up 1/);
    expect(text).toMatch(/hooks_redis_xadd_seconds_count\{path="direct"\} 2/);
    expect(text).toMatch(/hooks_spool_events 0/);
    for (const name of ['hooks_spooled_total', 'hooks_spool_flushed_total', 'hooks_redis_reconnects_total']) {
      expect(text).toContain(name);
    }
  });
});

describe('append script', () => {
  /** A connection of its own with the script defined on it, called as the store calls it. */
  const scriptClient = () => {
    const client = new Redis(server.url);
    client.defineCommand('hhAppend', { lua: APPEND_SCRIPT });
    const call = (client as unknown as { hhAppend(...a: (string | number)[]): Promise<ScriptReplyItem[]> }).hhAppend.bind(client);
    return { client, call };
  };

  it('keeps an explicit (provisional) id when it is above the top, falls back to * when not', async () => {
    const { client, call } = scriptClient();
    const keys = redisKeys(uniquePrefix('script'));
    const ev = (id: string, eventId: string) => ({
      id, security: true, fingerprint: 'fp', fields: encodeEvent(newEvent({ event_id: eventId })), idempotencyKey: keys.eventKey(eventId),
    });
    const args = (events: ReturnType<typeof ev>[]) => appendScriptArgs(keys.lifecycle, keys.security, 60, '0-0', 0, events);
    const future = `${Date.now() + 60_000}-5`;
    expect(await call(...args([ev(future, 'x1')]))).toEqual([[0, future]]);
    // Below the top now (another writer got there first): stored under a fresh, larger id.
    const [[dup, id]] = (await call(...args([ev('1-1', 'x2'), ev('1-1', 'x1')]))).map((r): [number, string] => [r[0], r[1]]);
    expect(dup).toBe(0);
    expect(compareStreamIds(id, future)).toBeGreaterThan(0);
    const again = await call(...args([ev('*', 'x1')]));
    expect(again[0]?.[0]).toBe(1);
    expect(again[0]?.[1]).toBe(future);
    expect(await client.xlen(keys.lifecycle)).toBe(2);
    expect((await client.xrange(keys.security, '-', '+')).map(([i]) => i)).toEqual([future, id]);
    client.disconnect();
  });

  it('takes a call as large as a spool flush may be (HOOK_BATCH_SIZE up to 10000), repeats and stored ones included', async () => {
    const { client, call } = scriptClient();
    const keys = redisKeys(uniquePrefix('script-max'));
    const ev = (eventId: string) => ({
      id: '*', security: false, fingerprint: 'fp', fields: ['event_id', eventId], idempotencyKey: keys.eventKey(eventId),
    });
    const [[, storedId]] = await call(...appendScriptArgs(keys.lifecycle, keys.security, 60, '0-0', 0, [ev('e-9999')]));
    // 10000 events: e-0 .. e-9998 new, e-9999 stored before, and e-5 again at the end (after the 1000-key slices).
    const events = [...Array.from({ length: 9999 }, (_, i) => ev(`e-${i}`)), ev('e-9999'), ev('e-5')];
    const replies = await call(...appendScriptArgs(keys.lifecycle, keys.security, 60, '0-0', 0, events));
    expect(replies).toHaveLength(10_001);
    expect(replies.filter(([status]) => status === 0)).toHaveLength(9999);
    expect(replies[9999].slice(0, 2)).toEqual([1, storedId]);
    expect(replies[10_000].slice(0, 2)).toEqual([1, replies[5][1]]);
    expect(await client.xlen(keys.lifecycle)).toBe(10_000);
    client.disconnect();
  });
});
