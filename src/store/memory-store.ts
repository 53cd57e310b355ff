// The embedded default store: a ring buffer bounded by count and bytes, with idempotency, for running without Redis.
import { randomUUID } from 'node:crypto';
import type {
  AggregateStore, AppendMeta, ApprovalStore, AppendResult, EventStore, LastOptions, LastPage, NewEvent, ReadOptions, ReadPage, StoreListener,
  StoreStats, StoredEvent, StreamPosition,
} from './types.js';
import { matchesFilter } from './filter.js';
import { MemoryAggregateStore } from './memory-aggregates.js';
import { MemoryApprovalStore } from './memory-approvals.js';
import { Listeners } from './listeners.js';
import { approxEventBytes } from './position.js';
import { IdempotencyConflictError, StoreUnavailableError } from './errors.js';
import { StreamIdGenerator, compareStreamIds, streamIdBefore } from './stream-id.js';
import { withId } from './shape.js';

export interface MemoryStoreOptions {
  maxEvents: number;
  /** Approximate bytes kept; the oldest events go first once it is exceeded. Default: no byte bound. */
  maxBytes?: number;
  now?: () => number;
}

interface Slot {
  event: StoredEvent;
  fingerprint: string;
  bytes: number;
}

export class MemoryEventStore implements EventStore {
  readonly kind = 'memory' as const;
  readonly aggregates: AggregateStore = new MemoryAggregateStore();
  readonly approvals: ApprovalStore = new MemoryApprovalStore();
  private readonly ring: (Slot | undefined)[];
  private start = 0;
  private size = 0;
  private bytes = 0;
  private evicted = 0;
  private lastEvictedId: string | null = null;
  private readonly byEventId = new Map<string, Slot>();
  private readonly ids: StreamIdGenerator;
  private readonly listeners = new Listeners();
  private readonly epoch = randomUUID();
  /** Nothing before this process: ids below it belong to an earlier life of the store. */
  private readonly origin: string;
  private closed = false;

  constructor(private readonly opts: MemoryStoreOptions) {
    this.ring = new Array<Slot | undefined>(opts.maxEvents);
    this.ids = new StreamIdGenerator(opts.now);
    this.origin = streamIdBefore(`${Math.floor((opts.now ?? Date.now)())}-0`);
  }

  async init(): Promise<void> {}

  async append(input: NewEvent, meta: AppendMeta): Promise<AppendResult> {
    if (this.closed) throw new StoreUnavailableError('The event store is closed', 1000);
    const existing = this.byEventId.get(input.event_id);
    if (existing) {
      if (existing.fingerprint !== meta.fingerprint) throw new IdempotencyConflictError(input.event_id);
      return { event: existing.event, duplicate: true };
    }
    const event = withId(input, this.ids.next());
    this.push({ event, fingerprint: meta.fingerprint, bytes: meta.bytes ?? approxEventBytes(event) });
    this.listeners.emit([event]);
    return { event, duplicate: false };
  }

  private push(slot: Slot): void {
    const cap = this.ring.length;
    if (this.size === cap) this.evictOldest();
    this.ring[(this.start + this.size) % cap] = slot;
    this.size++;
    this.bytes += slot.bytes;
    this.byEventId.set(slot.event.event_id, slot);
    // The newest event always stays, however large: the byte bound trims what came before it.
    while (this.opts.maxBytes !== undefined && this.bytes > this.opts.maxBytes && this.size > 1) this.evictOldest();
  }

  private evictOldest(): void {
    const oldest = this.ring[this.start] as Slot;
    this.ring[this.start] = undefined;
    this.byEventId.delete(oldest.event.event_id);
    this.lastEvictedId = oldest.event.id;
    this.bytes -= oldest.bytes;
    this.start = (this.start + 1) % this.ring.length;
    this.size--;
    this.evicted++;
  }

  private at(i: number): Slot {
    return this.ring[(this.start + i) % this.ring.length] as Slot;
  }

  /** Index of the first event with id > since (binary search: ids are increasing). */
  private indexAfter(since: string | undefined): number {
    if (since === undefined) return 0;
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareStreamIds(this.at(mid).event.id, since) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  async read(opts: ReadOptions): Promise<ReadPage> {
    const events: StoredEvent[] = [];
    const budget = opts.maxBytes ?? Infinity;
    let used = 0;
    let i = this.indexAfter(opts.since);
    for (; i < this.size && events.length < opts.limit; i++) {
      const slot = this.at(i);
      if (!matchesFilter(slot.event, opts.filter)) continue;
      if (events.length > 0 && used + slot.bytes > budget) break;
      events.push(slot.event);
      used += slot.bytes;
    }
    // More may follow only if we stopped because the page was full and events remain.
    let more = false;
    for (let j = i; j < this.size; j++) {
      if (matchesFilter(this.at(j).event, opts.filter)) {
        more = true;
        break;
      }
    }
    const last = events[events.length - 1];
    return { events, next: more && last ? last.id : null };
  }

  async readLast(opts: LastOptions): Promise<LastPage> {
    const out: StoredEvent[] = [];
    const budget = opts.maxBytes ?? Infinity;
    let used = 0;
    let truncated = false;
    for (let i = this.size - 1; i >= 0 && out.length < opts.n; i--) {
      const slot = this.at(i);
      if (!matchesFilter(slot.event, opts.filter)) continue;
      if (out.length > 0 && used + slot.bytes > budget) {
        truncated = true;
        break;
      }
      out.push(slot.event);
      used += slot.bytes;
    }
    return { events: out.reverse(), truncated };
  }

  async position(): Promise<StreamPosition> {
    return {
      top: this.size ? this.at(this.size - 1).event.id : null,
      trimmedThrough: this.lastEvictedId,
      epoch: this.epoch,
      origin: this.origin,
    };
  }

  canAccept(): boolean {
    return !this.closed;
  }

  async stats(): Promise<StoreStats> {
    return {
      kind: 'memory',
      status: this.closed ? 'down' : 'up',
      events: this.size,
      capacity: this.ring.length,
      bytes: this.bytes,
      max_bytes: this.opts.maxBytes ?? null,
      evicted: this.evicted,
      first_id: this.size ? this.at(0).event.id : null,
      last_id: this.size ? this.at(this.size - 1).event.id : null,
      durable: false,
    };
  }

  subscribe(listener: StoreListener): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }
}
