// `npm run bench [-- --quick]`: the service against a bare Fastify reference in one run, as a table and bench/results/latest.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { startFloor, startOwnRedis, startReference, startService, stopAll, type Proc } from './procs.js';
import { pipelineVsReference, redisPersistence, runTag, seedScenarios, warmUp, type Mode, type ScenarioRow } from './scenarios.js';
import { deliveryLatency, startStreamClients } from './stream.js';
import { validatorFigures } from './validator-figures.js';
import { footprint } from './footprint.js';
import { failures, render, type Results } from './report.js';

const quick = process.argv.includes('--quick');
// Quick: under 60 s on a 2-core machine, for CI (after npm ci, which builds). Full: about 6 minutes, what the README's table comes from.
const mode: Mode = quick
  ? { quick, scenarioSeconds: 2.5, pipelineSeconds: 2, rounds: 2, latencySeconds: 2, memoryEvents: 0, idleClients: 0, floor: false }
  : { quick, scenarioSeconds: 10, pipelineSeconds: 10, rounds: 3, latencySeconds: 10, memoryEvents: 1_000_000, idleClients: 1000, floor: true };
const warmSeconds = quick ? 1 : 3;

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const note = (msg: string) => console.error(`[${elapsed()}] ${msg}`);

const results: Results = {
  machine: {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    redis: 'not started',
    loadStart: loadavg()[0],
  },
  scenarios: [],
  pipeline: [],
  errors: [],
};

/** SIGTERM a service and check it drained and exited 0, as the contract asks (§7). */
async function stopChecked(p: Proc): Promise<void> {
  const code = await p.stop();
  if (code !== 0) results.errors.push(`${p.name} exited ${code} on SIGTERM`);
}

const logRow = (s: ScenarioRow) =>
  note(`${s.scenario}: ${s.rps} req/s, avg ${s.avgMs} ms, p97.5 ${s.p97_5Ms} ms, SLA ${s.sla}${s.problems.length ? ` (${s.problems.join('; ')})` : ''}`);

try {
  const redis = await startOwnRedis();
  results.machine.redis = redis.version;
  note(`redis-server ${redis.version} on ${redis.url}; starting the services and the reference`);
  const [memory, service, reference] = await Promise.all([
    startService('service (memory store)'),
    startService('service (Redis)', { REDIS_URL: redis.url, HOOK_STREAM_PREFIX: `bench-${runTag()}:` }),
    startReference(),
  ]);

  // 1. The seed's scenarios on the embedded store; then that service is stopped so it costs nothing later.
  await warmUp(memory.url, warmSeconds);
  results.scenarios.push(...(await seedScenarios(memory.url, mode, logRow)));
  await stopChecked(memory);

  // 2. Redis Streams: stream latency, the seed's persistence scenario, then the full pipeline against the reference.
  await warmUp(service.url, warmSeconds);
  await warmUp(reference.url, warmSeconds);
  // POST -> WebSocket at a moderate load (500 events/s) first: after the saturating loads Redis holds hundreds of MB
  // and rewrites its AOF in the background, which would be measured here as the service's latency.
  results.latency = await deliveryLatency(service.url, runTag(), { clients: 10, rate: 500, seconds: mode.latencySeconds });
  note(`POST -> WebSocket p50 ${results.latency.p50Ms} ms, p99 ${results.latency.p99Ms} ms`);
  const persistence = await redisPersistence(service.url, mode);
  logRow(persistence);
  results.scenarios.push(persistence);
  // The floor (full mode): the same loads on a server that only stores and streams, beside the service.
  const floor = mode.floor ? await startFloor(redis.url, `bench-${runTag()}:`) : undefined;
  if (floor) await warmUp(floor.url, warmSeconds);
  const clients = await startStreamClients(service.url, 10);
  const floorClients = floor ? await startStreamClients(floor.url, 10) : undefined;
  try {
    for (const connections of [10, 50]) {
      const level = await pipelineVsReference(
        { url: service.url, pid: service.pid, clients }, reference, redis.pid, mode, connections,
        floor && floorClients ? { url: floor.url, pid: floor.pid, clients: floorClients } : undefined,
      );
      note(`full pipeline ${connections} conn: ${level.serviceRps} vs ${level.referenceRps} req/s (x ${level.ratio}), p99 ${level.p99Ms} ms`);
      if (level.floor) note(`floor ${connections} conn: ${level.floor.rps} req/s (x ${level.floor.ratio} of the reference; the service x ${level.floor.serviceRatio} of it)`);
      results.pipeline.push(level);
    }
  } finally {
    await clients.stop();
    await floorClients?.stop();
    await floor?.stop();
  }

  await Promise.all([stopChecked(service), reference.stop()]);
  await redis.stop();

  // 3. The validator alone, on a quiet machine.
  results.validator = await validatorFigures();
  note(`validator median ${results.validator.medianUs} µs, p99 ${results.validator.p99Us} µs`);

  // 4. Memory, full mode only: a million events take a minute or two.
  if (mode.memoryEvents) {
    results.footprint = await footprint(runTag(), mode.memoryEvents, mode.idleClients, 300_000);
    if (results.footprint.exitCode !== 0) results.errors.push(`memory footprint service exited ${results.footprint.exitCode} on SIGTERM`);
    note(`RSS ${results.footprint.rssAfterEventsMb} MB after ${results.footprint.acknowledged} events, ${results.footprint.rssWithClientsMb} MB with ${mode.idleClients} idle clients`);
  }
} catch (err) {
  results.errors.push(`bench error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
} finally {
  await stopAll();
  results.machine.loadEnd = loadavg()[0];
}

await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${render(results)}\n`);
const failed = failures(results);
if (failed.length) {
  console.error(`BENCH FAILED (${elapsed()}):\n  ${failed.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log(`No SLA FAIL and no error (${elapsed()}). Results in bench/results/latest.json.`);
}
