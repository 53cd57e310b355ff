// Soak report: the load by kind, every verdict with its figures, the RSS series; printed and written to bench/results/.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import type { Tally } from './soak-load.js';
import type { Check } from './soak-checks.js';
import type { Sample } from './soak-sampler.js';

export interface Facts {
  durationS: number;
  loadSeconds: number;
  rate: number;
  clients: number;
  driverLoopLagMs: { p99: number; max: number };
  serviceCpuWaitPct: number;
  [key: string]: unknown;
}

const mb = (b: number) => (b / 1048576).toFixed(0);

export function printReport(tally: Tally, checks: Check[], samples: Sample[], facts: Facts): void {
  const total = tally.requests;
  console.log(
    `\n== soak: ${total} requests in ${facts.loadSeconds.toFixed(0)} s (${(total / facts.loadSeconds).toFixed(0)}/s) ` +
      `from ${facts.clients} paced clients; ${tally.skipped} slots skipped while a client waited; ` +
      `driver event-loop lag p99 ${facts.driverLoopLagMs.p99.toFixed(0)} ms, max ${facts.driverLoopLagMs.max.toFixed(0)} ms; ` +
      `the service's main thread waited for a CPU ${facts.serviceCpuWaitPct.toFixed(1)} % of the time`,
  );
  const width = Math.max(...[...tally.kinds.keys()].map((k) => k.length));
  for (const [kind, k] of [...tally.kinds].sort((a, b) => b[1].requests - a[1].requests)) {
    const statuses = Object.entries(k.statuses).map(([s, n]) => `${s}:${n}`).join(' ');
    console.log(`  ${kind.padEnd(width)} ${String(k.requests).padStart(6)} (${((100 * k.requests) / total).toFixed(1).padStart(4)} %)  ${statuses}${k.problems ? `  PROBLEMS ${k.problems}` : ''}`);
  }
  console.log(`  decisions: ${[...tally.verdicts].map(([k, n]) => `${k} ${n}`).join('; ')}`);
  // One figure per bucket of seconds: its maximum, so a short spike is not hidden by picking every k-th sample.
  const size = Math.max(1, Math.ceil(samples.length / 30));
  const series = (f: (s: Sample) => number | null, fmt: (x: number) => string) => {
    const out: string[] = [];
    for (let i = 0; i < samples.length; i += size) {
      const xs = samples.slice(i, i + size).map(f).filter((x): x is number => x !== null);
      out.push(xs.length ? fmt(Math.max(...xs)) : '-');
    }
    return out.join(' ');
  };
  console.log(`  per ${size} s, the maximum of:`);
  console.log(`    RSS MB (/proc)          ${series((s) => s.rssBytes, mb)}`);
  console.log(`    heap used MB            ${series((s) => s.heapUsedBytes, mb)}`);
  console.log(`    service loop lag ms     ${series((s) => s.loopLagMaxMs, (x) => x.toFixed(0))}`);
  console.log(`    spool depth             ${series((s) => s.spoolDepth, String)}`);
  console.log(`  phases: ${facts.phases}`);
  console.log(`  stream: ${JSON.stringify(facts.stream)}`);
  console.log(`  outage: ${JSON.stringify(facts.outage)}`);
  for (const c of checks) {
    console.log(`\n${c.ok ? 'PASS' : 'FAIL'}  ${c.name}`);
    for (const d of c.detail) console.log(`      ${d}`);
  }
  const failed = checks.filter((c) => !c.ok);
  console.log(failed.length ? `\nSOAK FAILED: ${failed.map((c) => c.name.split(':')[0]).join('; ')}` : '\nSOAK PASSED: every check held');
}

export async function writeResults(tally: Tally, checks: Check[], samples: Sample[], facts: Facts): Promise<void> {
  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const result = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    ...facts,
    requests: tally.requests,
    kinds: Object.fromEntries(tally.kinds),
    verdicts: Object.fromEntries(tally.verdicts),
    failClosed: Object.fromEntries(tally.failClosed),
    fiveXX: tally.fiveXX.length,
    checks,
    samples,
  };
  await writeFile(new URL('soak.json', dir), JSON.stringify(result, null, 2));
}
