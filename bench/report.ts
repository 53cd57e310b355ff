// The bench's report: the machine line, the tables, the targets (met or missed) and what fails the run.
import { table } from './lib.js';
import type { PipelineLevel, ScenarioRow } from './scenarios.js';
import type { Latency } from './stream.js';
import type { Footprint } from './footprint.js';
import type { ValidatorFigures } from './validator-figures.js';

export interface Machine {
  date: string;
  mode: 'quick' | 'full';
  cores: number;
  cpu: string;
  node: string;
  redis: string;
  /** 1-minute load average at the start and the end: other work on the machine shows up here, not in the figures. */
  loadStart: number;
  loadEnd?: number;
}

export interface Results {
  machine: Machine;
  scenarios: ScenarioRow[];
  pipeline: PipelineLevel[];
  latency?: Latency;
  validator?: ValidatorFigures;
  footprint?: Footprint;
  /** Errors that are not a load's figure: a crash, a service that did not exit 0. */
  errors: string[];
}

export interface Target {
  target: string;
  measured: string;
  met: boolean;
}

export const machineLine = (m: Machine): string =>
  `${m.date.slice(0, 10)}, ${m.mode} mode: ${m.cores} cores (${m.cpu}), Node ${m.node}, Redis ${m.redis}; ` +
  `load average ${m.loadStart.toFixed(2)} at start, ${m.loadEnd?.toFixed(2) ?? '?'} at end`;

const pct = (x: number) => `${(x * 100).toFixed(x === 1 ? 0 : 2)} %`;

/** The targets, each with what was measured; reported, never faked, and they do not fail the run. */
export function targets(r: Results): Target[] {
  const out: Target[] = [];
  const at = (c: number) => r.pipeline.find((l) => l.connections === c);
  const p50 = at(50);
  const p10 = at(10);
  if (p50) {
    const floor = p50.floor ? `; the floor ${p50.floor.ratio.toFixed(2)} x` : '';
    out.push({ target: 'full pipeline req/s >= 0.75 x reference (50 conn)', measured: `${p50.ratio.toFixed(2)} x (${p50.serviceRps} / ${p50.referenceRps})${floor}`, met: p50.ratio >= 0.75 });
  }
  if (p10) out.push({ target: 'full pipeline p99 <= 10 ms at 10 conn', measured: `${p10.p99Ms} ms (worst round ${p10.worstP99Ms})`, met: p10.p99Ms <= 10 });
  if (p50) out.push({ target: 'full pipeline p99 <= 25 ms at 50 conn', measured: `${p50.p99Ms} ms (worst round ${p50.worstP99Ms})`, met: p50.p99Ms <= 25 });
  if (r.latency) {
    out.push({ target: `POST -> WebSocket p99 <= 10 ms (${r.latency.rate} ev/s)`, measured: `${r.latency.p99Ms} ms`, met: r.latency.p99Ms <= 10 });
  }
  const errors = errorCount(r);
  out.push({ target: 'zero errors', measured: String(errors), met: errors === 0 });
  const missing = missingDeliveries(r);
  out.push({ target: 'every stream client gets every event', measured: missing ? `${missing} missing` : 'all delivered', met: missing === 0 });
  return out;
}

function errorCount(r: Results): number {
  return (
    r.scenarios.reduce((a, s) => a + s.errors + s.non2xx, 0) +
    r.pipeline.reduce((a, l) => a + l.errors, 0) +
    (r.latency ? r.latency.posted - r.latency.postsOk : 0) +
    (r.footprint?.failed ?? 0) +
    r.errors.length
  );
}

function missingDeliveries(r: Results): number {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return (
    r.scenarios.reduce((a, s) => a + (s.delivery ? sum(s.delivery.missing) : 0), 0) +
    r.pipeline.reduce((a, l) => a + l.missingDeliveries, 0) +
    (r.latency ? r.latency.expected - r.latency.delivered : 0)
  );
}

/** What fails the run (exit 1): an SLA FAIL or an error, never a ratio or latency target. */
export function failures(r: Results): string[] {
  const out = r.scenarios.flatMap((s) => s.problems.map((p) => `${s.scenario}: ${p}`));
  for (const l of r.pipeline) {
    if (l.errors) out.push(`full pipeline ${l.connections} conn: ${l.errors} errors or non-2xx`);
    if (l.missingDeliveries) out.push(`full pipeline ${l.connections} conn: ${l.missingDeliveries} stream deliveries missing`);
  }
  if (r.latency && r.latency.delivered < r.latency.expected) out.push(`POST -> WebSocket: ${r.latency.expected - r.latency.delivered} deliveries missing`);
  if (r.latency && r.latency.postsOk < r.latency.posted) out.push(`POST -> WebSocket: ${r.latency.posted - r.latency.postsOk} posts failed`);
  if (r.footprint?.failed) out.push(`memory footprint: ${r.footprint.failed} events not acknowledged`);
  return [...out, ...r.errors];
}

/**
 * Where the machine's cores go at one connection count, and what the ratio target would leave the service: at
 * 0.75 x the reference's req/s, the other processes of the service's run (Redis, the stream clients, the load
 * generator) at their measured CPU per request take some of the cores; the service's share of what is left,
 * per request, is its CPU budget (one main thread: at most one core).
 */
