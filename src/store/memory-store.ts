// The embedded default store: a bounded ring buffer with idempotency, for running without Redis.
import type {
  AppendResult, EventFilter, EventStore, NewEvent, ReadOptions, ReadPage, StoreListener, StoreStats, StoredEvent,
} from './types.js';
import { matchesFilter } from './filter.js';
import { createError, ErrorCodes } from '../errors.js';
import { StreamIdGenerator, compareStreamIds } from './stream-id.js';

export interface MemoryStoreOptions {
  maxEvents: number;
  now?: () => number;
}

export class MemoryEventStore implements EventStore {
  readonly kind = 'memory' as const;
  private readonly ring: (StoredEvent | undefined)[];
  private start = 0;
  private size = 0;
  private evicted = 0;
  private lastEvictedId: string | null = null;
  private readonly byEventId = new Map<string, StoredEvent>();
  private readonly ids: StreamIdGenerator;
  private readonly listeners = new Set<StoreListener>();
  private closed = false;

  constructor(private readonly opts: MemoryStoreOptions) {
    this.ring = new Array(opts.maxEvents);
    this.ids = new StreamIdGenerator(opts.now);
  }

  async init(): Promise<void> {}

  async append(input: NewEvent): Promise<AppendResult> {
    if (this.closed) throw createError(ErrorCodes.STORE_UNAVAILABLE, 'The event store is closed', 503, { 'retry-after': '1' });
    const existing = this.byEventId.get(input.event_id);
    if (existing) return { event: existing, duplicate: true };
    const event: StoredEvent = { id: this.ids.next(), ...input };
    this.push(event);
    for (const listener of this.listeners) listener([event]);
    return { event, duplicate: false };
  }

  private push(event: StoredEvent): void {
    const cap = this.ring.length;
    if (this.size === cap) {
      const oldest = this.ring[this.start];
      if (oldest) {
        this.byEventId.delete(oldest.event_id);
        this.lastEvictedId = oldest.id;
      }
      this.ring[this.start] = event;
      this.start = (this.start + 1) % cap;
      this.evicted++;
    } else {
      this.ring[(this.start + this.size) % cap] = event;
      this.size++;
    }
    this.byEventId.set(event.event_id, event);
  }

  private at(i: number): StoredEvent {
    return this.ring[(this.start + i) % this.ring.length] as StoredEvent;
  }

  /** Index of the first event with id > since (binary search: ids are increasing). */
  private indexAfter(since: string | undefined): number {
    if (since === undefined) return 0;
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareStreamIds(this.at(mid).id, since) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  async read(opts: ReadOptions): Promise<ReadPage> {
    const events: StoredEvent[] = [];
    let i = this.indexAfter(opts.since);
    for (; i < this.size && events.length < opts.limit; i++) {
      const e = this.at(i);
      if (matchesFilter(e, opts.filter)) events.push(e);
    }
    // More may follow only if we stopped because the page was full and events remain.
    let more = false;
    for (let j = i; j < this.size; j++) {
      if (matchesFilter(this.at(j), opts.filter)) {
        more = true;
        break;
      }
    }
    const last = events[events.length - 1];
    return { events, next: more && last ? last.id : null };
  }

  async readLast(n: number, filter?: EventFilter): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    for (let i = this.size - 1; i >= 0 && out.length < n; i--) {
      const e = this.at(i);
      if (matchesFilter(e, filter)) out.push(e);
    }
    return out.reverse();
  }

  async firstId(): Promise<string | null> {
    return this.size ? this.at(0).id : null;
  }

  async trimmedThrough(): Promise<string | null> {
    return this.lastEvictedId;
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
      evicted: this.evicted,
      first_id: this.size ? this.at(0).id : null,
      last_id: this.size ? this.at(this.size - 1).id : null,
      durable: false,
    };
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }
}
