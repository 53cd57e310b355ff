// SIGTERM exits 0 promptly even while Redis is unreachable (CONTRACT §7): nothing may wait on a dead connection.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
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

describe('shutdown with nobody reading the logs', () => {
  it('stdout is a closed pipe (`node dist/server.js | head -2`): SIGTERM still exits 0, promptly', async () => {
    const port = await freePort();
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    // Read two lines, then go away like `head -2` does.
    await new Promise<void>((resolve) => {
      let seen = '';
      proc.stdout?.on('data', (c) => {
        seen += c;
        if (seen.split('\n').length > 2) resolve();
      });
    });
    proc.stdout?.destroy();
    const t = Date.now();
    proc.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 8000))]);
    if (code === 'hung') proc.kill('SIGKILL');
    expect(code).toBe(0);
    expect(Date.now() - t).toBeLessThan(5000);
  });
});

describe('start-up warnings', () => {
  it('listening beyond loopback with no token logs a loud warning; with a token it does not', async () => {
    const open = await spawnService({ HOST: '0.0.0.0' });
    const closed = await spawnService({ HOST: '0.0.0.0', HOOK_INGEST_TOKENS: 'agent-token-1' });
    try {
      expect(open.stdout()).toMatch(/"level":40.*SECURITY: listening beyond loopback with no tokens/);
      expect(closed.stdout()).not.toContain('SECURITY:');
    } finally {
      await open.kill();
      await closed.kill();
    }
  });
});
