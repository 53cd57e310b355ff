// The loads: the seed's eight scenarios with their SLA verdicts, and the full pipeline against the reference, A B A B.
import { Bits, load, median, round, slaProblems, type LoadResult } from './lib.js';
import { cpuMs } from './procs.js';
import { claudeDangerous, claudePreToolUse, envelopes, mixed, type BodyMaker, type Request } from './payloads.js';
import { startStreamClients, type Delivery, type StreamClients } from './stream.js';

/** Durations of one run: `--quick` keeps the structure and shortens every load. */
export interface Mode {
  quick: boolean;
  scenarioSeconds: number;
  pipelineSeconds: number;
  /** A/B rounds per connection count: reference, service, reference, service, ... */
  rounds: number;
  latencySeconds: number;
  memoryEvents: number;
  idleClients: number;
  /** Whether the floor (bench/floor.ts) is measured beside the service. */
  floor: boolean;
}

export interface ScenarioRow extends LoadResult {
  scenario: string;
  store: 'memory' | 'redis';
  route: string;
  sla: 'PASS' | 'FAIL';
  problems: string[];
  /** Fan-out: whether every client got every acknowledged event. */
  delivery?: Delivery;
  /** Security validation: answers that carried a deny or ask. */
  decided?: number;
}

let runs = 0;
/** A tag unique to one load of this bench process, so ids never repeat across loads or bench runs. */
export const runTag = (): string => `${Date.now().toString(36)}${(runs++).toString(36)}`;

const on = (path: string, make: BodyMaker) => (n: number): Request => ({ path, body: make(n) });

interface Spec {
  scenario: string;
  route: string;
  make: (run: string) => (n: number) => Request;
  connections: number;
  amount?: number;
  streamClients?: number;
  countDecisions?: boolean;
}

const SEED: Spec[] = [
  { scenario: 'basic (single event latency)', route: '/hooks/claude', make: (r) => on('/hooks/claude', claudePreToolUse(r)), connections: 1 },
  { scenario: 'concurrent (100 connections)', route: '/hooks/claude', make: (r) => on('/hooks/claude', claudePreToolUse(r)), connections: 100 },
  { scenario: 'security validation (dangerous commands)', route: '/hooks/claude', make: (r) => on('/hooks/claude', claudeDangerous(r)), connections: 10, countDecisions: true },
  { scenario: 'aggregation (tool calls and results)', route: '/hooks', make: (r) => on('/hooks', envelopes(r)), connections: 10 },
  { scenario: 'fan-out (10 stream clients)', route: '/hooks/claude', make: (r) => on('/hooks/claude', claudePreToolUse(r)), connections: 10, streamClients: 10 },
  { scenario: 'high volume (10k events x 50 concurrent)', route: '/hooks', make: (r) => on('/hooks', envelopes(r)), connections: 50, amount: 10_000 },
  { scenario: 'mixed (envelope + Claude Code)', route: '/hooks + /hooks/claude', make: mixed, connections: 10 },
];
const PERSISTENCE: Spec = { scenario: 'Redis persistence (Redis Streams, AOF)', route: '/hooks/claude', make: (r) => on('/hooks/claude', claudePreToolUse(r)), connections: 10 };

async function runSpec(spec: Spec, url: string, store: 'memory' | 'redis', mode: Mode): Promise<ScenarioRow> {
  const run = runTag();
  const acked = new Bits();
  let decided = 0;
  const clients = spec.streamClients ? await startStreamClients(url, spec.streamClients) : undefined;
  try {
    const r = await load(spec.scenario, url, spec.make(run), {
      connections: spec.connections,
      duration: mode.scenarioSeconds,
      ...(spec.amount ? { amount: spec.amount } : {}),
      onAck: (n, body) => {
        acked.add(n);
        if (spec.countDecisions && /"permissionDecision":"(deny|ask)"/.test(body)) decided++;
      },
    });
    const problems = slaProblems(r);
    const row: ScenarioRow = { ...r, scenario: spec.scenario, store, route: spec.route, sla: problems.length ? 'FAIL' : 'PASS', problems };
    if (spec.countDecisions) {
      row.decided = decided;
      if (decided !== acked.size) row.problems.push(`${acked.size - decided} dangerous commands allowed`);
    }
    if (clients) {
      row.delivery = await clients.check(run, acked);
      const missing = row.delivery.missing.reduce((a, b) => a + b, 0);
      if (missing) row.problems.push(`${missing} deliveries missing across ${clients.count} clients`);
    }
    return row;
  } finally {
    await clients?.stop();
  }
}

