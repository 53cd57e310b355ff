// The live path of the hub: store batches matched to clients, urgent events out on the tick, the rest batched per client.
import type { StoredEvent } from '../store/types.js';
import { compareStreamIds } from '../store/stream-id.js';
import type { StreamMetrics } from './metrics.js';
import type { SubscriptionIndex } from './subscription-index.js';
import type { StreamSession } from './session.js';
import { streamIdMs } from './resume.js';
import { DeadlineQueue, FrameCache, type BatchLimits, type Outgoing } from './batcher.js';

export const after = (id: string, bound: string) => compareStreamIds(id, bound) > 0;

export interface FanoutDeps {
  index: SubscriptionIndex<StreamSession>;
  metrics: StreamMetrics;
  limits: BatchLimits;
  /** Events with priority <= this are urgent. */
  urgentPriority: number;
  serialize: (e: StoredEvent) => string;
  /** The hub's send: within the client's budget, else the client is closed as a slow consumer (false). */
  send: (session: StreamSession, frame: Buffer) => boolean;
  slowConsumer: (session: StreamSession) => void;
}

/**
 * Everything the store hands over in one turn of the event loop is dispatched together. An urgent event leaves
 * on that tick, in one frame per client with whatever the client had pending ahead of it (order kept; it never
 * overtakes the batch). A less urgent one waits in the client's pending list until a frame's worth is there
 * (HOOK_BATCH_SIZE events or maxFrameBytes) or its oldest event has waited HOOK_FLUSH_INTERVAL_MS, checked by
 * one deadline queue for all clients.
 */
export class LiveFanout {
  private batch: StoredEvent[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private seq = 0;
  /** Last id dispatched: the store tail is in stream order, this guards the "strictly increasing" promise. */
  private lastId: string | null = null;
  private readonly deadlines: DeadlineQueue<StreamSession>;

  constructor(private readonly deps: FanoutDeps) {
    this.deadlines = new DeadlineQueue((due) => this.flushDue(due));
  }

  /** A fresh cache for one round of sends: clients owed the very same events share the very same buffers. */
  frames(): FrameCache {
    return new FrameCache(this.deps.limits);
  }

  push(events: readonly StoredEvent[]): void {
    for (const e of events) this.batch.push(e);
    if (!this.scheduled) this.scheduled = setImmediate(() => this.dispatch());
  }

  /** Shutdown: dispatches the turn in progress now rather than dropping it (the hub then flushes every client). */
  drain(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.dispatch();
    }
  }

  stop(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.batch = [];
    this.deadlines.clear();
  }

  /**
   * Sends what the client is owed now (everything with `all`, else what its batch rules say is due), closes it
   * as a slow consumer when what stays pending plus its socket buffer exceed the budget, and schedules the
   * deadline of what stays. False when the client is (now) closed.
   */
  release(session: StreamSession, all: boolean, frames: FrameCache): boolean {
    const { metrics } = this.deps;
    const due = session.take(all);
    if (due.length) {
      for (const frame of frames.of(due)) {
        if (!this.deps.send(session, frame.buffer)) return false;
        metrics.batchEvents.observe(frame.events);
      }
      this.observeLag(due);
    }
    if (session.holdsTooMuch()) {
      this.deps.slowConsumer(session);
      return false;
    }
    const deadline = session.claimDeadline();
    if (deadline !== null) this.deadlines.schedule(session, deadline);
    return session.state !== 'closed';
  }

  private dispatch(): void {
    this.scheduled = null;
    const events = this.batch;
    this.batch = [];
    const { index, urgentPriority } = this.deps;
    const subscribed = index.size;
    const at = performance.now();
    const touched = new Set<StreamSession>();
    const overBudget: StreamSession[] = [];
    let filtered = 0;
    for (const e of events) {
      if (this.lastId !== null && compareStreamIds(e.id, this.lastId) <= 0) continue;
      this.lastId = e.id;
      if (!subscribed) continue;
      let out: Outgoing | undefined;
      const matched = index.forEachMatch(e, (s) => {
        // Serialized once per event, whatever the number of clients; every client holds the same string.
        out ??= { seq: ++this.seq, id: e.id, json: this.deps.serialize(e), urgent: e.priority <= urgentPriority, at, lagged: false };
        const outcome = s.offer(out, after);
        if (outcome === 'queued') touched.add(s);
        else if (outcome === 'over-budget') overBudget.push(s);
      });
      filtered += subscribed - matched;
    }
    if (filtered) this.deps.metrics.filtered.inc(filtered);
    const frames = this.frames();
    for (const s of touched) this.release(s, false, frames);
    for (const s of overBudget) this.deps.slowConsumer(s);
  }

  /** Deadlines that fired: each client whose oldest pending event is due gets its whole batch. */
  private flushDue(due: { item: StreamSession; at: number }[]): void {
    const frames = this.frames();
    for (const { item, at } of due) if (item.dueBy(at)) this.release(item, true, frames);
  }

  /** Store → first frame out, once per event (not per client, as before batching). */
  private observeLag(sent: readonly Outgoing[]): void {
    const now = Date.now();
    for (const o of sent) {
      if (o.lagged) continue;
      o.lagged = true;
      const ms = streamIdMs(o.id);
      if (ms !== null) this.deps.metrics.lag.observe(Math.max(0, now - ms) / 1000);
    }
  }
}
