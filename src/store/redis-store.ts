// The Redis Streams store: idempotent appends, an ordered outage spool, history reads and a shared tail.
import type {
  AppendResult, EventFilter, EventStore, NewEvent, ReadOptions, ReadPage, StoreListener, StoreStats, StoredEvent,
} from './types.js';
import { createError, ErrorCodes } from '../errors.js';
import { StreamIdGenerator, compareStreamIds } from './stream-id.js';
import { decodeEvent, encodeEvent } from './redis-codec.js';
import { AppendScript, type ScriptReplyItem } from './redis-scripts.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { Spool, type SpoolEntry } from './spool.js';
import { SpoolFlusher } from './spool-flusher.js';
import { RedisStoreMetrics } from './redis-metrics.js';
import { StreamTail, type RawEntry } from './redis-tail.js';
import { closeClient, createBlockingClient, createCommandClient, type RedisClient } from './redis-connection.js';
import { redisKeys, type RedisKeys } from './redis-keys.js';
import { firstIdOf, readHistory, readLastHistory, topIdOf, trimmedThroughOf } from './redis-read.js';
import { redisStoreStats } from './redis-stats.js';
import type { RedisStoreOptions } from './redis-options.js';

export type { RedisStoreOptions } from './redis-options.js';

const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

export class RedisEventStore implements EventStore {
  readonly kind = 'redis' as const;
  readonly keys: RedisKeys;
  private readonly redis: RedisClient;
  private readonly script: AppendScript;
  private readonly tail: StreamTail;
  private readonly spool: Spool;
  private readonly breaker: CircuitBreaker;
  private readonly metrics: RedisStoreMetrics;
  private readonly listeners = new Set<StoreListener>();
  private readonly provisional = new StreamIdGenerator();
  private lastKnownId: string | null = null;
  /** `spool` from the first spooled event until the spool is empty again: new events queue behind it. */
  private mode: 'direct' | 'spool' = 'direct';
  private closed = false;
  private readonly flusher: SpoolFlusher;
  private outageSince: number | null = null;
  private readonly counts = { spooled: 0, flushed: 0, duplicates: 0, reassigned: 0, reconnects: 0 };
  private lastFlushAt: string | null = null;
  private lastError: string | null = null;

  constructor(private readonly opts: RedisStoreOptions) {
    this.keys = redisKeys(opts.prefix);
    this.redis = createCommandClient({
      url: opts.url,
      clusterNodes: opts.clusterNodes,
      commandTimeoutMs: opts.commandTimeoutMs ?? 1000,
      connectTimeoutMs: opts.connectTimeoutMs ?? 2000,
      reconnectMaxMs: opts.reconnectMaxMs ?? 2000,
    });
    this.script = new AppendScript(this.redis, this.keys, opts.ttlSeconds, opts.maxLen);
    this.breaker = new CircuitBreaker({ threshold: 1, baseMs: 50, maxMs: Math.max(50, opts.flushIntervalMs) });
    this.spool = new Spool({ capacity: opts.spoolMaxEvents, dir: opts.spoolDir, log: opts.log });
    this.flusher = new SpoolFlusher({
      spool: this.spool,
      breaker: this.breaker,
      batchSize: opts.batchSize,
      log: opts.log,
      connected: () => this.redis.status === 'ready',
      write: (batch) => this.writeBatch(batch),
      onFailure: (err) => this.noteFailure(err),
      onDrained: () => this.onDrained(),
    });
    this.metrics = new RedisStoreMetrics(
      { redisUp: () => this.writable(), spoolDepth: () => this.spool.size },
      opts.registry,
    );
    this.tail = new StreamTail({
      client: createBlockingClient(this.redis, opts.blockMs ?? 1000),
      key: this.keys.lifecycle,
      blockMs: opts.blockMs ?? 1000,
      count: 1000,
      log: opts.log,
      onEntries: (entries) => this.deliver(entries),
    });
  }

