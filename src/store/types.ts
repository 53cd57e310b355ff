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
  /** What the service changed in the event before storing it; absent when it was stored as received. */
  sanitized?: SanitizeReport;
}

/** Counts of what sanitizing did to an event (every field absent when zero). */
export interface SanitizeReport {
  /** Values nested deeper than HOOK_MAX_JSON_DEPTH, replaced by a marker. */
  depth_truncated?: number;
  /** `__proto__` and prototype-carrying `constructor` keys removed. */
  keys_removed?: number;
  /** Long strings cut so the event fits HOOK_MAX_PAYLOAD_SIZE. */
  fields_truncated?: number;
  /** Approximate size of the payload as received, when it was cut. */
  original_bytes?: number;
  /** Secrets (keys, tokens, passwords) replaced by a marker. */
  secrets_redacted?: number;
}

export type NewEvent = Omit<StoredEvent, 'id'>;

/** What the pipeline knows about an event that is not part of it. */
export interface AppendMeta {
  /**
   * A digest of the event's content. The same `event_id` with the same fingerprint is a retry (answered with
   * the stored event); with another fingerprint it is a conflict (IdempotencyConflictError).
   */
  fingerprint: string;
  /** Approximate JSON size in bytes (what the memory store's byte budget counts). */
  bytes?: number;
  /** `JSON.stringify(event.payload)` when the caller already made it: a store that writes JSON reuses it. */
  payloadJson?: string;
}

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
  /** Stop adding events once their approximate size reaches this (at least one event is returned). */
  maxBytes?: number;
}

export interface LastOptions {
  n: number;
  filter?: EventFilter;
  /** As in ReadOptions: the newest events whose approximate size fits (at least one). */
  maxBytes?: number;
}

export interface LastPage {
  events: StoredEvent[];
  /** True when fewer than `n` events came back because of `maxBytes` (older matching events exist). */
  truncated: boolean;
}

/** Where the store's history stands: what a resuming stream client is judged against. */
export interface StreamPosition {
  /** The newest id, or null when the store is empty. */
  top: string | null;
  /**
   * The newest id removed by retention, or an upper bound of it (null when nothing was ever trimmed).
   * A `since` at or after it has lost nothing.
   */
  trimmedThrough: string | null;
  /** Changes whenever the history starts afresh (a memory store's new process, a flushed Redis). */
  epoch: string;
  /** Ids below this predate the epoch: a `since` there (other than `0-0`) refers to history this store never had. */
  origin: string;
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
  /**
   * Durably accept one event (idempotent on `event_id` and its fingerprint). Rejects with
   * StoreUnavailableError when nothing can accept it, IdempotencyConflictError on a reused event_id.
   */
  append(event: NewEvent, meta: AppendMeta): Promise<AppendResult>;
  /** Events after `since` matching the filter, oldest first. */
  read(opts: ReadOptions): Promise<ReadPage>;
  /** The `n` most recent matching events, oldest first. */
  readLast(opts: LastOptions): Promise<LastPage>;
  /** Top, trimming and epoch of the history, read together. */
  position(): Promise<StreamPosition>;
  /** Whether the store (or its spool) can take events now; false makes ingest answer 503. */
  canAccept(): boolean;
  stats(): Promise<StoreStats>;
  /** In-process tail of stored events, in stream order; returns an unsubscribe function. */
  subscribe(listener: StoreListener): () => void;
  /** The window summaries of the aggregator, kept beside the events. */
  readonly aggregates: AggregateStore;
  /** Held requests waiting for a person (remote approvals): the shared queue and answers. */
  readonly approvals: ApprovalStore;
  close(): Promise<void>;
}

/** A window summary as the store keeps it: opaque but for the fields it is keyed and filtered by. */
export interface AggregateRecord {
  /** The same window has the same key on every instance: the first to store it wins. */
  key: string;
  agent_id: string;
  session_id: string | null;
  /** A window closed early (shutdown): stored apart, so it never keeps out the full summary of the same window. */
  partial?: boolean;
}

/** A stored summary, with all its fields: its id in the aggregates stream (increasing, like event ids). */
export type StoredAggregateRecord = AggregateRecord & { id: string } & Record<string, unknown>;

export interface AggregateQuery {
  agent_id?: string;
  session_id?: string;
  /** Summaries stored after this id. */
  since?: string;
  limit: number;
}

export interface AggregatePage {
  aggregates: StoredAggregateRecord[];
  /** The id to pass as `since` for the following page, or null when there is no more. */
  next: string | null;
}

/** Where window summaries go (Redis stream `hook_aggregate_events`, or memory). */
export interface AggregateStore {
  /**
   * Stores a summary unless its key was stored already (by this or another instance). Resolves with the id it is
   * stored under either way, and whether this call stored it.
   */
  put(record: AggregateRecord): Promise<{ id: string; stored: boolean }>;
  read(query: AggregateQuery): Promise<AggregatePage>;
}

/** A pending approval as the store keeps it: opaque but for its id and when it lapses. */
export interface PendingApproval {
  approval_id: string;
  /** ISO time after which nobody waits for it any more: an entry left past it (a crashed holder) is dropped on read. */
  expires_at: string;
  /** ISO time it opened: the queue's order. */
  created_at: string;
}

/** The answer an approval closed with: opaque but for its status. */
export interface ApprovalClaim {
  status: string;
}

/**
 * What several instances sharing one store need to share about held requests: the queue of pending ones, and
 * the one answer each gets (the first claim wins). Rejects with StoreUnavailableError when the store is away.
 */
export interface ApprovalStore {
  /** Adds an approval to the pending queue. */
  open(record: PendingApproval): Promise<void>;
  /** A pending approval, or null when it is unknown or closed. */
  get(id: string): Promise<PendingApproval | null>;
  /** Every pending approval, oldest first; entries past their expiry (and a grace) are dropped. */
  pending(): Promise<PendingApproval[]>;
  /** Takes an approval off the queue (its answer stays). */
  remove(id: string): Promise<void>;
  /** Stores the answer unless one is stored already: `won` says whether this one was; `answer` is the one that stands. */
  claim(id: string, answer: ApprovalClaim, ttlMs: number): Promise<{ won: boolean; answer: ApprovalClaim }>;
  /** The answer an approval closed with, while it is kept; null when it has none. */
  answer(id: string): Promise<ApprovalClaim | null>;
}
