// The Redis Streams store: idempotent appends straight to Redis (or to the outage spool), history reads and a shared tail.
import type {
  AggregateStore, AppendMeta, ApprovalStore, AppendResult, EventStore, LastOptions, LastPage, NewEvent, ReadOptions, ReadPage, StoreListener,
  StoreStats, StoredEvent, StreamPosition,
} from './types.js';
import { compareStreamIds } from './stream-id.js';
import { decodeEvent, encodeEvent } from './redis-codec.js';
import { withId } from './shape.js';
import { AppendScript, type ScriptReplyItem } from './redis-scripts.js';
import { RedisStoreMetrics } from './redis-metrics.js';
import { StreamTail, type RawEntry } from './redis-tail.js';
import { closeClient, createBlockingClient, createCommandClient, type RedisClient } from './redis-connection.js';
import { redisKeys, type RedisKeys } from './redis-keys.js';
import { positionOf, readHistory, readLastHistory, topIdOf } from './redis-read.js';
import { redisStoreStats } from './redis-stats.js';
import { RedisOutage } from './redis-outage.js';
import { Listeners } from './listeners.js';
import { RedisViolationSink, type ViolationSink } from './violations.js';
import { RedisAggregateStore } from './redis-aggregates.js';
import { RedisApprovalStore } from './redis-approvals.js';
import { AppendBatcher } from './redis-batch.js';
import { IdempotencyConflictError, StoreUnavailableError } from './errors.js';
import type { RedisStoreOptions } from './redis-options.js';

export type { RedisStoreOptions } from './redis-options.js';

/** Most events in one append script call (its keys and arguments grow with each). */
const APPEND_BATCH_MAX = 100;
/** Own events kept for the tail: several seconds of traffic at thousands a second. */
const OWN_EVENTS_MAX = 20_000;

const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

export class RedisEventStore implements EventStore {
  readonly kind = 'redis' as const;
  readonly keys: RedisKeys;
  /** Hooks slower than the SLA threshold go to the performance stream, apart from the events. */
  readonly violations: ViolationSink;
  readonly aggregates: AggregateStore;
  readonly approvals: ApprovalStore;
  private readonly redis: RedisClient;
  private readonly script: AppendScript;
  private readonly batcher: AppendBatcher;
  /**
   * Events this instance stored, by stream id, until the tail hands them back: the tail then fans out these
   * objects rather than decoding what Redis returns (a JSON parse of payload and metadata per event).
   */
  private readonly own = new Map<string, StoredEvent>();
  /** The newest id the tail delivered: an event stored at or below it was already fanned out (decoded). */
  private tailTop: string | null = null;
  /**
   * Tail reads held back until the script calls sent before each was read have been answered (see deliver), in
   * stream order.
   */
  private readonly held: { entries: RawEntry[]; after: number }[] = [];
  private readonly tail: StreamTail;
  private readonly outage: RedisOutage;
  private readonly metrics: RedisStoreMetrics;
  private readonly listeners: Listeners;
  private lastKnownId: string | null = null;
  private closed = false;
  private reconnects = 0;
  private lastError: string | null = null;