  async init(): Promise<void> {
    const { log } = this.opts;
    const loaded = await this.spool.open();
    if (loaded) {
      this.mode = 'spool';
      const last = this.spool.peek(loaded)[loaded - 1] as SpoolEntry;
      this.provisional.advancePast(last.event.id);
      log.warn({ events: loaded }, 'spool: events left by a previous run will be flushed to Redis');
    }
    this.redis.on('error', (err: Error) => {
      this.lastError = err.message;
    });
    this.redis.on('reconnecting', () => {
      this.counts.reconnects++;
      this.metrics.reconnects.inc();
    });
    this.redis.on('ready', () => {
      // A fresh connection is the best sign Redis is back: probe at once (or close the circuit if
      // nothing waits; the next write tests it anyway).
      if (this.spool.size) {
        this.breaker.expedite();
        this.flusher.schedule(0);
      } else {
        this.breaker.success();
      }
    });
    // '0-0' for an empty stream: the tail then delivers everything; null: not known until Redis answers.
    let top: string | null = null;
    try {
      await this.redis.connect();
      top = (await this.topId()) ?? '0-0';
    } catch (err) {
      this.noteFailure(err);
      log.warn({ err }, 'Redis unreachable at start: events are spooled until it answers');
    }
    this.noteId(top);
    this.tail.start(top);
    if (this.spool.size) this.flusher.schedule(0);
  }

  /** Whether a write may go straight to Redis now. */
  private writable(): boolean {
    return !this.closed && this.redis.status === 'ready' && this.breaker.state === 'closed';
  }

  append(input: NewEvent): Promise<AppendResult> {
    if (this.closed) return Promise.reject(this.unavailable('The event store is closed'));
    const spooled = this.spool.get(input.event_id);
    if (spooled) return Promise.resolve(this.duplicateOf(spooled, true));
    const fields = encodeEvent(input);
    if (this.mode === 'spool' || !this.writable()) return this.toSpool(input, fields);
    const start = process.hrtime.bigint();
    return this.script.run([this.script.event('*', input, fields)]).then(
      ([reply]) => {
        this.metrics.xadd.observe({ path: 'direct' }, elapsed(start));
        return this.fromReply(input, reply as ScriptReplyItem);
      },
      (err: unknown) => {
        this.noteFailure(err);
        return this.toSpool(input, fields);
      },
    );
  }

  private fromReply(input: NewEvent, [dup, id, fields]: ScriptReplyItem): AppendResult {
    this.noteId(id);
    if (dup !== 1) return { event: { ...input, id }, duplicate: false };
    // The original as stored; if retention trimmed it already, the id is all that is left of it.
    return this.duplicateOf(fields?.length ? decodeEvent(id, fields) : { ...input, id }, false);
  }

  /** An event_id already stored (or spooled) was absorbed instead of written again. */
  private countDuplicate(): void {
    this.counts.duplicates++;
    this.metrics.duplicates.inc();
  }

  private duplicateOf(event: StoredEvent, spooled: boolean): AppendResult {
    this.countDuplicate();
    return spooled ? { event, duplicate: true, spooled: true } : { event, duplicate: true };
  }

  /**
   * Accepts the event locally. Its id is provisional: generated past every id this instance has
   * seen and sent as the explicit XADD id at flush, so it normally becomes final; see README.
   */
  private toSpool(input: NewEvent, fields: string[]): Promise<AppendResult> {
    const already = this.spool.get(input.event_id);
    if (already) return Promise.resolve(this.duplicateOf(already, true));
    if (this.spool.full) {
      return Promise.reject(this.unavailable('Redis is unreachable and the outage spool is full; retry later'));
    }
    if (this.mode === 'direct') {
      this.mode = 'spool';
      if (this.outageSince === null) this.outageSince = Date.now();
      this.opts.log.warn({ redis: this.redis.status, error: this.lastError }, 'Redis unavailable: spooling events locally');
    }
    if (this.lastKnownId) this.provisional.advancePast(this.lastKnownId);
    const event: StoredEvent = { ...input, id: this.provisional.next() };
    this.counts.spooled++;
    this.metrics.spooled.inc();
    const durable = this.spool.push({ event, fields });
    this.flusher.schedule();
    return durable.then(() => ({ event, duplicate: false, spooled: true }));
  }

  private noteId(id: string | null): void {
    if (id && (!this.lastKnownId || compareStreamIds(id, this.lastKnownId) > 0)) this.lastKnownId = id;
  }

  private noteFailure(err: unknown): void {
    this.lastError = err instanceof Error ? err.message : String(err);
    this.breaker.failure();
  }

