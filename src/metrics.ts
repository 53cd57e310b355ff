// App-scoped Prometheus metrics (one Registry per app, never the global one) and the rolling SLA window.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isHookType } from './schemas/hook-types.js';

const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5];

/** The last N processing times, for the health figures (avg and p95 over recent traffic). */
class RollingWindow {
  private readonly samples: Float64Array;
  private count = 0;
  private next = 0;

  constructor(size = 1000) {
    this.samples = new Float64Array(size);
  }

  add(value: number): void {
    this.samples[this.next] = value;
    this.next = (this.next + 1) % this.samples.length;
    if (this.count < this.samples.length) this.count++;
  }

  get size(): number {
    return this.count;
  }

  average(): number {
    if (!this.count) return 0;
    let sum = 0;
    for (let i = 0; i < this.count; i++) sum += this.samples[i];
    return sum / this.count;
  }

  percentile(p: number): number {
    if (!this.count) return 0;
    const sorted = Array.from(this.samples.subarray(0, this.count)).sort((a, b) => a - b);
    const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
    return sorted[Math.max(0, idx)];
  }

  countAbove(threshold: number): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) if ((this.samples[i]) > threshold) n++;
    return n;
  }
}

export class HookMetrics {
  readonly registry = new Registry();
  readonly processed = new Counter({
    name: 'hooks_processed_total',
    help: 'Hooks processed, by hook type and decision',
    labelNames: ['hook_type', 'decision'] as const,
    registers: [this.registry],
  });
  readonly blocked = new Counter({
    name: 'hooks_blocked_total',
    help: 'Hooks answered with decision deny',
    labelNames: ['hook_type'] as const,
    registers: [this.registry],
  });
  readonly duplicates = new Counter({
    name: 'hooks_duplicate_events_total',
    help: 'Posts whose event_id was already stored (answered with the stored result)',
    registers: [this.registry],
  });
  readonly processing = new Histogram({
    name: 'hooks_processing_seconds',
    help: 'Time from receiving a hook to its durable acceptance',
    labelNames: ['hook_type'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly violations = new Counter({
    name: 'hooks_performance_threshold_violations_total',
    help: 'Hooks slower than HOOK_PERFORMANCE_THRESHOLD_MS',
    registers: [this.registry],
  });
  readonly rejected = new Counter({
    name: 'hooks_rejected_total',
    help: 'Requests answered with an error, by code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly failClosed = new Counter({
    name: 'hooks_fail_closed_total',
    help: 'Events that could not be fully judged and got HOOK_FAIL_DECISION (or stricter), by cause',
    labelNames: ['cause'] as const,
    registers: [this.registry],
  });
  readonly unknownEventTypes = new Counter({
    name: 'hooks_unknown_event_types_total',
    help: 'Events an agent route received under a name it does not know (stored under that name), by dialect',
    labelNames: ['dialect'] as const,
    registers: [this.registry],
  });
  readonly storeEvents = new Gauge({
    name: 'hooks_store_events',
    help: 'Events currently retained by the store',
    registers: [this.registry],
  });
  readonly window = new RollingWindow(1000);

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Record one processed hook; returns true when it violated the threshold. */
  observe(type: string, decision: string, seconds: number, thresholdMs: number): boolean {
    // Agents may send any event name: a label per name would let one client grow the registry without bound.
    const hookType = isHookType(type) ? type : 'other';
    this.processed.inc({ hook_type: hookType, decision });
    if (decision === 'deny') this.blocked.inc({ hook_type: hookType });
    this.processing.observe({ hook_type: hookType }, seconds);
    const ms = seconds * 1000;
    this.window.add(ms);
    if (ms > thresholdMs) {
      this.violations.inc();
      return true;
    }
    return false;
  }

  async violationsTotal(): Promise<number> {
    const v = await this.violations.get();
    return v.values.reduce((s, x) => s + x.value, 0);
  }
}
