// Live-stream measures: N clients (own process) that must each get every acknowledged event, and POST → frame latency.
import { spawn } from 'node:child_process';
import { track } from './procs.js';
import { Bits, monotonicMs, percentile, round } from './lib.js';
import { claudePreToolUse } from './payloads.js';
import type { ClientsCommand, ClientsReport } from './ws-clients.js';

export interface Delivery {
  clients: number;
  acked: number;
  /** Per client: acknowledged events it never received after the drain. */
  missing: number[];
  /** Closes or errors the clients saw (a 4008 slow-consumer close, say). */
  closes: string[];
}

export interface StreamClients {
  count: number;
  /** The clients' process, so its CPU can be read. */
  pid: number;
  /** Waits up to `drainMs` for every client to hold every acknowledged event of `run`, then says who lacks what. */
  check(run: string, acked: Bits, drainMs?: number): Promise<Delivery>;
  /** From now on, note when each client gets each event `0 <= n < count` of `run`. */
  time(run: string, count: number): void;
  /** What was noted since `time(run)`: per client, per event, the arrival on the monotonic clock or -1. */
  times(run: string): Promise<number[][]>;
  stop(): Promise<void>;
}

/** Starts `count` unfiltered stream clients in a child process and waits until each is subscribed. */
export async function startStreamClients(url: string, count: number): Promise<StreamClients> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/ws-clients.ts', url, String(count)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.connected) proc.send({ type: 'stop' } satisfies ClientsCommand);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (proc.exitCode === null) proc.kill('SIGKILL');
  };
  track(`${count} stream clients`, proc, stop);
  // One listener for the child's reports; each waiter takes the first report of its type (or a failure).
  const waiters: ((m: ClientsReport) => boolean)[] = [];
  proc.on('message', (m: ClientsReport) => {
    const i = waiters.findIndex((w) => w(m));
    if (i >= 0) waiters.splice(i, 1);
  });
  proc.once('exit', (code) => {
    for (const w of waiters.splice(0)) w({ type: 'failed', message: `exited ${code}` });
  });
  const next = <T extends ClientsReport['type']>(type: T) =>
    new Promise<Extract<ClientsReport, { type: T }>>((resolve, reject) => {
      if (proc.exitCode !== null) return reject(new Error(`stream clients exited ${proc.exitCode}`));
      waiters.push((m) => {
        if (m.type === 'failed') reject(new Error(`stream clients: ${m.message}`));
        else if (m.type === type) resolve(m as Extract<ClientsReport, { type: T }>);
        else return false;
        return true;
      });
    });
  await next('ready');
  return {
    count,
    pid: proc.pid ?? NaN,
    async check(run, acked, drainMs = 3000) {
      const deadline = performance.now() + drainMs;
      let report: Extract<ClientsReport, { type: 'checked' }>;
      for (;;) {
        proc.send({ type: 'check', run, acked: acked.toBase64() } satisfies ClientsCommand);
        report = await next('checked');
        if (report.missing.every((m) => m === 0) || performance.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      proc.send({ type: 'forget', run } satisfies ClientsCommand);
      proc.send({ type: 'status' } satisfies ClientsCommand);
      const status = await next('status');
      return { clients: count, acked: acked.size, missing: report.missing, closes: status.closes };
    },
    time(run, events) {
      proc.send({ type: 'time', run, count: events } satisfies ClientsCommand);
    },
    async times(run) {
      proc.send({ type: 'times', run } satisfies ClientsCommand);
      return (await next('times')).times;
    },
    stop,
  };
}

export interface Latency {
  clients: number;
  rate: number;
  posted: number;
  /** POSTs answered 2xx. */
  postsOk: number;
  /** Deliveries seen (events x clients) and expected (acknowledged events x clients). */
  delivered: number;
  expected: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  postP50Ms: number;
  postP99Ms: number;
}

/**
 * POST → WebSocket latency at a moderate, paced load: `clients` stream clients in their own process (as a dashboard
 * is), time from just before each POST /hooks/claude is sent to each client's frame carrying it, both read on the
 * monotonic clock the two processes share.
 */
export async function deliveryLatency(url: string, run: string, opts: { clients: number; rate: number; seconds: number }): Promise<Latency> {
  const { clients, rate, seconds } = opts;
  const total = Math.round(rate * seconds);
  const sentAt = new Float64Array(total);
  const postTimes: number[] = [];
  const acked = new Bits();
  const stream = await startStreamClients(url, clients);
  let times: number[][];
  const make = claudePreToolUse(run);
  let posted = 0;
  let inFlight = 0;
  try {
    stream.time(run, total);
    const t0 = performance.now();
    while (posted < total) {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
      // At most 64 in flight, so a stall cannot pile up unbounded work.
      while (posted < due && inFlight < 64) {
        const n = posted++;
        inFlight++;
        const start = monotonicMs();
        sentAt[n] = start;
        fetch(`${url}/hooks/claude`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: make(n) })
          .then(async (r) => {
            await r.arrayBuffer();
            postTimes.push(monotonicMs() - start);
            if (r.ok) acked.add(n);
          })
          .catch(() => {})
          .finally(() => inFlight--);
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    const deadline = performance.now() + 5000;
    while (inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    // Waits (up to 5 s) until every client holds every acknowledged event; the times then tell what is missing.
    await stream.check(run, acked, 5000);
    times = await stream.times(run);
  } finally {
    await stream.stop();
  }
  const latencies: number[] = [];
  for (const client of times) {
    for (let n = 0; n < total; n++) if (client[n] >= 0) latencies.push(client[n] - sentAt[n]);
  }
  latencies.sort((a, b) => a - b);
  postTimes.sort((a, b) => a - b);
  return {
    clients, rate, posted, postsOk: acked.size,
    delivered: latencies.length,
    expected: acked.size * clients,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies[latencies.length - 1] ?? NaN),
    postP50Ms: round(percentile(postTimes, 50)),
    postP99Ms: round(percentile(postTimes, 99)),
  };
}
