// The outage side of the Redis store: the mode machine (direct ↔ spool), spooling with provisional ids, and the flush.
import type { AppendResult, NewEvent, StoreLogger } from './types.js';
import type { AppendScript, ScriptEvent, ScriptReplyItem } from './redis-scripts.js';
import type { RedisStoreMetrics } from './redis-metrics.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { Spool, type SpoolEntry } from './spool.js';
import { SpoolFlusher } from './spool-flusher.js';
import { StreamIdGenerator } from './stream-id.js';
import { IdempotencyConflictError, StoreUnavailableError, conflictEventId } from './errors.js';
import { encodeEvent } from './redis-codec.js';
import { withId } from './shape.js';

export interface OutageOptions {
  script: AppendScript;
  metrics: RedisStoreMetrics;
  log: StoreLogger;
  spoolMaxEvents: number;
  spoolDir?: string;
  batchSize: number;
  flushIntervalMs: number;
  /** The command connection is up (the flusher only tries then). */
  connected: () => boolean;
  /** The newest stream id this instance has seen; provisional ids are generated past it. */
  lastKnownId(): string | null;
  /** Tell the store about ids Redis answered with. */
  noteId(id: string): void;
  /** Where the Redis status is described in the outage warning. */
  describe(): object;
  /** A flush write failed (the store records the error). */
  onFailure(err: unknown): void;
}

const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

export class RedisOutage {
  readonly breaker: CircuitBreaker;
  readonly spool: Spool;
  readonly flusher: SpoolFlusher;
  /** `spool` from the first spooled event until the spool is empty again: new events queue behind it. */
  private mode: 'direct' | 'spool' = 'direct';
  private readonly provisional = new StreamIdGenerator();
  private outageSince: number | null = null;
  private lastFlushAt: string | null = null;
  readonly counts = { spooled: 0, flushed: 0, absorbed: 0, reassigned: 0, conflicts: 0 };

  constructor(private readonly opts: OutageOptions) {
    this.breaker = new CircuitBreaker({ threshold: 1, baseMs: 50, maxMs: Math.max(50, opts.flushIntervalMs) });
    this.spool = new Spool({ capacity: opts.spoolMaxEvents, dir: opts.spoolDir, log: opts.log });
    this.flusher = new SpoolFlusher({
      spool: this.spool,
      breaker: this.breaker,
      batchSize: opts.batchSize,
      log: opts.log,
      connected: opts.connected,
      write: (batch) => this.writeBatch(batch),
      onFailure: (err) => {
        this.breaker.failure();
        opts.onFailure(err);
      },
      onDrained: () => this.onDrained(),
    });
  }

  /** Loads what a previous run left in the disk spool; the store then starts in spool mode. */
  async open(): Promise<number> {
    const loaded = await this.spool.open();
    if (loaded) {
      this.mode = 'spool';
      this.provisional.advancePast((this.spool.peek(loaded)[loaded - 1]).event.id);
    }
    return loaded;
  }

  /** New events must queue behind the spool until it has drained. */
  get active(): boolean {
    return this.mode === 'spool';
  }

  get full(): boolean {
    return this.spool.full;
  }

  /** A spooled event of this id: the same content is a retry, other content a conflict (throws). */
  lookup(eventId: string, fingerprint: string): AppendResult | undefined {
    const entry = this.spool.get(eventId);
    if (!entry) return undefined;
    if (entry.fingerprint && entry.fingerprint !== fingerprint) throw new IdempotencyConflictError(eventId);
    return { event: entry.event, duplicate: true, spooled: true };
  }

