// The real process: README curl examples work as written, and SIGTERM drains and exits 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { spawnService, type ServiceProcess } from './helpers/service.js';

/** Every `curl` command in the README's sh blocks (continuation lines joined). */
function readmeCurls(): string[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks
    .flatMap((b) => b.replace(/\\\n\s*/g, '').split('\n'))
    .map((l) => l.trim())
    .filter((l) => l.startsWith('curl '));
}

describe('the service process', () => {
  let svc: ServiceProcess;
  beforeAll(async () => {
    svc = await spawnService();
  });
  afterAll(async () => {
    await svc.kill('SIGKILL');
  });

  it('logs one warning that the embedded store does not survive a restart', () => {
    const warnings = svc.stdout().split('\n').filter((l) => l.includes('does not survive a restart'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]).level).toBe(40);
  });

  it('every curl example in the README works as written', () => {
    const curls = readmeCurls();
    expect(curls.length).toBeGreaterThanOrEqual(9);
    for (const cmd of curls) {
      const line = cmd.replaceAll('127.0.0.1:8000', `127.0.0.1:${svc.port}`).replace(/^curl /, 'curl -f -S ');
      const out = execFileSync('bash', ['-c', line], { encoding: 'utf8', timeout: 10_000 });
      expect(out.length, cmd).toBeGreaterThan(0);
      if (!cmd.includes('/metrics')) expect(() => JSON.parse(out), cmd).not.toThrow();
    }
  });

  it('the README deny example really is denied', async () => {
    const res = await fetch(`${svc.url}/hooks/events?last=50`);
    const events = ((await res.json()) as { events: unknown }).events as { event_id: string; decision: string }[];
    expect(events.find((e) => e.event_id === 'evt-0001')?.decision).toBe('deny');
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM finishes an in-flight request and exits 0', async () => {
    const svc = await spawnService();
    const events = Array.from({ length: 1000 }, (_, i) => ({
      hook_type: 'PreToolUse', agent_id: 'a', event_id: `drain-${i}`,
      payload: { tool_name: 'Bash', tool_input: { command: `find . -name '*.ts' -newer src/app.ts | xargs grep -n TODO${i}` } },
    }));
    const big = fetch(`${svc.url}/hooks/batch`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }),
    });
    // The batch is on the wire and being processed when the signal arrives.
    await new Promise((r) => setTimeout(r, 30));
    const code = await svc.kill('SIGTERM');
    const res = await big;
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { success: boolean }[] };
    expect(results).toHaveLength(1000);
    expect(results.every((r) => r.success)).toBe(true);
    expect(code).toBe(0);
    expect(svc.stdout()).toContain('shut down cleanly');
    await expect(fetch(`${svc.url}/health/live`)).rejects.toThrow();
  });

  it('SIGINT exits 0 as well', async () => {
    const svc = await spawnService();
    expect(await svc.kill('SIGINT')).toBe(0);
  });
});
