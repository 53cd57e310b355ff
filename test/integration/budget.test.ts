// The event loop cannot be held (issue 9 #6): hostile batches and huge pages run in bounded slices, so a decision
// sent meanwhile is answered within HOOK_DECISION_BUDGET_MS, over real HTTP on a real service process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from '../helpers/service.js';
import { claudeBody, hookBody } from '../helpers/app.js';

/** Commands built to be slow to analyse: deep nestings and long lists, each near the 16 KB command limit. */
function pathological(i: number): string {
  const kinds = [
    () => `rm -rf / ; echo ${'{,'.repeat(7990)}`,
    () => `ls ${'@(a|'.repeat(3150)}`,
    () => `echo ${'$(echo '.repeat(2600)}${')'.repeat(2600)}`,
    () => Array.from({ length: 2000 }, (_, k) => `ls d${k}`).join(';'),
    () => `cat ${Array.from({ length: 1600 }, (_, k) => `"$(x${k})"`).join(' ')}`,
    () => `a=${'"${b:-'.repeat(2000)}${'}"'.repeat(2000)}`,
  ];
  return (kinds[i % kinds.length])().slice(0, 16_000);
}

let svc: ServiceProcess;
beforeAll(async () => {
  svc = await spawnService({ LOG_LEVEL: 'warn', HOOK_BATCH_MAX_PAYLOAD_SIZE: String(20 * 1024 * 1024) });
});
afterAll(async () => {
  await svc?.kill();
});

const post = (path: string, body: unknown) =>
  fetch(`${svc.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
}

describe('decisions are answered within the budget whatever else runs', () => {
  it('a PreToolUse sent while batches of pathological commands and 8 MB pages are being worked on', async () => {
    // Something to page through: 100 KB events.
    const fat = Array.from({ length: 60 }, (_, i) => hookBody({ hook_type: 'Notification', payload: { pad: 'x'.repeat(90_000), i } }));
    expect((await post('/hooks/batch', { events: fat })).status).toBe(200);
    const hostile = Array.from({ length: 3 }, (_, b) =>
      post('/hooks/batch', { events: Array.from({ length: 20 }, (_, i) => hookBody({ payload: { command: pathological(b * 20 + i) } })) }),
    );
    const pages = Array.from({ length: 3 }, () => fetch(`${svc.url}/hooks/events?last=1000`));
    const decisions: number[] = [];
    const answers: unknown[] = [];
    // Decisions keep arriving while the hostile work runs.
    for (let i = 0; i < 15; i++) {
      const { value, ms } = await timed(async () => (await post('/hooks/claude', claudeBody(i % 2 ? 'rm -rf /' : 'git status'))).json());
      decisions.push(ms);
      answers.push(value);
      await new Promise((r) => setTimeout(r, 20));
    }
    const batchResults = await Promise.all(hostile.map(async (p) => (await p).json() as Promise<{ results: { decision?: string }[] }>));
    const pageSizes = await Promise.all(pages.map(async (p) => (await (await p).text()).length));
    // Every hostile command got a verdict; the one that starts with rm -rf / was not allowed, however it was padded.
    for (const r of batchResults) {
      expect(r.results).toHaveLength(20);
      r.results.forEach((item, i) => {
        expect(['allow', 'ask', 'deny']).toContain(item.decision);
        if (i % 6 === 0) expect(['ask', 'deny']).toContain(item.decision);
      });
    }
    expect(Math.max(...pageSizes)).toBeLessThan(9 * 1024 * 1024);
    // The decisions: right, and each within the 1 s budget (measured at the client, which adds its own time).
    answers.forEach((a, i) => {
      if (i % 2) expect((a as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision).toBe('deny');
    });
    console.log(`decision latency while under hostile load: max ${Math.max(...decisions).toFixed(0)} ms, all ${decisions.map((d) => d.toFixed(0)).join(' ')}`);
    expect(Math.max(...decisions)).toBeLessThan(1000);
  });
});
