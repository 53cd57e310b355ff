// Once a second: the service's RSS (from /proc, which needs nothing from its event loop), its /metrics and its spool.
import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';

export interface Sample {
  /** Seconds since the load started. */
  t: number;
  rssBytes: number | null;
  /** process_resident_memory_bytes as the service reports it (null when /metrics did not answer in time). */
  metricsRssBytes: number | null;
  heapUsedBytes: number | null;
  /** The service's own event-loop delay, max since the previous scrape (prom-client resets it on every collect). */
  loopLagMaxMs: number | null;
  spoolDepth: number | null;
  redis: string | null;
}

async function rssOf(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux: ask ps
  }
  return new Promise((resolve) =>
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], { timeout: 2000 }, (err, out) => resolve(err ? null : Number(out.trim()) * 1024 || null)),
  );
}

async function get(url: string): Promise<string | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return await res.text();
  } catch {
    return null;
  }
}

/** A metric's value (the sum over its label sets matching `labels`, a substring of the label text). */
export function metric(text: string, name: string, labels = ''): number | null {
  let sum: number | null = null;
  for (const m of text.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? ([0-9.e+-]+)$`, 'gm'))) {
    if (labels && !(m[1] ?? '').includes(labels)) continue;
    sum = (sum ?? 0) + Number(m[2]);
  }
  return sum;
}

/**
 * The service's main thread's run-queue wait (/proc/<pid>/task/<pid>/schedstat, 2nd field), sampled every 100 ms:
 * time it was ready to run but another process had the CPU. On a shared 2-core machine that, not the service, is what
 * can hold an answer past its budget; the latency check subtracts exactly this, so a stall of the service's own making
 * (its thread busy on a CPU) still fails.
 */
class RunQueue {
  private readonly at: number[] = [];
  private readonly waitMs: number[] = [];
  private readonly path: string;

  constructor(pid: number) {
    this.path = `/proc/${pid}/task/${pid}/schedstat`;
  }

  async sample(): Promise<void> {
    try {
      const wait = Number((await readFile(this.path, 'utf8')).split(' ')[1]) / 1e6;
      if (Number.isFinite(wait)) {
        this.at.push(Date.now());
        this.waitMs.push(wait);
      }
    } catch {
      // no schedstat (not Linux, or the process is gone): nothing is excused
    }
  }

  /** Cumulative wait at time `t`, interpolated between samples. */
  private waitAt(t: number): number {
    const { at, waitMs } = this;
    if (!at.length) return 0;
    if (t <= at[0]) return waitMs[0];
    if (t >= at[at.length - 1]) return waitMs[waitMs.length - 1];
    let lo = 0;
    let hi = at.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (at[mid] <= t) lo = mid;
      else hi = mid;
    }
    const f = (t - at[lo]) / Math.max(1, at[hi] - at[lo]);
    return waitMs[lo] + f * (waitMs[hi] - waitMs[lo]);
  }

  /** Ms the main thread waited for a CPU between `from` and `to` (Date.now() times). */
  between(from: number, to: number): number {
    return Math.max(0, this.waitAt(to) - this.waitAt(from));
  }

  get available(): boolean {
    return this.at.length > 0;
  }
}

export class Sampler {
  readonly samples: Sample[] = [];
  readonly runQueue: RunQueue;
  /** hooks_ws_slow_consumer_closes_total as last seen. */
  slowCloses = 0;
  lastMetrics = '';
  private timer: NodeJS.Timeout | null = null;
  private fast: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly base: string,
    private readonly pid: number,
    private readonly t0: number,
  ) {
    this.runQueue = new RunQueue(pid);
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), 1000);
    this.fast = setInterval(() => void this.runQueue.sample(), 100);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.fast) clearInterval(this.fast);
  }

  async tick(): Promise<void> {
    if (this.busy) return; // a slow answer must not stack samplers up
    this.busy = true;
    try {
      const [rss, metricsText, health] = await Promise.all([rssOf(this.pid), get(`${this.base}/metrics`), get(`${this.base}/health/hooks`)]);
      let spoolDepth: number | null = null;
      let redis: string | null = null;
      try {
        const h = health ? (JSON.parse(health) as { store?: { spool?: { depth?: number }; redis?: string } }) : undefined;
        spoolDepth = h?.store?.spool?.depth ?? null;
        redis = h?.store?.redis ?? null;
      } catch {
        // not JSON: counted as a missing figure
      }
      if (metricsText) {
        this.lastMetrics = metricsText;
        this.slowCloses = metric(metricsText, 'hooks_ws_slow_consumer_closes_total') ?? this.slowCloses;
      }
      this.samples.push({
        t: (Date.now() - this.t0) / 1000,
        rssBytes: rss,
        metricsRssBytes: metricsText ? metric(metricsText, 'process_resident_memory_bytes') : null,
        heapUsedBytes: metricsText ? metric(metricsText, 'nodejs_heap_size_used_bytes') : null,
        loopLagMaxMs: metricsText ? (metric(metricsText, 'nodejs_eventloop_lag_max_seconds') ?? 0) * 1000 : null,
        spoolDepth,
        redis,
      });
    } finally {
      this.busy = false;
    }
  }
}

/** GET /health/hooks until the spool is empty and Redis is up; false on time-out. */
export async function spoolDrained(base: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await get(`${base}/health/hooks`);
    try {
      const h = JSON.parse(text ?? '') as { store?: { spool?: { depth?: number }; redis?: string } };
      if (h.store?.spool?.depth === 0 && h.store.redis === 'up') return true;
    } catch {
      // try again
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}
