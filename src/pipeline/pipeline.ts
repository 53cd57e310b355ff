// The one path every hook takes: decide (security) → store durably → (store feeds the live stream).
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { EventStore, NewEvent, StoredEvent } from '../store/types.js';
import type { ViolationSink } from '../store/violations.js';
import type { SecurityValidator, SecurityVerdict } from '../security/types.js';
import type { HookMetrics } from '../metrics.js';
import type { ProcessingResult } from '../schemas/event.js';
import type { Incoming, NormalizedEvent } from './normalize.js';
import type { Redactor } from './redact.js';
import { ErrorCodes, HookError, httpErrorOf } from '../errors.js';
import { IdempotencyConflictError, StoreUnavailableError, conflictEventId } from '../store/errors.js';
import { failClosed } from './fail-closed.js';
import { storeForm } from './prepare.js';

export interface PipelineOptions {
  store: EventStore;
  validator: SecurityValidator;
  metrics: HookMetrics;
  /** Where hooks slower than the threshold are recorded (the Redis performance stream). */
  violations?: ViolationSink;
  performanceThresholdMs: number;
  /** HOOK_FAIL_DECISION: what an event that cannot be fully judged gets at least. */
  failDecision: 'ask' | 'deny';
  /** HOOK_VALIDATION_BUDGET_MS: the validation time of one request, all its events together. */
  validationBudgetMs: number;
  /** HOOK_MAX_PAYLOAD_SIZE: most bytes of one stored payload. */
  maxPayloadBytes: number;
  /** Secrets are replaced before storing when given (HOOK_REDACT_SECRETS). */
  redactor?: Redactor;
  /** Seconds a client should wait before retrying when nothing can accept events. */
  retryAfterSeconds?: number;
}

export interface ProcessOutcome {
  result: ProcessingResult;
  event: StoredEvent;
  duplicate: boolean;
}

export interface BatchItemError {
  success: false;
  event_id?: string;
  error: { statusCode: number; code: string; message: string };
}

export interface Decided {
  incoming: Incoming;
  verdict: SecurityVerdict;
  decidedMs: number;
}

/** A reused event_id: refuse (the envelope's 409), or store the new content under a derived id (agent routes). */
export type OnConflict = 'reject' | 'rekey';

const elapsedSeconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const round = (ms: number) => Math.round(ms * 1000) / 1000;
/** Longest stretch a batch validates before letting other requests run. */
const SLICE_MS = 10;

/** The event with its decision, as one literal: spreading it and adding keys would cost a new hidden class per event. */
function decidedEvent(e: NormalizedEvent, verdict: SecurityVerdict, processingMs: number): NewEvent {
  const out: NewEvent = {
    event_id: e.event_id,
    hook_type: e.hook_type,
    agent_id: e.agent_id,
    session_id: e.session_id,
    correlation_id: e.correlation_id,
    priority: e.priority,
    timestamp: e.timestamp,
    payload: e.payload,
    metadata: e.metadata,
    decision: verdict.decision,
    risk: verdict.risk,
    reason: verdict.reason ?? null,
    rule: verdict.rule ?? null,
    processing_time_ms: processingMs,
    source: e.source,
  };
  if (e.sanitized) out.sanitized = e.sanitized;
  return out;
}

/**
 * The answer is built from the stored event alone, so a retry of the same event_id gets exactly
 * the same answer (processing_time_ms is the original receipt → decision time).
 */
export function resultOf(event: StoredEvent): ProcessingResult {
  const result: ProcessingResult = {
    success: true,
    event_id: event.event_id,
    stream_id: event.id,
    processing_time_ms: event.processing_time_ms,
    decision: event.decision,
    risk: event.risk,
  };
  if (event.reason) result.reason = event.reason;
  if (event.rule) result.rule = event.rule;
  return result;
}

export class HookPipeline {
  constructor(private readonly opts: PipelineOptions) {}

  /** Throws StoreUnavailableError when neither the store nor its spool can take an event now. */
  ensureAccepting(): void {
    if (!this.opts.store.canAccept()) {
      throw new StoreUnavailableError('The event store and its outage spool are both unavailable; retry later', (this.opts.retryAfterSeconds ?? 5) * 1000);
    }
  }

