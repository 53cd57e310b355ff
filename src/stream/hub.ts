// The per-instance fan-out hub: one store tail in, filtered and priority-batched frames out, resumable, bounded per client.
import type { AggregateRecord, EventStore, StoreLogger, StoredEvent } from '../store/types.js';
import type { ApprovalRecord } from '../approvals/types.js';
import { isRecovered } from '../store/position.js';
import { ErrorCodes } from '../errors.js';
import type { StreamMetrics } from './metrics.js';
import { SubscriptionIndex } from './subscription-index.js';
import { StreamSession, type StreamSocket } from './session.js';
import { parseClientMessage, type StreamError, type Subscription } from './filters.js';
import { CloseCodes, aggregatesFrame, approvalsFrame, errorFrame, eventsFrames, serializeEvent, subscribedFrame } from './frames.js';
import { maxStreamId } from './resume.js';
import { after, LiveFanout } from './fanout.js';
import type { BatchLimits } from './batcher.js';

export type HubLogger = Pick<StoreLogger, 'info' | 'warn'>;

export interface HubOptions {
  store: EventStore;
  metrics: StreamMetrics;
  /** Per-client budget: socket buffer + live events not sent yet (HOOK_WS_MAX_BUFFER_BYTES). */
  maxBufferBytes: number;
  /** Events with priority <= this leave on the tick they arrive (HOOK_URGENT_PRIORITY, default 3). */
  urgentPriority?: number;
  /** Most events per live frame; a client's less urgent events wait until they fill one (HOOK_BATCH_SIZE, default 100). */
  batchSize?: number;
  /** Longest a less urgent event waits for its frame to fill (HOOK_FLUSH_INTERVAL_MS, default 1000). */
  flushIntervalMs?: number;
  pingIntervalMs: number;
  maxConnections: number;
  /** Events per store read while replaying `since`. */
  replayPageSize?: number;
  /** Approximate bytes per store read while replaying (HOOK_HISTORY_MAX_BYTES). */
  replayPageBytes?: number;
  /** How long a closed slow consumer may take to read its close frame before it is terminated. */
  slowCloseGraceMs?: number;
  /** How long shutdown waits for close handshakes before terminating what is left. */
  shutdownGraceMs?: number;
  log?: HubLogger;
}

export class StreamHub {
  private readonly sessions = new Set<StreamSession>();
  private readonly index = new SubscriptionIndex<StreamSession>();
  private readonly fanout: LiveFanout;
  private unsubscribe: (() => void) | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private nextSessionId = 1;
  private closing = false;
  private emptied: (() => void) | null = null;

  /** Largest coalesced frame: a quarter of the budget, between 1 KiB and 1 MiB. */
  private readonly maxFrameBytes: number;
  private readonly limits: BatchLimits;

  constructor(private readonly opts: HubOptions) {
    this.maxFrameBytes = Math.min(1024 * 1024, Math.max(1024, Math.floor(opts.maxBufferBytes / 4)));
    this.limits = { maxEvents: opts.batchSize ?? 100, maxBytes: this.maxFrameBytes, intervalMs: opts.flushIntervalMs ?? 1000 };
    this.fanout = new LiveFanout({
      index: this.index,
      metrics: opts.metrics,
      limits: this.limits,
      urgentPriority: opts.urgentPriority ?? 3,
      serialize: (e) => this.serialize(e),
      send: (session, frame) => this.sendTo(session, frame),
      slowConsumer: (session) => this.slowConsumer(session),
    });
  }

  get connections(): number {
    return this.sessions.size;
  }