  /** One flush batch: the append script with the provisional ids as explicit ids. */
  private async writeBatch(batch: SpoolEntry[]): Promise<void> {
    const start = process.hrtime.bigint();
    const replies = await this.script.run(batch.map((e) => this.script.event(e.event.id, e.event, e.fields)));
    this.metrics.xadd.observe({ path: 'flush' }, elapsed(start));
    replies.forEach(([dup, id], i) => {
      this.noteId(id);
      if (dup === 1) {
        this.countDuplicate();
      } else if (id !== batch[i]?.event.id) {
        this.counts.reassigned++;
      }
    });
    this.counts.flushed += batch.length;
    this.metrics.flushed.inc(batch.length);
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

  private deliver(entries: RawEntry[]): void {
    const last = entries[entries.length - 1];
    if (last) this.noteId(last[0]);
    if (!this.listeners.size) return;
    const events = entries.map(([id, fields]) => decodeEvent(id, fields));
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (err) {
        this.opts.log.error({ err }, 'store listener failed');
      }
    }
  }

  private unavailable(message: string) {
    return createError(ErrorCodes.STORE_UNAVAILABLE, message, 503, {
      'retry-after': String(Math.max(1, Math.ceil(this.opts.flushIntervalMs / 1000))),
    });
  }

  /** Reads need Redis itself; while it is away they fail with 503 rather than a misleading empty page. */
  private async reading<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      throw this.unavailable('Event history is unavailable while Redis is unreachable; retry later');
    }
  }

  read(opts: ReadOptions): Promise<ReadPage> {
    return this.reading(() => readHistory(this.redis, this.keys.lifecycle, opts));
  }

  readLast(n: number, filter?: EventFilter): Promise<StoredEvent[]> {
    return this.reading(() => readLastHistory(this.redis, this.keys.lifecycle, n, filter));
  }

  private topId(): Promise<string | null> {
    return topIdOf(this.redis, this.keys.lifecycle);
  }

  firstId(): Promise<string | null> {
    return this.reading(() => firstIdOf(this.redis, this.keys.lifecycle));
  }

  trimmedThrough(): Promise<string | null> {
    return this.reading(() => trimmedThroughOf(this.redis, this.keys.lifecycle));
  }

  canAccept(): boolean {
    if (this.closed) return false;
    return (this.mode === 'direct' && this.writable()) || !this.spool.full;
  }

  stats(): Promise<StoreStats> {
    const accepting = this.canAccept();
    return redisStoreStats(this.redis, this.keys, {
      status: !accepting ? 'down' : this.mode === 'spool' || !this.writable() ? 'degraded' : 'up',
      redis: this.writable() ? 'up' : 'down',
      connection: this.redis.status,
      breaker: this.breaker.state,
      cluster: Boolean(this.opts.clusterNodes),
      retention_seconds: this.opts.ttlSeconds,
      max_len: this.opts.maxLen || null,
      spool: { depth: this.spool.size, capacity: this.spool.capacity, full: this.spool.full, disk: this.spool.disk },
      flush: {
        in_progress: this.flusher.inProgress,
        spooled_total: this.counts.spooled,
        flushed_total: this.counts.flushed,
        reassigned_ids: this.counts.reassigned,
        last_flush_at: this.lastFlushAt,
        outage_since: this.outageSince ? new Date(this.outageSince).toISOString() : null,
      },
      duplicates_absorbed: this.counts.duplicates,
      reconnects: this.counts.reconnects,
      last_error: this.lastError,
      tail: { running: this.tail.running, last_id: this.tail.lastId, listeners: this.listeners.size },
    });
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Best effort: a violation of a spooled event, or while Redis is away, is not recorded. */
  recordViolation(event: StoredEvent, ms: number): void {
    if (!this.writable() || this.spool.get(event.event_id)) return;
    const minId = `${Math.max(0, Date.now() - this.opts.ttlSeconds * 1000)}-0`;
    const fields = [...encodeEvent(event), 'lifecycle_id', event.id, 'duration_ms', String(Math.round(ms * 1000) / 1000)];
    const key = this.keys.performance;
    this.redis.xadd(key, 'MINID', '~', minId, '*', ...fields).catch(() => {});
    if (this.opts.maxLen > 0) this.redis.xtrim(key, 'MAXLEN', '~', this.opts.maxLen).catch(() => {});
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.tail.stop();
    // Last chance to hand the spool to Redis, bounded: a dead Redis must not hold up shutdown.
    this.flusher.cancelTimer();
    const deadline = Date.now() + (this.opts.closeTimeoutMs ?? 5000);
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
    await closeClient(this.redis);
  }
}