/** The seed's scenarios on the embedded store (as `npm start` runs without REDIS_URL), in order. */
export async function seedScenarios(url: string, mode: Mode, log: (row: ScenarioRow) => void): Promise<ScenarioRow[]> {
  const rows: ScenarioRow[] = [];
  for (const spec of SEED) {
    const row = await runSpec(spec, url, 'memory', mode);
    log(row);
    rows.push(row);
  }
  return rows;
}

export const redisPersistence = (url: string, mode: Mode): Promise<ScenarioRow> => runSpec(PERSISTENCE, url, 'redis', mode);

/** A short load so the JIT, caches and connection pools are warm before anything is measured. */
export async function warmUp(url: string, seconds: number): Promise<void> {
  await load('warm-up', url, on('/hooks/claude', claudePreToolUse(runTag())), { connections: 10, duration: seconds });
}

export interface PipelineRound {
  round: number;
  reference: LoadResult;
  service: LoadResult;
  delivery: Delivery;
  /** CPU µs per acknowledged request of each process while the load ran (NaN where it cannot be read). */
  cpu: CpuPerRequest;
  /** The floor's run in this round, when the floor is measured. */
  floor?: FloorRun;
}

/**
 * Where the cores go, in CPU µs per request: during the service's load its own process, Redis, the stream clients
 * and the load generator; during the reference's load the reference and the load generator.
 */
export interface CpuPerRequest {
  service: number;
  redis: number;
  streamClients: number;
  loadGenerator: number;
  reference: number;
  referenceLoadGenerator: number;
}

/** A server under load with its own stream clients: the service, or the floor. */
export interface PipelineTarget {
  url: string;
  pid: number;
  clients: StreamClients;
}

/** One load of the floor (bench/floor.ts), with the same clients' check and CPU readings as the service's. */
export interface FloorRun {
  load: LoadResult;
  delivery: Delivery;
  /** CPU µs per request: the floor's own process, Redis, its stream clients, the load generator. */
  cpu: { floor: number; redis: number; streamClients: number; loadGenerator: number };
}

/** The floor at one connection count, medians over the rounds. */
export interface FloorLevel {
  rps: number;
  /** Median over rounds of floor req/s ÷ reference req/s (adjacent runs). */
  ratio: number;
  /** Median over rounds of service req/s ÷ floor req/s. */
  serviceRatio: number;
  p99Ms: number;
  errors: number;
  missingDeliveries: number;
  cpu: FloorRun['cpu'];
}

export interface PipelineLevel {
  connections: number;
  rounds: PipelineRound[];
  /** Median over rounds of service req/s ÷ reference req/s (each ratio from adjacent runs, so drift cancels). */
  ratio: number;
  /** Medians over the rounds. */
  cpu: CpuPerRequest;
  referenceRps: number;
  serviceRps: number;
  p50Ms: number;
  p99Ms: number;
  worstP99Ms: number;
  errors: number;
  missingDeliveries: number;
  floor?: FloorLevel;
}

/** One measured load of a target: its stream clients' check and CPU µs per request of it, Redis, clients and generator. */
async function measureTarget(name: string, target: PipelineTarget, redisPid: number, mode: Mode, connections: number) {
  const run = runTag();
  const acked = new Bits();
  const meter = cpuMeter([target.pid, redisPid, target.clients.pid, process.pid]);
  const result = await load(`${name} ${connections} conn`, target.url, on('/hooks/claude', claudePreToolUse(run)), {
    connections, duration: mode.pipelineSeconds, onAck: (n) => acked.add(n),
  });
  const [own, redis, streamClients, loadGenerator] = meter(result.requests);
  const delivery = await target.clients.check(run, acked);
  return { load: result, delivery, cpu: { own, redis, streamClients, loadGenerator } };
}

/**
 * The full pipeline (Claude Code PreToolUse bodies with fresh tool_use_ids, Redis Streams, 10 stream clients
 * each receiving every event) against the reference, alternating at each connection count: reference, floor (when
 * given), service, reference, ... so drift cancels.
 */
