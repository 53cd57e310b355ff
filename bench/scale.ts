// `npm run bench:scale`: what 1, 2 and 4 service processes (HOOK_WORKERS) on one Redis give on this machine; bounded, loopback only.
import { writeFile, mkdir } from 'node:fs/promises';
import { cpus } from 'node:os';
import { load, median, table, type LoadResult } from './lib.js';
import { claudePreToolUse } from './payloads.js';
import { startOwnRedis, startService, stopAll } from './procs.js';

const WORKERS = [1, 2, 4];
const ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 2);
const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 8);
const CONNECTIONS = 50;

const redis = await startOwnRedis();
const results = new Map<number, LoadResult[]>(WORKERS.map((w) => [w, []]));
try {
  // 1 2 4 then 4 2 1: a drift of the machine's speed during the run falls on every count alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const workers of round % 2 ? [...WORKERS].reverse() : WORKERS) {
      const run = `scale-${workers}-${round}-${Date.now()}`;
      const svc = await startService(`service x${workers}`, { REDIS_URL: redis.url, HOOK_STREAM_PREFIX: `${run}:`, HOOK_WORKERS: String(workers) });
      const url = `${svc.url}/hooks/claude`;
      await load('warm-up', url, (n) => ({ path: '/hooks/claude', body: claudePreToolUse(`${run}-w`)(n) }), { connections: CONNECTIONS, duration: 2 });
      const body = claudePreToolUse(run);
      results.get(workers)?.push(await load(`x${workers}`, url, (n) => ({ path: '/hooks/claude', body: body(n) }), { connections: CONNECTIONS, duration: SECONDS }));
      const code = await svc.stop();
      if (code !== 0) throw new Error(`the service with ${workers} workers exited ${code} on SIGTERM`);
    }
  }
  const rows = WORKERS.map((w) => {
    const runs = results.get(w) ?? [];
    const errors = runs.reduce((n, r) => n + r.errors + r.non2xx, 0);
    return { workers: w, rps: median(runs.map((r) => r.rps)), p50Ms: median(runs.map((r) => r.p50Ms)), p99Ms: median(runs.map((r) => r.p99Ms)), errors };
  });
  const base = rows[0].rps || 1;
  console.log(`machine: ${cpus().length} cores, Node ${process.version}, Redis ${redis.version}; POST /hooks/claude, Redis store, ${CONNECTIONS} connections, ${SECONDS} s x ${ROUNDS} rounds (median)`);
  console.log(
    table(
      ['HOOK_WORKERS', 'req/s', 'vs 1', 'p50 ms', 'p99 ms', 'errors'],
      rows.map((r) => [String(r.workers), String(r.rps), (r.rps / base).toFixed(2), String(r.p50Ms), String(r.p99Ms), String(r.errors)]),
    ),
  );
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/scale.json', JSON.stringify({ machine: { cores: cpus().length, node: process.version, redis: redis.version }, rows }, null, 2));
  if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
} finally {
  await stopAll();
  await redis.stop();
}