  constructor(private readonly opts: RedisStoreOptions) {
    this.keys = redisKeys(opts.prefix);
    this.listeners = new Listeners(opts.log);
    this.redis = createCommandClient({
      url: opts.url,
      clusterNodes: opts.clusterNodes,
      commandTimeoutMs: opts.commandTimeoutMs ?? 1000,
      connectTimeoutMs: opts.connectTimeoutMs ?? 2000,
      reconnectMaxMs: opts.reconnectMaxMs ?? 2000,
    });
    this.script = new AppendScript(this.redis, this.keys, opts.ttlSeconds, opts.maxLen);
    this.batcher = new AppendBatcher(this.script, APPEND_BATCH_MAX, () => this.release());
    this.metrics = new RedisStoreMetrics(
      { redisUp: () => this.writable(), spoolDepth: () => this.outage.spool.size },
      opts.registry,
    );
    this.outage = new RedisOutage({
      script: this.script,
      metrics: this.metrics,
      log: opts.log,
      spoolMaxEvents: opts.spoolMaxEvents,
      spoolDir: opts.spoolDir,
      batchSize: opts.batchSize,
      flushIntervalMs: opts.flushIntervalMs,
      connected: () => this.redis.status === 'ready',
      lastKnownId: () => this.lastKnownId,
      noteId: (id) => this.noteId(id),
      describe: () => ({ redis: this.redis.status, error: this.lastError }),
      onFailure: (err) => this.noteError(err),
    });
    this.violations = new RedisViolationSink({
      redis: this.redis,
      keys: this.keys,
      ttlSeconds: opts.ttlSeconds,
      maxLen: opts.maxLen,
      writable: (eventId) => this.writable() && !this.outage.spool.get(eventId),
    });
    this.aggregates = new RedisAggregateStore({ redis: this.redis, keys: this.keys, ttlSeconds: opts.ttlSeconds, retryAfterMs: this.retryAfterMs });
    this.approvals = new RedisApprovalStore({ redis: this.redis, keys: this.keys, retryAfterMs: this.retryAfterMs });
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
    const loaded = await this.outage.open();
    if (loaded) log.warn({ events: loaded }, 'spool: events left by a previous run will be flushed to Redis');
    this.redis.on('error', (err: Error) => {
      this.lastError = err.message;
    });
    this.redis.on('reconnecting', () => {
      this.reconnects++;
      this.metrics.reconnects.inc();
    });
    this.redis.on('ready', () => {
      // A fresh connection is the best sign Redis is back: probe at once (or close the circuit if
      // nothing waits; the next write tests it anyway).
      if (this.outage.spool.size) {
        this.outage.breaker.expedite();
        this.outage.flusher.schedule(0);
      } else {
        this.outage.breaker.success();
      }
    });
    // '0-0' for an empty stream: the tail then delivers everything; null: not known until Redis answers.
    let top: string | null = null;
    try {
      await this.redis.connect();
      top = (await topIdOf(this.redis, this.keys.lifecycle)) ?? '0-0';
      await positionOf(this.redis, this.keys); // creates the epoch if this history has none yet
    } catch (err) {
      this.noteFailure(err);
      log.warn({ err }, 'Redis unreachable at start: events are spooled until it answers');
    }
    this.noteId(top);
    this.tail.start(top);
    if (this.outage.spool.size) this.outage.flusher.schedule(0);
  }

  /** Whether a write may go straight to Redis now. */
  private writable(): boolean {
    return !this.closed && this.redis.status === 'ready' && this.outage.breaker.state === 'closed';
  }

  private get retryAfterMs(): number {
    return Math.max(1000, this.opts.flushIntervalMs);
  }

