// HOOK_WORKERS: one primary, N service processes on one port and one Redis; every event stored once, all drained on SIGTERM.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spawnService } from '../helpers/service.js';
import { fileRedis, uniquePrefix } from '../helpers/redis.js';
import { hookBody } from '../helpers/app.js';

const redis = fileRedis();

/** The pids whose parent is `pid` (Linux /proc). */
function children(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

describe('HOOK_WORKERS', () => {
  it('two workers serve one port: every event posted is stored once, and SIGTERM drains both and exits 0', async () => {
    const svc = await spawnService({ HOOK_WORKERS: '2', REDIS_URL: redis.url, HOOK_STREAM_PREFIX: uniquePrefix('workers'), LOG_LEVEL: 'warn' });
    try {
      const pid = svc.proc.pid as number;
      // Both workers up (the primary answers nothing itself; /health/live answered, so at least one is).
      const deadline = Date.now() + 20_000;
      while (children(pid).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(children(pid)).toHaveLength(2);
      const posts = Array.from({ length: 60 }, (_, i) =>
        fetch(`${svc.url}/hooks`, {
          method: 'POST',
          // A new connection each: the cluster hands connections to the workers in turn.
          headers: { 'content-type': 'application/json', connection: 'close' },
          body: JSON.stringify(hookBody({ event_id: `w-${i}`, payload: { tool_name: 'Bash', tool_input: { command: `echo ${i}` } } })),
        }).then((r) => r.status),
      );
      expect(new Set(await Promise.all(posts))).toEqual(new Set([200]));
      const stored = (await (await fetch(`${svc.url}/hooks/events?limit=1000`)).json()) as { events: { event_id: string }[] };
      expect(stored.events.map((e) => e.event_id).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `w-${i}`).sort());
      // A worker that dies is replaced.
      const [victim] = children(pid);
      process.kill(victim, 'SIGKILL');
      const until = Date.now() + 20_000;
      while (!(children(pid).length === 2 && !children(pid).includes(victim)) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(children(pid)).toHaveLength(2);
      expect(children(pid)).not.toContain(victim);
    } finally {
      expect(await svc.kill('SIGTERM')).toBe(0);
    }
  });

  it('more than one worker without a shared store is refused at start, naming the variable', async () => {
    await expect(spawnService({ HOOK_WORKERS: '2', REDIS_URL: '' })).rejects.toThrow(/HOOK_WORKERS.*REDIS_URL/);
  });
});
