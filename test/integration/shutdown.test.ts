// SIGTERM exits 0 promptly even while Redis is unreachable (CONTRACT §7): nothing may wait on a dead connection.
import { describe, expect, it } from 'vitest';
import { freePort, spawnService } from '../helpers/service.js';
import { canKillRedis, killSkipNote, startRedis } from '../helpers/redis.js';

async function timedExit(kill: () => Promise<number | null>): Promise<{ code: number | null; ms: number }> {
  const t = Date.now();
  const code = await kill();
  return { code, ms: Date.now() - t };
}

describe('shutdown with Redis away', () => {
  it('Redis unreachable from the start: SIGTERM still exits 0 within seconds', async () => {
    const deadPort = await freePort();
    const svc = await spawnService({ REDIS_URL: `redis://127.0.0.1:${deadPort}`, HOOK_SHUTDOWN_TIMEOUT_MS: '8000' });
    // Spooled, not refused: the outage is absorbed.
    const res = await fetch(`${svc.url}/hooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hook_type: 'Stop', agent_id: 'a', payload: {} }),
    });
    expect(res.status).toBe(200);
    const { code, ms } = await timedExit(() => svc.kill('SIGTERM'));
    expect(code).toBe(0);
    // The store gives the spool 5 s to reach Redis, then gives up; well inside the 8 s drain limit.
    expect(ms).toBeLessThan(7500);
    expect(svc.stderr()).not.toContain('killed by timeout');
  });

  it('Redis unreachable and the service idle for a while: SIGTERM exits 0 at once', async () => {
    const deadPort = await freePort();
    const svc = await spawnService({ REDIS_URL: `redis://127.0.0.1:${deadPort}`, HOOK_SHUTDOWN_TIMEOUT_MS: '8000' });
    // Long enough for the tail's reader to be waiting on a reconnecting connection.
    await new Promise((r) => setTimeout(r, 2000));
    const { code, ms } = await timedExit(() => svc.kill('SIGTERM'));
    expect(code).toBe(0);
    expect(ms).toBeLessThan(3000);
  });

  it('a second signal during a slow drain exits at once', async () => {
    const deadPort = await freePort();
    const svc = await spawnService({ REDIS_URL: `redis://127.0.0.1:${deadPort}`, HOOK_SHUTDOWN_TIMEOUT_MS: '8000' });
    // A spooled event makes the drain wait (up to 5 s) for Redis to take it.
    await fetch(`${svc.url}/hooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hook_type: 'Stop', agent_id: 'a', payload: {} }),
    });
    const exited = new Promise<number | null>((resolve) => svc.proc.once('exit', (code) => resolve(code)));
    svc.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    expect(svc.proc.exitCode).toBeNull(); // still draining
    const t = Date.now();
    svc.proc.kill('SIGTERM');
    const code = await exited;
    expect(Date.now() - t).toBeLessThan(1000);
    expect(code).not.toBe(0); // cut short on purpose: not a clean drain
  });

  it.skipIf(!canKillRedis)(`Redis killed while running: SIGTERM still exits 0${killSkipNote}`, async () => {
    const redis = await startRedis({ appendonly: false });
    try {
      const svc = await spawnService({ REDIS_URL: redis.url, HOOK_STREAM_PREFIX: `shutdown-${Date.now()}:` });
      await redis.kill();
      const { code } = await timedExit(() => svc.kill('SIGTERM'));
      expect(code).toBe(0);
    } finally {
      await redis.stop();
    }
  });
});