  append(input: NewEvent, meta: AppendMeta): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('The event store is closed', this.retryAfterMs));
    try {
      const spooled = this.outage.lookup(input.event_id, meta.fingerprint);
      if (spooled) return Promise.resolve(spooled);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const fields = encodeEvent(input, meta.payloadJson);
    if (this.outage.active || !this.writable()) return this.outage.accept(input, fields, meta.fingerprint, this.retryAfterMs);
    const start = process.hrtime.bigint();
    // Settled as the reply is handled, so an own event is kept before the tail's read of it is released.
    const settle = (reply: ScriptReplyItem) => {
      this.metrics.xadd.observe({ path: 'direct' }, elapsed(start));
      return this.fromReply(input, reply);
    };
    return this.batcher.add(this.script.event('*', input, meta.fingerprint, fields), settle).catch((err: unknown) => {
      if (err instanceof IdempotencyConflictError) throw err;
      this.noteFailure(err);
      return this.outage.accept(input, fields, meta.fingerprint, this.retryAfterMs);
    });
  }

  private fromReply(input: NewEvent, [status, id, fields]: ScriptReplyItem): AppendResult {
    this.noteId(id);
    if (status === 2) throw new IdempotencyConflictError(input.event_id);
    if (status !== 1) {
      const event = withId(input, id);
      if (this.tailTop === null || compareStreamIds(id, this.tailTop) > 0) this.keepOwn(event);
      return { event, duplicate: false };
    }
    // The original as stored; if retention trimmed it already, the id is all that is left of it.
    return { event: fields?.length ? decodeEvent(id, fields) : withId(input, id), duplicate: true };
  }

  private noteId(id: string | null): void {
    if (id && (!this.lastKnownId || compareStreamIds(id, this.lastKnownId) > 0)) this.lastKnownId = id;
  }

  private noteError(err: unknown): void {
    this.lastError = err instanceof Error ? err.message : String(err);
  }

  private noteFailure(err: unknown): void {
    this.noteError(err);
    this.outage.breaker.failure();
  }

  /**
   * The tail often reads an entry before the reply of the script that wrote it has been handled (two
   * connections, either may be read first): it is this instance's own, but not yet among `own`, and would be
   * decoded. Such a read is held until the calls sent before it have been answered (about one round trip), and
   * the reads after it wait behind it, so order is kept.
   */
  private deliver(entries: RawEntry[]): void {
    const after = this.batcher.sent;
    const unanswered = after > this.batcher.answered;
    if (this.held.length || (unanswered && this.listeners.size && entries.some(([id]) => !this.own.has(id)))) {
      this.held.push({ entries, after });
      return;
    }
    this.deliverNow(entries);
  }

  /** After each answered call: the held reads whose calls have all been answered go out, in order. */
  private release(): void {
    while (this.held.length && this.batcher.answered >= this.held[0].after) {
      const next = this.held.shift();
      try {
        if (next) this.deliverNow(next.entries);
      } catch (err) {
        // Runs in the append reply's handler: a failure here must not become the appends' failure.
        this.opts.log.error({ err }, 'stream tail: a held delivery failed');
      }
    }
  }

  private deliverNow(entries: RawEntry[]): void {
    const last = entries[entries.length - 1];
    if (!last) return;
    this.noteId(last[0]);
    this.tailTop = last[0];
    const events: StoredEvent[] = [];
    for (const [id, fields] of entries) {
      const mine = this.own.get(id);
      if (mine) this.own.delete(id);
      if (this.listeners.size) events.push(mine ?? decodeEvent(id, fields));
    }
    if (events.length) this.listeners.emit(events);
  }

  /** Bounded: if the tail falls far behind (or stops), the oldest kept events are let go and decoded when read. */
  private keepOwn(event: StoredEvent): void {
    this.own.set(event.id, event);
    if (this.own.size > OWN_EVENTS_MAX) {
      const oldest = this.own.keys().next().value;
      if (oldest !== undefined) this.own.delete(oldest);
    }
  }

  /** Reads need Redis itself; while it is away they fail (StoreUnavailableError) rather than answer a misleading empty page. */
  private async reading<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      this.noteError(err);
      throw new StoreUnavailableError('Event history is unavailable while Redis is unreachable; retry later', this.retryAfterMs);
    }
  }

  read(opts: ReadOptions): Promise<ReadPage> {
    return this.reading(() => readHistory(this.redis, this.keys.lifecycle, opts));
  }

  readLast(opts: LastOptions): Promise<LastPage> {
    return this.reading(() => readLastHistory(this.redis, this.keys.lifecycle, opts));
  }

  position(): Promise<StreamPosition> {
    return this.reading(() => positionOf(this.redis, this.keys));
  }

  canAccept(): boolean {
    if (this.closed) return false;
    return (!this.outage.active && this.writable()) || !this.outage.full;
  }

  stats(): Promise<StoreStats> {
    const accepting = this.canAccept();
    return redisStoreStats(this.redis, this.keys, {
      status: !accepting ? 'down' : this.outage.active || !this.writable() ? 'degraded' : 'up',
      redis: this.writable() ? 'up' : 'down',
      connection: this.redis.status,
      breaker: this.outage.breaker.state,
      cluster: Boolean(this.opts.clusterNodes),
      retention_seconds: this.opts.ttlSeconds,
      max_len: this.opts.maxLen || null,
      ...this.outage.describeState(),
      reconnects: this.reconnects,
      last_error: this.lastError,
      tail: { running: this.tail.running, last_id: this.tail.lastId, listeners: this.listeners.size },
    });
  }

  subscribe(listener: StoreListener): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.tail.stop();
    await this.outage.drain(this.opts.closeTimeoutMs ?? 5000);
    await closeClient(this.redis);
  }
}