  /**
   * Accepts the event locally. Its id is provisional: generated past every id this instance has seen and
   * sent as the explicit XADD id at flush, so it normally becomes final; see README.
   */
  accept(input: NewEvent, fields: string[], fingerprint: string, retryAfterMs: number): Promise<AppendResult> {
    const already = this.lookup(input.event_id, fingerprint);
    if (already) return Promise.resolve(already);
    if (this.spool.full) {
      return Promise.reject(new StoreUnavailableError('Redis is unreachable and the outage spool is full; retry later', retryAfterMs));
    }
    if (this.mode === 'direct') {
      this.mode = 'spool';
      if (this.outageSince === null) this.outageSince = Date.now();
      this.opts.log.warn(this.opts.describe(), 'Redis unavailable: spooling events locally');
    }
    const known = this.opts.lastKnownId();
    if (known) this.provisional.advancePast(known);
    const event = withId(input, this.provisional.next());
    this.counts.spooled++;
    this.opts.metrics.spooled.inc();
    const durable = this.spool.push({ event, fields, fingerprint });
    this.flusher.schedule();
    return durable.then(() => ({ event, duplicate: false, spooled: true }));
  }

  /** One flush batch: the append script with the provisional ids as explicit ids. */
  private async writeBatch(batch: SpoolEntry[]): Promise<void> {
    const { script, metrics } = this.opts;
    const start = process.hrtime.bigint();
    const replies = await script.run(batch.map((e) => script.event(e.event.id, e.event, e.fingerprint, e.fields)));
    metrics.xadd.observe({ path: 'flush' }, elapsed(start));
    const conflicted: ScriptEvent[] = [];
    replies.forEach(([status, id]: ScriptReplyItem, i) => {
      const entry = batch[i];
      this.opts.noteId(id);
      if (status === 1) this.counts.absorbed++;
      else if (status === 2) {
        // Acknowledged while Redis was away, and its event_id was used meanwhile for other content: keep it anyway.
        const renamed = { ...entry.event, event_id: conflictEventId(entry.event.event_id, entry.fingerprint) };
        conflicted.push(script.event('*', renamed, entry.fingerprint, encodeEvent(renamed)));
      } else if (id !== entry.event.id) this.counts.reassigned++;
    });
    if (conflicted.length) {
      this.counts.conflicts += conflicted.length;
      this.opts.log.warn({ events: conflicted.length }, 'spool: event_ids reused meanwhile for other content; stored under new event_ids');
      for (const [, id] of await script.run(conflicted)) this.opts.noteId(id);
    }
    this.counts.flushed += batch.length;
    metrics.flushed.inc(batch.length);
    this.lastFlushAt = new Date().toISOString();
  }

  /** The spool is empty (checked synchronously by the flusher): no event can slip in between. */
  private onDrained(): void {
    if (this.mode !== 'spool') return;
    this.mode = 'direct';
    const outageMs = this.outageSince ? Date.now() - this.outageSince : 0;
    this.opts.log.info({ flushed: this.counts.flushed, outageMs }, 'Redis back: spool flushed, writing directly again');
    this.outageSince = null;
  }

  /** What /health/hooks shows of the outage machinery. */
  describeState(): Record<string, unknown> {
    return {
      spool: { depth: this.spool.size, capacity: this.spool.capacity, full: this.spool.full, disk: this.spool.disk },
      flush: {
        in_progress: this.flusher.inProgress,
        spooled_total: this.counts.spooled,
        flushed_total: this.counts.flushed,
        reassigned_ids: this.counts.reassigned,
        conflicts: this.counts.conflicts,
        last_flush_at: this.lastFlushAt,
        outage_since: this.outageSince ? new Date(this.outageSince).toISOString() : null,
      },
      duplicates_absorbed: this.counts.absorbed,
    };
  }

  /** Last chance to hand the spool to Redis, bounded: a dead Redis must not hold up shutdown. */
  async drain(timeoutMs: number): Promise<void> {
    this.flusher.cancelTimer();
    const deadline = Date.now() + timeoutMs;
    while (this.spool.size && Date.now() < deadline) {
      await this.flusher.flush();
      this.flusher.cancelTimer();
      if (this.spool.size) await new Promise((r) => setTimeout(r, Math.min(100, Math.max(1, this.breaker.waitMs))));
    }
    await this.flusher.stop();
    if (this.spool.size) {
      const where = this.spool.disk ? `kept in ${this.spool.disk.path} for the next start` : 'LOST (no HOOK_SPOOL_DIR)';
      this.opts.log.error({ depth: this.spool.size }, `spool not flushed before shutdown: ${where}`);
    }
    await this.spool.close();
  }
}
