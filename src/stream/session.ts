// One stream client: its socket, its subscription state machine, and a send budget that bounds what it can make us hold.
import type { EventFilter } from '../store/types.js';
import { Pending, type BatchLimits, type Outgoing } from './batcher.js';
import { partWeight } from './frames.js';

/** What the hub needs from a WebSocket (a `ws` WebSocket fits; tests use fakes). */
export interface StreamSocket {
  readonly readyState: number;
  /** Bytes queued by the socket and not yet handed to the kernel. */
  readonly bufferedAmount: number;
  /** `cb` runs once the frame has left the process (or with an error when the socket closed first). */
  send(data: Buffer, options: { binary: boolean }, cb?: (err?: Error) => void): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}

const OPEN = 1;

const partWeightOf = (o: Outgoing) => partWeight(o.json);

export type SessionState = 'idle' | 'replaying' | 'live' | 'closed';

export type SendResult = 'sent' | 'closed' | 'over-budget';

/**
 * idle → replaying (subscribe) → live; a new subscription goes back to replaying; a failed one to idle;
 * closed is final. Every transition happens here; the hub asks and acts on the answers.
 * Live events the client is owed but not yet sent sit in one pending list: held while replaying, batched
 * while live (non-urgent ones wait for a full frame or their deadline). Its bytes count against the budget.
 */
export class StreamSession {
  private _filter: EventFilter = {};
  private _aggregates = false;
  private _approvals = false;
  private _state: SessionState = 'idle';
  /** Bumped by every new subscription and by close, so a replay that lost the race stops sending. */
  private generation = 0;
  private missedPongs = 0;
  /**
   * Live events at or below this id were covered by the subscription's replay (or predate it): a store tail
   * that lags behind the replay's reads (Redis) would otherwise send them twice. Cleared once passed.
   */
  private floor: string | null = null;
  /** Live events not sent yet (shared strings; only their bytes are counted). */
  private readonly pending: Pending;
  /** Settles when the most recent frame has left the process: what a replay waits on instead of polling. */
  private lastFlush: Promise<void> = Promise.resolve();
  private flushPending = false;

  constructor(
    readonly id: number,
    readonly socket: StreamSocket,
    private readonly maxBufferBytes: number,
    limits: BatchLimits,
  ) {
    this.pending = new Pending(limits);
  }

  get filter(): EventFilter {
    return this._filter;
  }

  /** Whether the client asked for the aggregator's summaries too. */
  get aggregates(): boolean {
    return this._aggregates;
  }

  /** Whether the client asked for the approval queue too. */
  get approvals(): boolean {
    return this._approvals;
  }

  get state(): SessionState {
    return this._state;
  }

  get open(): boolean {
    return this._state !== 'closed' && this.socket.readyState === OPEN;
  }

  /** Bytes this client is making the server hold right now. */
  queuedBytes(): number {
    return this.socket.bufferedAmount + this.pending.bytes;
  }

  /**
   * Starts a subscription (replacing any): returns its generation, which `isCurrent` checks later. Whatever is
   * still pending is dropped: the hub sends it first when the old subscription owes it (see StreamHub.subscribe).
   */
  begin(filter: EventFilter, flags: { aggregates?: boolean; approvals?: boolean } = {}): number {
    this.dropPending();
    this._filter = filter;
    this._aggregates = flags.aggregates === true;
    this._approvals = flags.approvals === true;
    this._state = 'replaying';
    return ++this.generation;
  }

  /** Whether the subscription of `generation` is still the one in force, on an open socket. */
  isCurrent(generation: number): boolean {
    return this.generation === generation && this.open;
  }

  /**
   * The replay is done up to `synced`: goes live, keeping as pending the held events after it (the replay sent
   * the others), in order; the hub then sends them by the live rules. Live events at or below `synced`
   * arriving later are skipped.
   */
  goLive(synced: string, after: (id: string, synced: string) => boolean): void {
    this.pending.retain((o) => after(o.id, synced));
    this.floor = synced;
    this._state = 'live';
  }

  /** The subscription failed (the store could not be read): no subscription until the client sends another. */
  reset(): void {
    if (this._state === 'closed') return;
    this.dropPending();
    this._state = 'idle';
  }

