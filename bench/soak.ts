// `npm run soak`: minutes of steady hostile load on a real service and Redis (killed once), then pass/fail verdicts.
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { spawnService, type ServiceProcess } from '../test/helpers/service.js';
import type { TestRedis } from '../test/helpers/redis.js';
import { Ids } from './soak-bodies.js';
import { prng } from '../test/helpers/prng.js';
import { newAgents, runPaced, Tally, type Answer } from './soak-load.js';
import { mixSchedule, type MixContext } from './soak-mix.js';
import { churn, expire, Reader, sleep, slowReaders, StreamTally } from './soak-stream.js';
import { Sampler, spoolDrained } from './soak-sampler.js';
import { decisionCheck, fiveXXCheck, gapCheck, lossCheck, redisAway, rssCheck, scanStream, type Check, type Window } from './soak-checks.js';
import { printReport, writeResults } from './soak-report.js';

// --short: 30 s instead of 180; --duration S; --rate R (shots a second, over all clients); --clients C; --down S (the
// Redis outage); --seed N (the mix's PRNG);.
const { values: args } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    duration: { type: 'string' },
    rate: { type: 'string', default: '150' },
    clients: { type: 'string', default: '12' },
    down: { type: 'string', default: '4' },
    seed: { type: 'string', default: '20261201' },
  },
});
const durationS = Number(args.duration ?? (args.short ? 30 : 180));
const rate = Number(args.rate);
const clients = Number(args.clients);
const downS = Number(args.down);
const seed = Number(args.seed);
for (const [name, v] of Object.entries({ duration: durationS, rate, clients, down: downS, seed })) {
  if (!Number.isFinite(v) || v < 0 || (v === 0 && name !== 'seed')) throw new Error(`soak: --${name} must be a positive number`);
}
/** The service's default HOOK_DECISION_BUDGET_MS and HOOK_MAX_BODY_BYTES: the soak runs the defaults. */
const BUDGET_MS = 1000;
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/**
 * Client-side slack over the budget: the client shares 2 cores with the service and Redis, so its own timers and
 * socket reads can run late by a GC pause or a scheduler slice. 250 ms is a quarter of the budget.
 */
const SLACK_MS = 250;
const RSS_RATIO = 1.5;
const RSS_CEILING = 600 * 1024 * 1024;

if (process.env.REDIS_URL) console.warn('soak: REDIS_URL ignored: the soak kills and restarts a redis-server of its own');
delete process.env.REDIS_URL; // read by the helper when it is loaded, just below
const { startRedis } = await import('../test/helpers/redis.js');

