// Drains the outage spool into Redis: oldest first, one batch per round trip, paced by the circuit breaker.
import type { StoreLogger } from './types.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { Spool, SpoolEntry } from './spool.js';

export interface FlusherOptions {
  spool: Spool;
  breaker: CircuitBreaker;
  batchSize: number;
  log: StoreLogger;
  /** Whether the connection is up (a flush attempt is pointless otherwise; its `ready` event reschedules). */
  connected(): boolean;
  /** Writes one batch (the append script with the entries' provisional ids); rejects on any failure. */
  write(batch: SpoolEntry[]): Promise<void>;
  onFailure(err: unknown): void;
  /** Called once the spool is empty after a flush, synchronously with that check. */
  onDrained(): void;
}

export class SpoolFlusher {
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly opts: FlusherOptions) {}

  get inProgress(): boolean {
    return this.running !== null;
  }

  /** Flush after `delayMs`, or once the breaker's cool-down is over. */
  schedule(delayMs?: number): void {
    const { spool, breaker } = this.opts;
    if (this.stopped || this.running || !spool.size) return;
    const wait = delayMs ?? breaker.waitMs;
    if (this.timer) {
      if (wait > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, wait);
  }

  /** Runs until the spool is empty, the connection is down or a write fails; concurrent callers share one run. */
  flush(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.opts.spool.size) this.schedule();
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    const { spool, breaker, batchSize, log } = this.opts;
    while (spool.size > 0 && this.opts.connected() && breaker.tryAcquire()) {
      const batch = spool.peek(batchSize);
      try {
        await this.opts.write(batch);
      } catch (err) {
        this.opts.onFailure(err);
        log.warn({ err, depth: spool.size }, 'spool: flush failed; will retry');
        return;
      }
      breaker.success();
      // Only now: a crash before this line re-sends the batch, and idempotency keys absorb it.
      spool.shift(batch.length);
    }
    if (spool.size === 0) this.opts.onDrained();
  }

  /** No more timers; a run in progress finishes its batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** For close(): clears a pending timer without stopping, so close can drive flush() itself. */
  cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
