// The approval desk: holds a request until the first answer (from any instance sharing the store) or the timeout.
import { randomUUID } from 'node:crypto';
import type { EventStore, StoreLogger, StoredEvent } from '../store/types.js';
import type { ApprovalMetrics } from './metrics.js';
import type { AnswerInput, ApprovalRecord, HeldOutcome } from './types.js';
import { ApprovalClosedError, ApprovalNotFoundError } from './errors.js';
import { DEFAULT_ANSWERER, approvalEvent, closedRecord, openRecord, outcomeOf, recordOfEvent } from './record.js';

/** How long an answer is remembered: long enough that a late second answer learns who was first. */
const ANSWER_TTL_MS = 24 * 60 * 60 * 1000;
/** Why an approval closed when the agent's connection did. */
const AGENT_GONE = 'the agent stopped waiting';
/**
 * Longest a held request waits past its timeout for the store to say whether an answer won meanwhile: a hung Redis
 * (each command may take the connection's whole command timeout) must not stretch the agent's wait.
 */
const SETTLE_GRACE_MS = 250;
/** Longest shutdown waits to record the cancelled approvals; the agents have their `ask` already. */
const CANCEL_RECORD_MS = 1000;

export interface DeskOptions {
  store: Pick<EventStore, 'approvals' | 'append'>;
  /** HOOK_APPROVAL_MODE is `dashboard`. */
  enabled: boolean;
  /** HOOK_APPROVAL_TIMEOUT_MS. */
  timeoutMs: number;
  /** HOOK_APPROVAL_MAX_PENDING: held requests are open connections and timers; a flood of asks must not pile them up. */
  maxPending: number;
  metrics: ApprovalMetrics;
  log: Pick<StoreLogger, 'warn'>;
  /** Where approval records go when they open or close (the live stream's `approvals` frames). */
  publish: (records: ApprovalRecord[]) => void;
}

export interface HoldInput {
  event: StoredEvent;
  dialect: string;
  /** The agent's own event name. */
  hookType: string;
  /** Aborted when the agent stops waiting (its connection closed): the approval closes as cancelled. */
  signal?: AbortSignal;
}

interface Waiter {
  record: ApprovalRecord;
  timer: NodeJS.Timeout;
  resolve: (closed: ApprovalRecord) => void;
}

export class ApprovalDesk {
  private readonly waiting = new Map<string, Waiter>();
  private closing = false;

  constructor(private readonly opts: DeskOptions) {}

  get enabled(): boolean {
    return this.opts.enabled;
  }

  get timeoutMs(): number {
    return this.opts.timeoutMs;
  }

  /**
   * Opens an approval for a stored event and waits for its end. Null when nothing is held (approvals off, shutting
   * down, or the queue cannot be written): the agent then gets today's answer.
   */
  async hold(input: HoldInput): Promise<HeldOutcome | null> {
    // Nobody is waiting any more (the agent went away while its event was judged and stored): nothing to hold.
    if (!this.opts.enabled || this.closing || input.signal?.aborted) return null;
    const { store, log, metrics } = this.opts;
    if (this.waiting.size >= this.opts.maxPending) {
      metrics.notHeld.inc({ cause: 'queue_full' });
      return null;
    }
    const record = openRecord({ ...input, approvalId: `apr_${randomUUID().replaceAll('-', '')}`, now: Date.now(), timeoutMs: this.opts.timeoutMs });
    try {
      await store.approvals.open(record);
    } catch (err) {
      log.warn({ err, eventId: record.event_id }, 'approval could not be opened; answering without holding');
      metrics.notHeld.inc({ cause: 'store_unavailable' });
      return null;
    }
    const closed = new Promise<ApprovalRecord>((resolve) => {
      const timer = setTimeout(() => void this.expire(record.approval_id), this.opts.timeoutMs);
      this.waiting.set(record.approval_id, { record, timer, resolve });
    });
    this.opts.metrics.pending.set(this.waiting.size);
    const gone = () => void this.abandon(record.approval_id);
    input.signal?.addEventListener('abort', gone, { once: true });
    // The opening reaches every instance's dashboards through the store's tail (see `seen`).
    store.append(approvalEvent(record), { fingerprint: record.approval_id }).catch((err: unknown) => {
      log.warn({ err, approvalId: record.approval_id }, 'ApprovalRequested could not be stored');
    });
    const end = await closed;
    input.signal?.removeEventListener('abort', gone);
    this.opts.metrics.closed.inc({ outcome: end.status });
    return outcomeOf(end);
  }

  /** The pending approvals of every instance sharing the store, oldest first. */
  async list(): Promise<ApprovalRecord[]> {
    if (!this.opts.enabled) return [];
    return (await this.opts.store.approvals.pending()) as ApprovalRecord[];
  }