let redis: TestRedis | undefined;
let svc: ServiceProcess | undefined;
/** Children die with the soak, whatever way it ends. */
async function cleanup(): Promise<void> {
  if (svc && svc.proc.exitCode === null) svc.proc.kill('SIGKILL');
  await Promise.race([redis?.stop(), expire(5000)]);
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`soak: ${sig}, stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.once(event, (err) => {
    console.error(`soak: ${event}:`, err);
    void cleanup().finally(() => process.exit(1));
  });
}
process.on('exit', () => svc?.proc.exitCode === null && svc.proc.kill('SIGKILL'));
const watchdog = setTimeout(() => {
  console.error('soak: watchdog: the run took far longer than planned; stopping');
  void cleanup().finally(() => process.exit(2));
}, (durationS + 180) * 1000);
watchdog.unref();

const run = randomBytes(3).toString('hex');
const startedAt = Date.now();
const prefix = `soak-${run}:`;
const loopLag = monitorEventLoopDelay({ resolution: 10 });
loopLag.enable();

try {
  // AOF with fsync always: an acknowledged event must survive the SIGKILL below (everysec may lose ~1 s).
  redis = await startRedis({ appendonly: true, args: ['--appendfsync', 'always'] });
  svc = await spawnService({ LOG_LEVEL: 'warn', REDIS_URL: redis.url, HOOK_STREAM_PREFIX: prefix });
  const service = svc;
  const base = new URL(service.url);
  const wsUrl = `${service.url.replace(/^http/, 'ws')}/hooks/stream`;
  console.log(`soak: ${durationS} s at ${rate} shots/s from ${clients} clients against ${service.url} (Redis ${redis.url}, prefix ${prefix})`);

  const t0 = Date.now();
  const endAt = t0 + durationS * 1000;
  const rnd = prng(seed);
  const tally = new Tally();
  const streamTally = new StreamTally();
  const sampler = new Sampler(service.url, service.proc.pid as number, t0);
  sampler.start();

  // Redis goes away once, around the middle: [kill, spool drained] is the outage window.
  const outage = { killAt: 0, restartedAt: 0, drainedAt: 0 };
  const outageWindow = (): Window | null => (outage.killAt ? { from: outage.killAt, to: (outage.drainedAt || Infinity) + 3000 } : null);
  const inOutage = (a: Answer) => outage.killAt > 0 && a.endedAt >= outage.killAt && (!outage.drainedAt || a.startedAt <= outage.drainedAt + 3000);

  const readers = [
    new Reader(wsUrl, 'reader A', streamTally, null, rnd),
    new Reader(wsUrl, 'reader B', streamTally, null, rnd),
    new Reader(wsUrl, 'resumer', streamTally, [2000, 6000], rnd),
  ];
  for (const r of readers) r.start();
  for (let i = 0; i < 200 && readers.some((r) => !r.firstSync); i++) await sleep(50);

  const ctx: MixContext = {
    base, agents: newAgents(clients), tally, ids: new Ids(run), rnd, maxBodyBytes: MAX_BODY_BYTES, timeoutMs: 10_000, inOutage,
  };
  const next = mixSchedule();
  let loadEndedAt = 0;
  const load = runPaced({
    clients, rate, endAt, tally,
    shot: (c) => {
      const { entry, n } = next();
      return entry.run(ctx, c, ctx.ids.next(), n);
    },
  }).then(() => {
    loadEndedAt = Date.now();
  });
  const churners = [0, 1].map(() => churn(wsUrl, streamTally, endAt, rnd, () => readers[0].last));
  const slow = slowReaders(wsUrl, streamTally, endAt, () => sampler.slowCloses);
  const chaos = (async () => {
    await sleep(Math.max(1000, (durationS * 0.45 - downS / 2) * 1000));
    outage.killAt = Date.now();
    await redis?.kill();
    await sleep(downS * 1000);
    await redis?.restart();
    outage.restartedAt = Date.now();
    if (await spoolDrained(service.url, 60_000)) outage.drainedAt = Date.now();
  })();
  const [slowCodes] = await Promise.all([slow, load, chaos, ...churners]);
  const clientsEndedAt = Date.now();

  // After the load: the spool empties, every reader catches up with the stream's top, then the stream is read.
  sampler.stop();
  const drained = await spoolDrained(service.url, 30_000);
  const top = await fetch(`${service.url}/health/hooks`, { signal: AbortSignal.timeout(5000) })
    .then(async (r) => ((await r.json()) as { store: { last_id: string | null } }).store.last_id, () => null);
  for (let i = 0; i < 300 && top && readers.some((r) => r.last !== top); i++) await sleep(50);
  await Promise.all(readers.map((r) => r.stop()));
  const scan = await scanStream(redis.url, `${prefix}{hh}:hook_lifecycle_events`);
  const scannedAt = Date.now();

  tally.settle(2000);
  const away = redisAway(outageWindow(), sampler.samples, t0);
  const checks: Check[] = [
    fiveXXCheck(tally, away),
    decisionCheck(tally, BUDGET_MS, SLACK_MS, t0, (from, to) => sampler.runQueue.between(from, to)),
    { ...lossCheck(tally, scan), ...(drained ? {} : { ok: false, detail: ['the spool did not drain within 30 s after the load'] }) },
    rssCheck(sampler.samples, durationS, RSS_RATIO, RSS_CEILING),
    gapCheck(readers, scan, streamTally, away),
  ];
  const closed4008 = slowCodes.filter((c) => c === 4008).length;
  checks.push({
    name: 'stream: a client that stops reading is closed with 4008',
    ok: closed4008 > 0,
    detail: [`slow readers closed by the server with: ${slowCodes.join(', ') || 'nothing'}; server count ${sampler.slowCloses}`],
  });

  // 5. Still healthy: live, a fresh event round-trips through the stream, and SIGTERM exits 0.
  const end: string[] = [];
  const live = await fetch(`${service.url}/health/live`).then((r) => r.status, () => 0);
  end.push(`/health/live ${live}`);
  const roundTrip = await probeRoundTrip(service.url, wsUrl, `soak-${run}-final`);
  end.push(roundTrip ?? 'a new event reached a new stream client');
  const errorLines = service.stderr().split('\n').concat(service.stdout().split('\n')).filter((l) => /"level":(50|60)/.test(l));
  const stoppingAt = Date.now();
  const exit = await Promise.race([service.kill('SIGTERM'), expire(20_000).then(() => 'no exit within 20 s')]);
  const phases = `setup ${(t0 - startedAt) / 1000} s, load ${(loadEndedAt - t0) / 1000} s, stream clients ${(clientsEndedAt - loadEndedAt) / 1000} s more, drain and scan ${(scannedAt - clientsEndedAt) / 1000} s, ` +
    `end checks ${(stoppingAt - scannedAt) / 1000} s, SIGTERM to exit ${(Date.now() - stoppingAt) / 1000} s`;
  end.push(`exit on SIGTERM: ${exit}`, `error-level log lines: ${errorLines.length}`, ...errorLines.slice(0, 5).map((l) => `  ${l.slice(0, 300)}`));
  checks.push({ name: '5. healthy at the end, exits 0 on SIGTERM', ok: live === 200 && roundTrip === null && exit === 0, detail: end });

  loopLag.disable();
  const facts = {
    run, durationS, rate, clients, seed, phases, loadSeconds: (loadEndedAt - t0) / 1000, outage: { ...outage, downS },
    driverLoopLagMs: { p99: loopLag.percentile(99) / 1e6, max: loopLag.max / 1e6 },
    serviceCpuWaitPct: (100 * sampler.runQueue.between(t0, loadEndedAt)) / (loadEndedAt - t0),
    stream: { connections: streamTally.connections, closes: Object.fromEntries(streamTally.closes), readers: readers.map((r) => ({ name: r.name, events: r.ids.length, reconnects: r.reconnects })) },
  };
  printReport(tally, checks, sampler.samples, facts);
  await writeResults(tally, checks, sampler.samples, facts);
  process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
} catch (err) {
  console.error('soak: aborted:', err);
  process.exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(watchdog);
}

/** Posts a new event and waits for it on a new stream client; null when it arrived, else what went wrong. */
async function probeRoundTrip(http: string, ws: string, eventId: string): Promise<string | null> {
  const client = new WebSocket(ws);
  try {
    let subscribed = false;
    let seen = false;
    client.on('message', (d) => {
      const text = d.toString();
      if (text.startsWith('{"type":"subscribed"')) subscribed = true;
      if (text.includes(`"event_id":"${eventId}"`)) seen = true;
    });
    client.on('error', () => {});
    for (let i = 0; i < 100 && !subscribed; i++) await sleep(50);
    if (!subscribed) return 'a new stream client was not subscribed within 5 s';
    const res = await fetch(`${http}/hooks`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5000),
      body: JSON.stringify({ hook_type: 'Notification', agent_id: 'soak-final', payload: { message: 'still there?' }, event_id: eventId }),
    });
    if (res.status !== 200) return `the final event was answered ${res.status}`;
    for (let i = 0; i < 100 && !seen; i++) await sleep(50);
    return seen ? null : 'the final event did not reach a new stream client within 5 s';
  } catch (err) {
    return `round trip failed: ${(err as Error).message}`;
  } finally {
    client.terminate();
  }
}
