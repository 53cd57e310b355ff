// Bench helpers: autocannon with a fresh body per request, the seed's SLA, percentiles and a text table.
import autocannon from 'autocannon';
import type { Request } from './payloads.js';

export interface LoadResult {
  name: string;
  connections: number;
  requests: number;
  seconds: number;
  rps: number;
  avgMs: number;
  p50Ms: number;
  p90Ms: number;
  p97_5Ms: number;
  p99Ms: number;
  maxMs: number;
  successRate: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  connections?: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  /** A fixed number of requests instead of a duration (the seed's "10k events"). */
  amount?: number;
  /** Sees the request number and body of every 2xx answer: which events the service acknowledged. */
  onAck?: (n: number, body: string) => void;
}

/** Per-connection state autocannon hands back to setupRequest and onResponse. */
interface Ctx {
  n?: number;
}

/** Loads `url` with POSTs; request n gets make(n), so no id repeats within a run. */
export async function load(name: string, url: string, make: (n: number) => Request, opts: LoadOptions = {}): Promise<LoadResult> {
  let next = 0;
  const connections = opts.connections ?? 10;
  const started = performance.now();
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? 10 }),
    requests: [
      {
        setupRequest: (req, context: Ctx) => {
          const n = next++;
          context.n = n;
          const { path, body } = make(n);
          return { ...req, path, body };
        },
        onResponse: (status, body, context: Ctx) => {
          if (status >= 200 && status < 300 && context.n !== undefined) opts.onAck?.(context.n, body);
        },
      },
    ],
  });
  const seconds = (performance.now() - started) / 1000;
  const total = result.requests.total;
  return {
    name,
    connections,
    requests: total,
    seconds: round(seconds),
    // With `amount` the run is not a whole number of seconds: requests over elapsed time, not autocannon's per-second mean.
    rps: Math.round(opts.amount ? total / seconds : result.requests.average),
    avgMs: round(result.latency.average),
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p97_5Ms: result.latency.p97_5,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    successRate: total ? result['2xx'] / total : 0,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Milliseconds on the monotonic clock, which every process on the machine shares (unlike performance.now()). */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The middle value, or the mean of the two middle ones. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The seed's SLA: average < 50 ms, p95 < 75 ms, success > 95 %. autocannon reports no p95, so the
 * stricter p97.5 stands in for it. Errors (resets, timeouts) fail it too: they are not a slow success.
 */
export function slaProblems(r: LoadResult): string[] {
  const out: string[] = [];
  if (!(r.avgMs < 50)) out.push(`average ${r.avgMs} ms >= 50`);
  if (!(r.p97_5Ms < 75)) out.push(`p97.5 ${r.p97_5Ms} ms >= 75`);
  if (!(r.successRate > 0.95)) out.push(`success ${(r.successRate * 100).toFixed(2)}% <= 95%`);
  if (r.errors) out.push(`${r.errors} connection errors or timeouts`);
  if (!r.requests) out.push('no requests completed');
  return out;
}

/** A plain text table: the head row, then one row per line, columns padded to their widest cell. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const fmt = (cols: string[]) => cols.map((c, k) => c.padEnd(widths[k])).join('  ').trimEnd();
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n');
}

/** A growable bit set over request numbers: which events were acknowledged, which a client saw. */
export class Bits {
  private bytes = new Uint8Array(1 << 16);
  size = 0;

  add(n: number): void {
    const i = n >>> 3;
    if (i >= this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, i + 1));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    const mask = 1 << (n & 7);
    if (!(this.bytes[i] & mask)) {
      this.bytes[i] |= mask;
      this.size++;
    }
  }

  has(n: number): boolean {
    const i = n >>> 3;
    return i < this.bytes.length && (this.bytes[i] & (1 << (n & 7))) !== 0;
  }

  /** How many members of `this` are missing from `other`. */
  missingFrom(other: Bits): number {
    let missing = 0;
    for (let i = 0; i < this.bytes.length; i++) {
      const diff = this.bytes[i] & ~(i < other.bytes.length ? other.bytes[i] : 0);
      for (let b = diff; b; b &= b - 1) missing++;
    }
    return missing;
  }

  toBase64(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString('base64');
  }

  static fromBase64(s: string): Bits {
    const bits = new Bits();
    bits.bytes = new Uint8Array(Buffer.from(s, 'base64'));
    for (const byte of bits.bytes) for (let b = byte; b; b &= b - 1) bits.size++;
    return bits;
  }
}