  /** A person's answer: the first one wins (ApprovalClosedError after it); it releases the request wherever it is held. */
  async answer(approvalId: string, input: AnswerInput): Promise<ApprovalRecord> {
    if (!this.opts.enabled) throw new ApprovalNotFoundError(approvalId);
    const { approvals } = this.opts.store;
    const pending = (await approvals.get(approvalId)) as ApprovalRecord | null;
    if (!pending) {
      const ended = (await approvals.answer(approvalId)) as ApprovalRecord | null;
      throw ended ? new ApprovalClosedError(ended) : new ApprovalNotFoundError(approvalId);
    }
    const proposal = closedRecord(pending, {
      status: input.decision === 'allow' ? 'allowed' : 'denied',
      answered_by: input.by ?? DEFAULT_ANSWERER,
      answer_reason: input.reason ?? null,
      answered_at: new Date().toISOString(),
    });
    const claim = await approvals.claim(approvalId, proposal, ANSWER_TTL_MS);
    if (!claim.won) throw new ApprovalClosedError(claim.answer as ApprovalRecord);
    this.release(approvalId, proposal);
    // Its ApprovalResolved releases the request on the instance that holds it.
    await this.record(proposal);
    return proposal;
  }

  /** Stored events from every instance: approval events become `approvals` frames and release what this instance holds. */
  seen(events: readonly StoredEvent[]): void {
    const records: ApprovalRecord[] = [];
    for (const e of events) {
      const r = recordOfEvent(e);
      if (!r) continue;
      records.push(r);
      // Only the service stores events under its own source: a closed record there is the answer that won.
      if (r.status !== 'pending') this.release(r.approval_id, r);
    }
    if (records.length) this.opts.publish(records);
  }

  /** Shutdown: every held request gets `ask` at once; the approvals are then recorded as cancelled, briefly. */
  async close(): Promise<void> {
    this.closing = true;
    const held = [...this.waiting.values()];
    const now = new Date().toISOString();
    const cancelled = held.map((w) => closedRecord(w.record, { status: 'cancelled', answered_by: null, answer_reason: null, answered_at: now }));
    for (const c of cancelled) this.release(c.approval_id, c);
    if (!cancelled.length) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(cancelled.map((c) => this.settle(c))),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, CANCEL_RECORD_MS))),
    ]);
    clearTimeout(timer);
  }

  /**
   * The agent stopped waiting (it timed out or went away): nobody is left to release, so the approval closes as
   * cancelled — an operator must not approve what no agent waits for. An answer that won meanwhile still stands.
   */
  private async abandon(approvalId: string): Promise<void> {
    const w = this.waiting.get(approvalId);
    if (!w) return;
    const cancelled = closedRecord(w.record, { status: 'cancelled', answered_by: null, answer_reason: AGENT_GONE, answered_at: new Date().toISOString() });
    this.release(approvalId, await this.settle(cancelled));
  }

  /**
   * Nobody answered in time: try to close it as expired; an answer that won meanwhile still counts. The agent is
   * answered as soon as the claim is decided, or `ask` after a short grace when the store does not say; the
   * bookkeeping (queue entry, ApprovalResolved) follows without holding it.
   */
  private async expire(approvalId: string): Promise<void> {
    const w = this.waiting.get(approvalId);
    if (!w) return;
    const expired = closedRecord(w.record, { status: 'expired', answered_by: null, answer_reason: null, answered_at: new Date().toISOString() });
    const claimed = this.claimEnd(expired);
    let grace: NodeJS.Timeout | undefined;
    const end = await Promise.race([
      claimed.then((c) => c.end),
      new Promise<ApprovalRecord>((resolve) => (grace = setTimeout(() => resolve(expired), SETTLE_GRACE_MS))),
    ]);
    clearTimeout(grace);
    this.release(approvalId, end);
    if ((await claimed).won) await this.record(expired);
  }

  /** Claims `proposal` as the end; records it when it won. Resolves with the end that stands (the proposal if the store is away). */
  private async settle(proposal: ApprovalRecord): Promise<ApprovalRecord> {
    const { end, won } = await this.claimEnd(proposal);
    if (won) await this.record(end);
    return end;
  }

  /** The end that stands, and whether it is `proposal` (then it is still to be recorded); the proposal if the store is away. */
  private async claimEnd(proposal: ApprovalRecord): Promise<{ end: ApprovalRecord; won: boolean }> {
    try {
      const claim = await this.opts.store.approvals.claim(proposal.approval_id, proposal, ANSWER_TTL_MS);
      return claim.won ? { end: proposal, won: true } : { end: claim.answer as ApprovalRecord, won: false };
    } catch (err) {
      // The store is away: nobody can have answered through it since, and `ask` leaves the choice to the agent's user.
      this.opts.log.warn({ err, approvalId: proposal.approval_id }, 'approval end could not be claimed; the agent gets ask');
      return { end: proposal, won: false };
    }
  }

  /** Takes a closed approval off the queue and stores its ApprovalResolved (best effort: its answer is claimed already). */
  private async record(closed: ApprovalRecord): Promise<void> {
    const { store, log } = this.opts;
    await store.approvals.remove(closed.approval_id).catch((err: unknown) => log.warn({ err, approvalId: closed.approval_id }, 'closed approval left in the queue'));
    await store.append(approvalEvent(closed), { fingerprint: closed.approval_id }).catch((err: unknown) => {
      log.warn({ err, approvalId: closed.approval_id }, 'ApprovalResolved could not be stored');
    });
  }

  /** Answers the held request (if this instance holds it) with how its approval ended. */
  private release(approvalId: string, closed: ApprovalRecord): void {
    const w = this.waiting.get(approvalId);
    if (!w) return;
    clearTimeout(w.timer);
    this.waiting.delete(approvalId);
    this.opts.metrics.pending.set(this.waiting.size);
    w.resolve(closed);
  }
}