  /** Starts tailing the store (one listener per instance) and the heartbeat (one timer per instance). */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.opts.store.subscribe((events) => this.fanout.push(events));
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.opts.pingIntervalMs);
    this.heartbeatTimer.unref();
  }

  /** Admits a new socket, or closes it (1013 over the limit, 1001 while shutting down) and returns null. */
  connect(socket: StreamSocket): StreamSession | null {
    if (this.closing) {
      socket.close(CloseCodes.GOING_AWAY, 'server shutting down');
      return null;
    }
    if (this.sessions.size >= this.opts.maxConnections) {
      this.opts.metrics.rejectedConnections.inc();
      socket.close(CloseCodes.TRY_AGAIN_LATER, 'connection limit reached; try again later');
      return null;
    }
    const session = new StreamSession(this.nextSessionId++, socket, this.opts.maxBufferBytes, this.limits);
    this.sessions.add(session);
    this.opts.metrics.connections.set(this.sessions.size);
    return session;
  }

  /** The socket closed (for whatever reason): forget the client. */
  disconnect(session: StreamSession): void {
    this.drop(session);
    if (!this.sessions.delete(session)) return;
    this.opts.metrics.connections.set(this.sessions.size);
    if (!this.sessions.size) this.emptied?.();
  }

  pong(session: StreamSession): void {
    session.pong();
  }

  /** A text message from the client: a subscribe replaces the subscription; anything else gets an error frame. */
  message(session: StreamSession, text: string): void {
    if (session.state === 'closed') return;
    const parsed = parseClientMessage(text);
    if (parsed.ok) void this.subscribe(session, parsed.value);
    else this.error(session, parsed.error);
  }

  /** Sends an error frame; the connection (and any previous subscription) stays. */
  error(session: StreamSession, error: StreamError): void {
    this.sendTo(session, errorFrame(error));
  }

  /**
   * Subscribes (replacing any previous subscription): joins the live fan-out first, holding live events,
   * replays stored events after `since`, answers `subscribed`, then releases the held events the replay
   * did not cover — so there is no gap and no duplicate.
   * Events still pending for a live subscription being replaced: without `since` they go out first, under the
   * old filters (they were dispatched before this request, and `last_id` will be past them); with `since`
   * they are dropped, because the replay delivers exactly those after `since` that the new filters pass —
   * sending them too would deliver them twice.
   */
  async subscribe(session: StreamSession, sub: Subscription): Promise<void> {
    if (session.state === 'closed') return;
    if (sub.since === undefined && !this.fanout.release(session, true, this.fanout.frames())) return;
    const { store } = this.opts;
    const gen = session.begin(sub.filter, sub);
    this.index.add(session);
    try {
      const pos = await store.position();
      let recovered = true;
      let last: string | null = null;
      if (sub.since !== undefined) {
        recovered = isRecovered(sub.since, pos, sub.epoch);
        let cursor = sub.since;
        for (;;) {
          if (!session.isCurrent(gen)) return;
          const page = await store.read({
            since: cursor,
            limit: this.opts.replayPageSize ?? 500,
            filter: sub.filter,
            maxBytes: this.opts.replayPageBytes,
          });
          if (!session.isCurrent(gen)) return;
          for (const frame of eventsFrames(page.events.map((e) => this.serialize(e)), this.maxFrameBytes)) {
            // Replay no faster than the client reads, or a healthy client with a long history looks slow.
            if (!(await session.drained(this.opts.maxBufferBytes / 2, gen))) return;
            if (!this.sendTo(session, frame)) return;
          }
          if (page.events.length) last = (page.events[page.events.length - 1]).id;
          if (page.next === null) break;
          cursor = page.next;
        }
      }
      if (!session.isCurrent(gen)) return;
      // A `since` from another life of the store (after its top) is not where the client stands: the top is.
      const since = sub.since !== undefined && recovered ? sub.since : undefined;
      const synced = maxStreamId(last, pos.top, since) ?? '0-0';
      if (!this.sendTo(session, subscribedFrame(sub.filter, recovered, synced, pos.epoch, sub))) return;
      session.goLive(synced, after);
      this.fanout.release(session, false, this.fanout.frames());
    } catch (err) {
      if (!session.isCurrent(gen)) return; // dropped or resubscribed meanwhile
      this.opts.log?.warn({ err, client: session.id }, 'stream subscription failed');
      this.index.remove(session);
      session.reset();
      this.error(session, {
        code: ErrorCodes.STORE_UNAVAILABLE,
        message: 'The event store could not be read; subscribe again in a moment',
      });
    }
  }

  /**
   * Sends window summaries to the live clients that asked for them (`aggregates`), honouring their agent and
   * session filters. Each summary is serialized once. Not replayed on resume: `GET /hooks/aggregates` has them.
   */
  publishAggregates(aggregates: readonly AggregateRecord[]): void {
    if (!aggregates.length || this.closing) return;
    const jsons = new Map<AggregateRecord, string>();
    const json = (a: AggregateRecord) => {
      let text = jsons.get(a);
      if (text === undefined) jsons.set(a, (text = JSON.stringify(a)));
      return text;
    };
    for (const s of this.sessions) {
      if (s.state !== 'live' || !s.aggregates) continue;
      const { agent_ids, session_ids } = s.filter;
      const mine = aggregates.filter(
        (a) => (!agent_ids || agent_ids.includes(a.agent_id)) && (!session_ids || (a.session_id !== null && session_ids.includes(a.session_id))),
      );
      if (mine.length) this.sendTo(s, aggregatesFrame(mine.map(json)));
    }
  }

  /**
   * Sends approval records as they open or close to the live clients that asked (`approvals`), whatever their event
   * filters: the queue is not filtered. Serialized once. Not replayed: `GET /hooks/approvals` has the pending ones.
   */
  publishApprovals(records: readonly ApprovalRecord[]): void {
    if (!records.length || this.closing) return;
    let frame: Buffer | undefined;
    for (const s of this.sessions) {
      if (s.state !== 'live' || !s.approvals) continue;
      frame ??= approvalsFrame(records.map((r) => JSON.stringify(r)));
      this.sendTo(s, frame);
    }
  }

  /**
   * Sends what clients are owed (the tick in progress and every pending batch: `ws` writes them ahead of the
   * close frame), closes every socket with 1001, waits briefly for the handshakes, terminates the rest.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.fanout.drain();
    const frames = this.fanout.frames();
    for (const s of this.sessions) {
      const flushed = this.fanout.release(s, true, frames); // false: it was just closed as a slow consumer
      this.drop(s);
      if (flushed) s.socket.close(CloseCodes.GOING_AWAY, 'server shutting down');
    }
    this.fanout.stop();
    if (this.sessions.size) {
      const grace = this.opts.shutdownGraceMs ?? 1000;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, grace);
        this.emptied = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    for (const s of [...this.sessions]) {
      s.socket.terminate();
      this.disconnect(s);
    }
  }

  /** One event's JSON, never throwing: an event that cannot be serialized is sent as a stub, and logged. */
  private serialize(e: StoredEvent): string {
    return serializeEvent(e, (err) => this.opts.log?.warn({ err, id: e.id }, 'stream: event could not be serialized; sent as a stub'));
  }

  /** Sends within the client's budget; over it the client is closed as a slow consumer (returns false). */
  private sendTo(session: StreamSession, frame: Buffer): boolean {
    const result = session.send(frame);
    if (result === 'closed') return false;
    if (result === 'over-budget') {
      this.slowConsumer(session);
      return false;
    }
    this.opts.metrics.messages.inc();
    this.opts.metrics.bytes.inc(frame.length);
    return true;
  }

  private slowConsumer(session: StreamSession): void {
    if (session.state === 'closed') return;
    const queued = session.queuedBytes();
    this.drop(session);
    this.opts.metrics.slowConsumers.inc();
    this.opts.log?.warn({ client: session.id, queuedBytes: queued }, 'stream client too slow; closing with 4008');
    session.socket.close(CloseCodes.SLOW_CONSUMER, 'slow consumer');
    // The close frame waits behind the unread bytes; a client that never reads is cut off.
    setTimeout(() => session.socket.terminate(), this.opts.slowCloseGraceMs ?? 5000).unref();
  }

  /** Stops all sending to a client and releases what it held; the socket may still be closing. */
  private drop(session: StreamSession): void {
    session.close();
    this.index.remove(session);
  }

  private heartbeat(): void {
    for (const s of this.sessions) {
      if (s.ping()) continue;
      this.opts.log?.info({ client: s.id }, 'stream client missed two pongs; terminating');
      this.drop(s);
      s.socket.terminate();
    }
  }
}