  /** A validation deadline `budgetMs` from now, never later than HOOK_VALIDATION_BUDGET_MS. */
  deadline(budgetMs = Infinity): number {
    return performance.now() + Math.min(budgetMs, this.opts.validationBudgetMs);
  }

  /** Judges one event. Never throws: a validator failure is a fail-closed verdict, counted by cause. */
  async decide(incoming: Incoming, start: bigint, deadline = this.deadline()): Promise<Decided> {
    const { payload, hook_type } = incoming.event;
    let verdict: SecurityVerdict;
    try {
      verdict = await this.opts.validator.validatePayload(incoming.view ?? payload, hook_type, { deadline });
    } catch {
      verdict = this.failVerdict('validator_error');
    }
    if (verdict.failClosed) this.opts.metrics.failClosed.inc({ cause: verdict.failClosed });
    return { incoming, verdict, decidedMs: elapsedSeconds(start) * 1000 };
  }

  private failVerdict(cause: 'validator_error'): SecurityVerdict {
    const f = failClosed(cause, this.opts.failDecision);
    return { ...f, rule: `fail.${cause}`, reasons: [f.reason], findings: [], failClosed: cause };
  }

  /** Stores a decided event. Starts the store write at call time (so calls made in order are written in order). */
  async commit({ incoming, verdict, decidedMs }: Decided, start: bigint, onConflict: OnConflict = 'reject'): Promise<ProcessOutcome> {
    const { store, metrics } = this.opts;
    const { event: stored, bytes } = storeForm(decidedEvent(incoming.event, verdict, round(decidedMs)), this.opts, incoming.json);
    // Redacted or cut, the stored payload is a new object and its JSON is made afresh.
    const payloadJson = stored.payload === incoming.event.payload ? incoming.payloadJson : undefined;
    const meta = { fingerprint: incoming.fingerprint, bytes, payloadJson };
    const appended = await store.append(stored, meta).catch((err: unknown) => {
      if (!(err instanceof IdempotencyConflictError) || onConflict === 'reject') throw err;
      // Judged afresh already: keep it as its own event rather than hand out an answer given for other content.
      return store.append({ ...stored, event_id: conflictEventId(stored.event_id, incoming.fingerprint) }, meta);
    });
    const seconds = elapsedSeconds(start);
    const event = appended.event;
    if (appended.duplicate) {
      metrics.duplicates.inc();
    } else if (metrics.observe(event.hook_type, event.decision, seconds, this.opts.performanceThresholdMs)) {
      this.opts.violations?.record(event, seconds * 1000);
    }
    return { result: resultOf(event), event, duplicate: appended.duplicate };
  }

  /** Decide, store and report one event. `start` is when the request arrived (hrtime). */
  async process(incoming: Incoming, start: bigint = process.hrtime.bigint(), onConflict: OnConflict = 'reject'): Promise<ProcessOutcome> {
    this.ensureAccepting();
    return this.commit(await this.decide(incoming, start), start, onConflict);
  }

  /**
   * A batch: every event is decided (within one validation budget, yielding to other requests every few
   * ms), then written in the batch's order. One event's failure is its own error item; the others go on.
   */
  async processMany(items: (Incoming | HookError)[], start: bigint = process.hrtime.bigint()): Promise<(ProcessingResult | BatchItemError)[]> {
    this.ensureAccepting();
    const deadline = this.deadline();
    const decided: (Decided | HookError)[] = [];
    let slice = performance.now();
    for (const item of items) {
      decided.push(item instanceof HookError ? item : await this.decide(item, start, deadline));
      if (performance.now() - slice > SLICE_MS) {
        await yieldToLoop();
        slice = performance.now();
      }
    }
    const commits = decided.map((d) => (d instanceof HookError ? Promise.reject(d) : this.commit(d, start)));
    const settled = await Promise.allSettled(commits);
    return settled.map((s, idx) => {
      if (s.status === 'fulfilled') return s.value.result;
      const item = items[idx];
      const { statusCode, code, message } = httpErrorOf(s.reason) ?? {
        statusCode: 503, code: ErrorCodes.STORE_UNAVAILABLE, message: 'The event could not be stored',
      };
      const out: BatchItemError = { success: false, error: { statusCode, code, message } };
      if (item && !(item instanceof HookError)) out.event_id = item.event.event_id;
      return out;
    });
  }
}
