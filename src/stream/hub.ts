// The per-instance fan-out hub: one store tail in, filtered and coalesced frames out, resumable, bounded per client.
import type { EventStore, StoreLogger, StoredEvent } from '../store/types.js';
import { compareStreamIds } from '../store/stream-id.js';
import { isRecovered } from '../store/position.js';
import { ErrorCodes } from '../errors.js';
import type { StreamMetrics } from './metrics.js';
import { SubscriptionIndex } from './subscription-index.js';
import { StreamSession, type StreamSocket } from './session.js';
import { parseClientMessage, type StreamError, type Subscription } from './filters.js';
import { CloseCodes, errorFrame, eventsFrames, serializeEvent, subscribedFrame } from './frames.js';
import { maxStreamId, streamIdMs } from './resume.js';

export type HubLogger = Pick<StoreLogger, 'info' | 'warn'>;

const after = (id: string, bound: string) => compareStreamIds(id, bound) > 0;

export interface HubOptions {
  store: EventStore;
  metrics: StreamMetrics;
  /** Per-client budget: socket buffer + events held during a replay (HOOK_WS_MAX_BUFFER_BYTES). */
  maxBufferBytes: number;
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
  private batch: StoredEvent[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  /** Last id dispatched: the store tail is in stream order, this guards the "strictly increasing" promise. */
  private lastId: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private nextSessionId = 1;
  private closing = false;
  private emptied: (() => void) | null = null;

  /** Largest coalesced frame: a quarter of the budget, between 1 KiB and 1 MiB. */
  private readonly maxFrameBytes: number;

  constructor(private readonly opts: HubOptions) {
    this.maxFrameBytes = Math.min(1024 * 1024, Math.max(1024, Math.floor(opts.maxBufferBytes / 4)));
  }

  get connections(): number {
    return this.sessions.size;
  }

  /** Starts tailing the store (one listener per instance) and the heartbeat (one timer per instance). */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.opts.store.subscribe((events) => this.onStored(events));
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
    const session = new StreamSession(this.nextSessionId++, socket, this.opts.maxBufferBytes);
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
   */
  async subscribe(session: StreamSession, sub: Subscription): Promise<void> {
    if (session.state === 'closed') return;
    const { store } = this.opts;
    const gen = session.begin(sub.filter);
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
      if (!this.sendTo(session, subscribedFrame(sub.filter, recovered, synced, pos.epoch))) return;
      const rest = session.goLive(synced, after);
      for (const frame of eventsFrames(rest, this.maxFrameBytes)) if (!this.sendTo(session, frame)) return;
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

  /** Closes every socket with 1001, waits briefly for the handshakes, terminates the rest. */
  async close(): Promise<void> {
    this.closing = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.scheduled) clearImmediate(this.scheduled);
    this.batch = [];
    for (const s of this.sessions) {
      this.drop(s);
      s.socket.close(CloseCodes.GOING_AWAY, 'server shutting down');
    }
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

  private onStored(events: StoredEvent[]): void {
    for (const e of events) this.batch.push(e);
    // Everything the store hands over in this turn of the event loop leaves as one frame per client.
    if (!this.scheduled) this.scheduled = setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = null;
    const events = this.batch;
    this.batch = [];
    const { metrics } = this.opts;
    const subscribed = this.index.size;
    const jsons = new Array<string | undefined>(events.length);
    const touched: StreamSession[] = [];
    const overBudget: StreamSession[] = [];
    let filtered = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (this.lastId !== null && compareStreamIds(e.id, this.lastId) <= 0) continue;
      this.lastId = e.id;
      if (!subscribed) continue;
      let json: string | undefined;
      const matched = this.index.forEachMatch(e, (s) => {
        json ??= this.serialize(e); // once per event, whatever the number of clients
        const wasIdle = s.tick.length === 0;
        const outcome = s.offer(e.id, json, i, after);
        if (outcome === 'queued' && wasIdle) touched.push(s);
        else if (outcome === 'over-budget') overBudget.push(s);
      });
      jsons[i] = json;
      filtered += subscribed - matched;
    }
    if (filtered) metrics.filtered.inc(filtered);
    // Clients that got the same events share one frame buffer.
    const frames = new Map<string, Buffer[]>();
    for (const s of touched) {
      if (!s.tick.length) continue;
      const key = s.tick.join(',');
      let built = frames.get(key);
      if (!built) {
        built = eventsFrames(s.tick.map((i) => jsons[i] as string), this.maxFrameBytes);
        frames.set(key, built);
      }
      s.tick = [];
      for (const frame of built) if (!this.sendTo(s, frame)) break;
    }
    for (const s of overBudget) this.slowConsumer(s);
    if (touched.length) {
      const now = Date.now();
      for (let i = 0; i < events.length; i++) {
        if (jsons[i] === undefined) continue;
        const ms = streamIdMs((events[i]).id);
        if (ms !== null) metrics.lag.observe(Math.max(0, now - ms) / 1000);
      }
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
