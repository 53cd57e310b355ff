// The outage spool (memory FIFO + JSONL mirror) and the circuit breaker that paces its flushes.
import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spool } from '../../src/store/spool.js';
import { CircuitBreaker, backoffMs } from '../../src/store/circuit-breaker.js';
import { encodeEvent } from '../../src/store/redis-codec.js';
import { newEvent } from './contract.js';
import { recordingLog, silentLog } from './redis-fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'hookhive-spool-unit-'));
  dirs.push(d);
  return d;
};
const entry = (id: string) => {
  const e = newEvent();
  return { event: { ...e, id }, fields: encodeEvent(e), fingerprint: `fp-${e.event_id}` };
};

describe('Spool', () => {
  it('is a bounded FIFO that finds entries by event_id', async () => {
    const s = new Spool({ capacity: 3, log: silentLog });
    expect(await s.open()).toBe(0);
    const [a, b, c] = [entry('1-0'), entry('1-1'), entry('1-2')];
    await Promise.all([s.push(a), s.push(b), s.push(c)]);
    expect(s.full).toBe(true);
    expect(s.get(b.event.event_id)).toEqual(b);
    expect(s.peek(2)).toEqual([a, b]);
    s.shift(2);
    expect(s.size).toBe(1);
    expect(s.get(a.event.event_id)).toBeUndefined();
    expect(s.peek(5)).toEqual([c]);
    expect(s.full).toBe(false);
  });

  it('mirrors to disk; a new spool on the same dir loads it in order, skipping a torn last line', async () => {
    const dir = tempDir();
    const s = new Spool({ capacity: 100, dir, log: silentLog });
    await s.open();
    const items = [entry('5-0'), entry('5-1'), entry('6-0')];
    await Promise.all(items.map((i) => s.push(i)));
    // No close(): what is on disk after push() resolved is what a crash leaves.
    appendFileSync(join(dir, 'hookhive-spool.jsonl'), '{"id":"7-0","f":["event_id"'); // torn by the crash
    const log = recordingLog();
    const again = new Spool({ capacity: 100, dir, log });
    expect(await again.open()).toBe(3);
    expect(again.peek(10)).toEqual(items);
    expect(log.lines.some((l) => /unreadable/.test(l.msg))).toBe(true);
    await Promise.all([s.close(), again.close()]);
  });

  it('empties its file once everything is flushed, and keeps what is still waiting', async () => {
    const dir = tempDir();
    const file = join(dir, 'hookhive-spool.jsonl');
    const s = new Spool({ capacity: 100, dir, log: silentLog });
    await s.open();
    const items = [entry('8-0'), entry('8-1'), entry('8-2')];
    await Promise.all(items.map((i) => s.push(i)));
    s.shift(3);
    const late = entry('9-0');
    await s.push(late); // queued behind the rewrite: must survive it
    await s.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(new Set(lines.map((l) => JSON.parse(l).id))).toEqual(new Set(['9-0']));
    const reopened = new Spool({ capacity: 100, dir, log: silentLog });
    expect(await reopened.open()).toBe(1);
    await reopened.close();
  });
});

describe('CircuitBreaker', () => {
  it('opens on failure, lets one probe through after the back-off, and closes on success', () => {
    let now = 1000;
    const b = new CircuitBreaker({ baseMs: 100, maxMs: 1000, now: () => now, random: () => 1 });
    expect(b.tryAcquire()).toBe(true);
    b.failure();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    expect(b.waitMs).toBe(100);
    now += 100;
    expect(b.tryAcquire()).toBe(true);
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBe(false); // one probe at a time
    b.failure();
    expect(b.waitMs).toBe(200); // doubled
    now += 200;
    expect(b.tryAcquire()).toBe(true);
    b.success();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
  });

  it('expedite() allows a probe at once (a reconnect is the best sign Redis is back)', () => {
    const b = new CircuitBreaker({ baseMs: 10_000, maxMs: 10_000 });
    b.failure();
    expect(b.tryAcquire()).toBe(false);
    b.expedite();
    expect(b.tryAcquire()).toBe(true);
  });

  it('backs off exponentially with jitter in the upper half, capped', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(2000, 50 * 2 ** attempt);
      for (const r of [0, 0.5, 0.999]) {
        const ms = backoffMs(attempt, 50, 2000, () => r);
        expect(ms).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(ms).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});
