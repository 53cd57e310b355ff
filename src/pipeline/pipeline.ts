// The one path every hook takes: decide (security) → store durably → (store feeds the live stream).
import type { EventStore, StoredEvent } from '../store/types.js';
import type { SecurityValidator, SecurityVerdict } from '../security/types.js';
import type { HookMetrics } from '../metrics.js';
import type { ProcessingResult } from '../schemas/event.js';
import type { NormalizedEvent } from './normalize.js';
import { createError, ErrorCodes, HookError } from '../errors.js';

export interface PipelineOptions {
  store: EventStore;
  validator: SecurityValidator;
  metrics: HookMetrics;
  performanceThresholdMs: number;
  /** Seconds a client should wait before retrying when nothing can accept events. */
  retryAfterSeconds?: number;
  /** Called for every hook slower than the threshold (the Redis store records it). */
  onViolation?: (event: StoredEvent, ms: number) => void;
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

interface Decided {
  input: NormalizedEvent;
  verdict: SecurityVerdict;
  decidedMs: number;
}

const elapsedSeconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const round = (ms: number) => Math.round(ms * 1000) / 1000;

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

  private ensureAccepting(): void {
    if (!this.opts.store.canAccept()) {
      throw createError(
        ErrorCodes.STORE_UNAVAILABLE,
        'The event store and its outage spool are both unavailable; retry later',
        503,
        { 'retry-after': String(this.opts.retryAfterSeconds ?? 5) },
      );
    }
  }

  private async decide(input: NormalizedEvent, start: bigint): Promise<Decided> {
    const verdict = await this.opts.validator.validatePayload(input.payload, input.hook_type);
    return { input, verdict, decidedMs: elapsedSeconds(start) * 1000 };
  }

  /** Starts the store write at call time (so calls made in order are written in order). */
  private async commit({ input, verdict, decidedMs }: Decided, start: bigint): Promise<ProcessOutcome> {
    const { store, metrics } = this.opts;
    const appended = await store.append({
      ...input,
      decision: verdict.decision,
      risk: verdict.risk,
      reason: verdict.reason ?? null,
      rule: verdict.rule ?? null,
      processing_time_ms: round(decidedMs),
    });
    const seconds = elapsedSeconds(start);
    const event = appended.event;
    if (appended.duplicate) {
      metrics.duplicates.inc();
    } else if (metrics.observe(event.hook_type, event.decision, seconds, this.opts.performanceThresholdMs)) {
      this.opts.onViolation?.(event, seconds * 1000);
    }
    return { result: resultOf(event), event, duplicate: appended.duplicate };
  }

  /** Decide, store and report one event. `start` is when the request arrived (hrtime). */
  async process(input: NormalizedEvent, start: bigint = process.hrtime.bigint()): Promise<ProcessOutcome> {
    this.ensureAccepting();
    return this.commit(await this.decide(input, start), start);
  }

  /**
   * A batch: every event is decided, then written in the batch's order. One event's failure
   * (too large, store full) is its own error item; the others are still processed.
   */
  async processMany(
    inputs: (NormalizedEvent | HookError)[],
    start: bigint = process.hrtime.bigint(),
  ): Promise<(ProcessingResult | BatchItemError)[]> {
    this.ensureAccepting();
    const decided = await Promise.all(
      inputs.map((i) => (i instanceof HookError ? i : this.decide(i, start))),
    );
    const commits = decided.map((d) => (d instanceof HookError ? Promise.reject(d) : this.commit(d, start)));
    const settled = await Promise.allSettled(commits);
    return settled.map((s, idx) => {
      if (s.status === 'fulfilled') return s.value.result;
      const input = inputs[idx];
      const err = s.reason instanceof HookError
        ? s.reason
        : createError(ErrorCodes.STORE_UNAVAILABLE, 'The event could not be stored', 503);
      const item: BatchItemError = {
        success: false,
        error: { statusCode: err.statusCode, code: err.code, message: err.message },
      };
      if (input && !(input instanceof HookError)) item.event_id = input.event_id;
      return item;
    });
  }
}
