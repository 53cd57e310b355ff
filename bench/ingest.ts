// `npm run bench`: ingest load against a real service process, checked against the SLA.
import { writeFile, mkdir } from 'node:fs/promises';
import { load, printTable, slaProblems, startService, type LoadResult } from './lib.js';
import { claudeBodies, envelopeBodies } from './payloads.js';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const rows: LoadResult[] = [];

const memory = await startService();
try {
  // A short warm-up so JIT and the validator cache are in their steady state.
  await load('warm-up', `${memory.url}/hooks`, envelopeBodies(), { connections, duration: 2 });
  rows.push(await load('memory POST /hooks', `${memory.url}/hooks`, envelopeBodies(), { connections, duration }));
  rows.push(await load('memory POST /hooks/claude', `${memory.url}/hooks/claude`, claudeBodies(), { connections, duration }));
} finally {
  const code = await memory.stop();
  if (code !== 0) console.error(`service exited with ${code} on SIGTERM`);
}

printTable(rows);
const problems = rows.flatMap(slaProblems);
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(new URL('./results/latest.json', import.meta.url), JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
if (problems.length) {
  console.error(`SLA FAILED:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log('SLA met: avg < 50 ms, p97.5 (>= p95) < 75 ms, success > 95 % in every scenario');
}