export function cpuBudget(l: PipelineLevel, cores: number): { othersCores: number; serviceBudgetUs: number; targetRps: number } {
  const targetRps = 0.75 * l.referenceRps;
  const others = l.cpu.redis + l.cpu.streamClients + l.cpu.loadGenerator;
  const othersCores = (targetRps * others) / 1e6;
  const left = Math.min(1, Math.max(0, cores - othersCores));
  return { othersCores: Math.round(othersCores * 100) / 100, serviceBudgetUs: Math.round((left * 1e6) / targetRps), targetRps: Math.round(targetRps) };
}

function cpuLine(l: PipelineLevel, cores: number): string {
  const c = l.cpu;
  const b = cpuBudget(l, cores);
  return (
    `${l.connections} conn, CPU µs per request: service ${c.service}, Redis ${c.redis}, stream clients ${c.streamClients}, ` +
    `load generator ${c.loadGenerator}; reference ${c.reference} (its load generator ${c.referenceLoadGenerator}). ` +
    `At 0.75 x the reference (${b.targetRps} req/s) Redis, the clients and the load generator would take ${b.othersCores} of ` +
    `${cores} cores, leaving the service ${b.serviceBudgetUs} µs per request`
  );
}

/** "10 clients x 57090 events, 0 missing": how many events each client had to get, summed over the rounds. */
function deliveries(l: PipelineLevel): string {
  const events = l.rounds.reduce((a, r) => a + r.delivery.acked, 0);
  return `${l.rounds[0]?.delivery.clients ?? 0} clients x ${events} events, ${l.missingDeliveries} missing`;
}

export function render(r: Results): string {
  const parts: string[] = [`hookhive bench — ${machineLine(r.machine)}`, ''];
  parts.push('Seed scenarios (SLA: avg < 50 ms, p95 < 75 ms checked as the stricter p97.5, success > 95 %; latencies in ms)');
  parts.push(
    table(
      ['scenario', 'store', 'conn', 'req/s', 'avg', 'p50', 'p97.5', 'p99', 'max', 'success', 'SLA'],
      r.scenarios.map((s) => [
        s.scenario, s.store, String(s.connections), String(s.rps), s.avgMs.toFixed(2), String(s.p50Ms), String(s.p97_5Ms),
        String(s.p99Ms), String(s.maxMs), pct(s.successRate), s.sla + (s.problems.length ? ` (${s.problems.join('; ')})` : ''),
      ]),
    ),
  );
  if (r.pipeline.length) {
    const rounds = r.pipeline[0].rounds.length;
    parts.push('', `Full pipeline vs reference (POST /hooks/claude, Redis Streams, 10 stream clients; A B x ${rounds}, medians)`);
    parts.push(
      table(
        ['conn', 'reference req/s', 'service req/s', 'ratio', 'p50 ms', 'p99 ms', 'worst p99', 'errors', 'stream deliveries'],
        r.pipeline.map((l) => [
          String(l.connections), String(l.referenceRps), String(l.serviceRps), l.ratio.toFixed(2), String(l.p50Ms),
          String(l.p99Ms), String(l.worstP99Ms), String(l.errors), deliveries(l),
        ]),
      ),
    );
  }
  const floors = r.pipeline.flatMap((l) => (l.floor ? [{ connections: l.connections, ...l.floor }] : []));
  if (floors.length) {
    parts.push('', 'The floor (bench/floor.ts: the reference plus one XADD per event and one batched frame per tick to 10 clients; no guarantees)');
    parts.push(
      table(
        ['conn', 'floor req/s', 'x reference', 'service x floor', 'p99 ms', 'CPU µs/request: floor, Redis, clients, load generator', 'errors', 'deliveries missing'],
        floors.map((f) => [
          String(f.connections), String(f.rps), f.ratio.toFixed(2), f.serviceRatio.toFixed(2), String(f.p99Ms),
          `${f.cpu.floor}, ${f.cpu.redis}, ${f.cpu.streamClients}, ${f.cpu.loadGenerator}`, String(f.errors), String(f.missingDeliveries),
        ]),
      ),
    );
  }
  const lines: string[] = [];
  if (r.pipeline.length) lines.push(...r.pipeline.map((l) => cpuLine(l, r.machine.cores)));
  if (r.latency) {
    const d = r.latency;
    lines.push(
      `POST -> WebSocket (${d.clients} clients, ${d.rate} ev/s): p50 ${d.p50Ms} ms, p99 ${d.p99Ms} ms, max ${d.maxMs} ms, ` +
        `${d.delivered}/${d.expected} delivered; the POST itself p50 ${d.postP50Ms} ms, p99 ${d.postP99Ms} ms`,
    );
  }
  if (r.validator) {
    const v = r.validator;
    lines.push(`validator (uncached): median ${v.medianUs} µs, p99 ${v.p99Us} µs; cached ${Math.round(v.cachedPerSecond).toLocaleString('en-US')} commands/s`);
  }
  if (r.footprint) {
    const f = r.footprint;
    lines.push(
      `RSS (embedded store): ${f.rssStartMb} MB at start, ${f.rssAfterEventsMb} MB after ${f.acknowledged.toLocaleString('en-US')} events ` +
        `(${f.seconds} s via /hooks/batch), ${f.rssWithClientsMb} MB with ${f.idleClients} idle stream clients`,
    );
  }
  if (lines.length) parts.push('', ...lines);
  parts.push('', 'Targets (reported; they do not fail the run)');
  parts.push(table(['target', 'measured', ''], targets(r).map((t) => [t.target, t.measured, t.met ? 'met' : 'MISSED'])));
  return parts.join('\n');
}
