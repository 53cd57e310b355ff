// Benchmark helpers: start a service process on a free port, run autocannon against it, summarise.
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { spawnService } from '../test/helpers/service.js';

export interface Service {
  url: string;
  proc: ChildProcess;
  stop(): Promise<number | null>;
}

/** Starts `src/server.ts` in its own process (the load generator must not share its event loop). */
export async function startService(env: Record<string, string> = {}): Promise<Service> {
  const svc = await spawnService({ LOG_LEVEL: 'warn', ...env });
  return { url: svc.url, proc: svc.proc, stop: () => svc.kill('SIGTERM') };
}

export interface LoadResult {
  name: string;
  requests: number;
  rps: number;
  avgMs: number;
  p50Ms: number;
  p97_5Ms: number;
  p99Ms: number;
  maxMs: number;
  successRate: number;
  errors: number;
  non2xx: number;
}

export async function load(
  name: string,
  url: string,
  bodies: string[],
  opts: { connections?: number; duration?: number; amount?: number } = {},
): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: opts.connections ?? 10,
    duration: opts.duration ?? 10,
    ...(opts.amount ? { amount: opts.amount } : {}),
    requests: [{ setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }) }],
  });
  const total = result.requests.total;
  const ok = result['2xx'];
  return {
    name,
    requests: total,
    rps: Math.round(result.requests.average),
    avgMs: result.latency.average,
    p50Ms: result.latency.p50,
    p97_5Ms: result.latency.p97_5,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    successRate: total ? ok / total : 0,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function printTable(rows: LoadResult[]): void {
  const head = ['scenario', 'req/s', 'avg ms', 'p50', 'p97.5', 'p99', 'max', 'success', 'requests'];
  const lines = rows.map((r) => [
    r.name, String(r.rps), r.avgMs.toFixed(2), String(r.p50Ms), String(r.p97_5Ms), String(r.p99Ms), String(r.maxMs),
    `${(r.successRate * 100).toFixed(2)}%`, String(r.requests),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...lines.map((l) => (l[c]).length)));
  const fmt = (cols: string[]) => cols.map((c, k) => c.padEnd(widths[k])).join('  ');
  console.log(fmt(head));
  for (const l of lines) console.log(fmt(l));
}

/** The SLA of the seed: avg < 50 ms, p95 < 75 ms (we check the stricter p97.5), success > 95 %. */
export function slaProblems(r: LoadResult): string[] {
  const out: string[] = [];
  if (r.avgMs >= 50) out.push(`${r.name}: average ${r.avgMs} ms >= 50`);
  if (r.p97_5Ms >= 75) out.push(`${r.name}: p97.5 ${r.p97_5Ms} ms >= 75`);
  if (r.successRate <= 0.95) out.push(`${r.name}: success ${(r.successRate * 100).toFixed(2)}% <= 95%`);
  return out;
}