  /** Final: nothing more is sent, what was pending is released. */
  close(): void {
    this._state = 'closed';
    this.generation++;
    this.dropPending();
  }

  /**
   * A live event matched this client. Live: queue it ('skipped' when it is at or below the floor, i.e. the
   * replay already sent it); the hub then asks `take` what is due. Replaying: hold it, or 'over-budget' when
   * holding would exceed the budget (a long replay must not let held events grow without bound).
   */
  offer(o: Outgoing, passedFloor: (id: string, floor: string) => boolean): 'queued' | 'skipped' | 'held' | 'over-budget' {
    if (this._state === 'live') {
      if (this.floor !== null) {
        if (!passedFloor(o.id, this.floor)) return 'skipped';
        this.floor = null; // the tail is in order: everything after this is past the floor too
      }
      // Not checked against the budget here: urgent events leave this same turn, and what stays is checked
      // by `holdsTooMuch` once the turn's frames are out.
      this.pending.push(o);
      return 'queued';
    }
    if (this._state !== 'replaying') return 'skipped';
    if (!this.fits(partWeightOf(o))) return 'over-budget';
    this.pending.push(o);
    return 'held';
  }

  /**
   * Live only: removes and returns the pending events to send now — all of them with `all` or when an urgent
   * one waits (in order: it never overtakes the batch), else whole frames (HOOK_BATCH_SIZE events or
   * maxFrameBytes bytes) and the partial rest waits.
   */
  take(all: boolean): Outgoing[] {
    return this._state === 'live' ? this.pending.take(all) : [];
  }

  /** Live only: when the oldest pending event falls due, once per oldest event (the hub's one deadline queue). */
  claimDeadline(): number | null {
    return this._state === 'live' ? this.pending.claimDeadline() : null;
  }

  /** Whether a live client's oldest pending event is due by `at`. */
  dueBy(at: number): boolean {
    return this._state === 'live' && this.pending.dueBy(at);
  }

  /**
   * Live: what stays pending plus what the socket holds is over the budget — a slow consumer, as a refused send
   * is. (While replaying, each held event is checked as it comes, in `offer`.)
   */
  holdsTooMuch(): boolean {
    return this._state === 'live' && this.pending.length > 0 && this.queuedBytes() > this.maxBufferBytes;
  }

  /**
   * A client with nothing queued may always take one frame, so a single large event never reads as slowness.
   */
  private fits(bytes: number): boolean {
    const queued = this.queuedBytes();
    return queued === 0 || queued + bytes <= this.maxBufferBytes;
  }

  /** Sends within the budget; 'closed' when the socket is gone, 'over-budget' when the client is too slow. */
  send(frame: Buffer): SendResult {
    if (!this.open) return 'closed';
    if (!this.fits(frame.length)) return 'over-budget';
    this.flushPending = true;
    const flushed = new Promise<void>((resolve) =>
      this.socket.send(frame, { binary: false }, () => {
        if (this.lastFlush === flushed) this.flushPending = false;
        resolve();
      }),
    );
    this.lastFlush = flushed;
    return 'sent';
  }

  /**
   * Resolves once the socket has drained to `threshold` bytes; false if the subscription changed or closed.
   * Waits on the last frame's flush; only bytes queued by something else make it fall back to a short sleep.
   */
  async drained(threshold: number, generation: number): Promise<boolean> {
    while (this.socket.bufferedAmount > threshold && this.isCurrent(generation)) {
      if (this.flushPending) await this.lastFlush;
      else await new Promise((r) => setTimeout(r, 20));
    }
    return this.isCurrent(generation);
  }

  pong(): void {
    this.missedPongs = 0;
  }

  /** Pings, or returns false when the client missed two pongs already (it is then to be terminated). */
  ping(): boolean {
    if (this.missedPongs >= 2) return false;
    this.missedPongs++;
    try {
      this.socket.ping();
    } catch {
      // a socket mid-close cannot ping; its close event will remove it
    }
    return true;
  }

  private dropPending(): void {
    this.floor = null;
    this.pending.clear();
  }
}
