// The EventStore contract shared by the embedded memory store and the Redis Streams store.
import type { Decision, RiskLevel } from '../security/types.js';

/** An event as stored and as streamed: the envelope plus the decision taken on it. */
export interface StoredEvent {
  /** Stream id `<ms>-<seq>`, strictly increasing within one store. */
  id: string;
  event_id: string;
  hook_type: string;
  agent_id: string;
  session_id: string | null;
  correlation_id: string | null;
  priority: number;
  /** ISO-8601 time the agent says the hook happened (or receive time). */
  timestamp: string;
  payload: Record<string, unknown>;
  metadata: Record<string, unknown>;
  decision: Decision;
  risk: RiskLevel;
  reason: string | null;
  rule: string | null;
  processing_time_ms: number;
  /** Which ingest dialect produced it: `hooks` (envelope) or an agent adapter name such as `claude`. */
  source: string;
}

export type NewEvent = Omit<StoredEvent, 'id'>;

export interface AppendResult {
  /** The stored event (for a duplicate: the one stored the first time). */
  event: StoredEvent;
  /** True when `event_id` was already stored and nothing new was written. */
  duplicate: boolean;
  /** True when the event went to the outage spool rather than the store itself. */
  spooled?: boolean;
}

export interface EventFilter {
  agent_ids?: string[];
  session_ids?: string[];
  hook_types?: string[];
  /** Keep events with priority <= min_priority (1 is most urgent). */
  min_priority?: number;
}

export interface ReadOptions {
  /** Exclusive lower bound: events with id > since. Absent: from the start of retained history. */
  since?: string;
  limit: number;
  filter?: EventFilter;
}

export interface ReadPage {
  events: StoredEvent[];
  /** Pass as `since` for the next page; null when there is no more right now. */
  next: string | null;
}

export interface StoreStats {
  kind: 'memory' | 'redis';
  status: 'up' | 'degraded' | 'down';
  events: number;
  first_id: string | null;
  last_id: string | null;
  [key: string]: unknown;
}

/** The pino-like logger a store logs through (the app's logger). */
export interface StoreLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

export type StoreListener = (events: StoredEvent[]) => void;

export interface EventStore {
  readonly kind: 'memory' | 'redis';
  init(): Promise<void>;
  /** Durably accept one event (idempotent on `event_id`). Rejects only when nothing can accept it. */
  append(event: NewEvent): Promise<AppendResult>;
  /** Events after `since` matching the filter, oldest first. */
  read(opts: ReadOptions): Promise<ReadPage>;
  /** The `n` most recent matching events, oldest first. */
  readLast(n: number, filter?: EventFilter): Promise<StoredEvent[]>;
  /** Oldest retained id, or null when empty (a `since` older than this was trimmed away). */
  firstId(): Promise<string | null>;
  /**
   * The newest id removed by retention, or an upper bound of it (null when nothing was ever
   * trimmed). A `since` at or after it has lost nothing: the live stream's `recovered`.
   */
  trimmedThrough(): Promise<string | null>;
  /** Whether the store (or its spool) can take events now; false makes ingest answer 503. */
  canAccept(): boolean;
  stats(): Promise<StoreStats>;
  /** In-process tail of stored events, in stream order; returns an unsubscribe function. */
  subscribe(listener: StoreListener): () => void;
  /** Records a hook slower than the SLA threshold (the Redis store writes it to its performance stream). */
  recordViolation?(event: StoredEvent, ms: number): void;
  close(): Promise<void>;
}