export async function pipelineVsReference(
  service: PipelineTarget,
  reference: { url: string; pid: number },
  redisPid: number,
  mode: Mode,
  connections: number,
  floor?: PipelineTarget,
): Promise<PipelineLevel> {
  const rounds: PipelineRound[] = [];
  for (let round = 1; round <= mode.rounds; round++) {
    const refCpu = cpuMeter([reference.pid, process.pid]);
    const ref = await load(`reference ${connections} conn`, reference.url, on('/hooks/claude', claudePreToolUse(runTag())), {
      connections, duration: mode.pipelineSeconds,
    });
    const [refOwn, refGen] = refCpu(ref.requests);
    let floorRun: FloorRun | undefined;
    if (floor) {
      const f = await measureTarget('floor', floor, redisPid, mode, connections);
      floorRun = { load: f.load, delivery: f.delivery, cpu: { floor: f.cpu.own, redis: f.cpu.redis, streamClients: f.cpu.streamClients, loadGenerator: f.cpu.loadGenerator } };
    }
    const s = await measureTarget('service', service, redisPid, mode, connections);
    rounds.push({
      round, reference: ref, service: s.load, delivery: s.delivery, floor: floorRun,
      cpu: { service: s.cpu.own, redis: s.cpu.redis, streamClients: s.cpu.streamClients, loadGenerator: s.cpu.loadGenerator, reference: refOwn, referenceLoadGenerator: refGen },
    });
  }
  const p99s = rounds.map((r) => r.service.p99Ms);
  return {
    connections,
    rounds,
    ratio: round(median(rounds.map((r) => r.service.rps / r.reference.rps)), 3),
    cpu: medianCpu(rounds.map((r) => r.cpu)),
    referenceRps: median(rounds.map((r) => r.reference.rps)),
    serviceRps: median(rounds.map((r) => r.service.rps)),
    p50Ms: median(rounds.map((r) => r.service.p50Ms)),
    p99Ms: median(p99s),
    worstP99Ms: Math.max(...p99s),
    errors: rounds.reduce((a, r) => a + r.service.errors + r.service.non2xx + r.reference.errors + r.reference.non2xx, 0),
    missingDeliveries: rounds.reduce((a, r) => a + r.delivery.missing.reduce((x, y) => x + y, 0), 0),
    floor: floor ? floorLevel(rounds) : undefined,
  };
}

function floorLevel(rounds: PipelineRound[]): FloorLevel {
  const runs = rounds.flatMap((r) => (r.floor ? [{ ...r.floor, reference: r.reference, service: r.service }] : []));
  const m = (f: (x: (typeof runs)[number]) => number, digits = 1) => round(median(runs.map(f)), digits);
  return {
    rps: m((r) => r.load.rps),
    ratio: m((r) => r.load.rps / r.reference.rps, 3),
    serviceRatio: m((r) => r.service.rps / r.load.rps, 3),
    p99Ms: m((r) => r.load.p99Ms),
    errors: runs.reduce((a, r) => a + r.load.errors + r.load.non2xx, 0),
    missingDeliveries: runs.reduce((a, r) => a + r.delivery.missing.reduce((x, y) => x + y, 0), 0),
    cpu: {
      floor: m((r) => r.cpu.floor), redis: m((r) => r.cpu.redis), streamClients: m((r) => r.cpu.streamClients), loadGenerator: m((r) => r.cpu.loadGenerator),
    },
  };
}

/** Reads the processes' CPU now; the returned function gives each one's CPU µs per request since then. */
function cpuMeter(pids: number[]): (requests: number) => number[] {
  const before = pids.map(cpuMs);
  return (requests) => pids.map((pid, i) => round(((cpuMs(pid) - before[i]) * 1000) / Math.max(1, requests), 1));
}

function medianCpu(all: CpuPerRequest[]): CpuPerRequest {
  const m = (k: keyof CpuPerRequest) => round(median(all.map((c) => c[k])), 1);
  return {
    service: m('service'), redis: m('redis'), streamClients: m('streamClients'), loadGenerator: m('loadGenerator'),
    reference: m('reference'), referenceLoadGenerator: m('referenceLoadGenerator'),
  };
}
