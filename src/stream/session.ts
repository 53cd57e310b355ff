// One stream client: its socket, its subscription, and a send budget that bounds what it can make us hold.
import type { EventFilter } from '../store/types.js';

/** What the hub needs from a WebSocket (a `ws` WebSocket fits; tests use fakes). */
export interface StreamSocket {
  readonly readyState: number;
  /** Bytes queued by the socket and not yet handed to the kernel. */
  readonly bufferedAmount: number;
  send(data: Buffer, options: { binary: boolean }): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}

export const OPEN = 1;

export type SessionState = 'idle' | 'replaying' | 'live' | 'closed';

interface Held {
  id: string;
  json: string;
}

export class StreamSession {
  filter: EventFilter = {};
  state: SessionState = 'idle';
  /** Bumped by every new subscription, so a replay that lost the race stops sending. */
  generation = 0;
  missedPongs = 0;
  /**
   * Live events at or below this id were covered by the subscription's replay (or predate it): a store tail
   * that lags behind the replay's reads (Redis) would otherwise send them twice. Cleared once passed.
   */
  floor: string | null = null;
  /** Indices (into the hub's current batch) of live events this client gets in the frame being built. */
  tick: number[] = [];
  /** Live events that arrived during a replay, sent after it (shared strings; only their bytes are counted). */
  private held: Held[] = [];
  private heldBytes = 0;

  constructor(
    readonly id: number,
    readonly socket: StreamSocket,
    private readonly maxBufferBytes: number,
  ) {}

  get open(): boolean {
    return this.state !== 'closed' && this.socket.readyState === OPEN;
  }

  /** Bytes this client is making the server hold right now. */
  queuedBytes(): number {
    return this.socket.bufferedAmount + this.heldBytes;
  }

  /**
   * False when sending would put the client over its budget (it is then a slow consumer). A client with
   * nothing queued may always take one frame, so a single large event never reads as slowness.
   */
  fits(bytes: number): boolean {
    const queued = this.queuedBytes();
    return queued === 0 || queued + bytes <= this.maxBufferBytes;
  }

  /** Sends if within budget; returns false (and sends nothing) when over it. */
  send(frame: Buffer): boolean {
    if (!this.open) return true;
    if (!this.fits(frame.length)) return false;
    this.socket.send(frame, { binary: false });
    return true;
  }

  /** Hold a live event during a replay; false when that would exceed the budget. */
  hold(id: string, json: string): boolean {
    const bytes = json.length + 1;
    if (!this.fits(bytes)) return false;
    this.held.push({ id, json });
    this.heldBytes += bytes;
    return true;
  }

  /** The held events after `after` (those the replay did not already send), emptying the hold. */
  takeHeld(after: (id: string) => boolean): string[] {
    const out: string[] = [];
    for (const h of this.held) if (after(h.id)) out.push(h.json);
    this.dropHeld();
    return out;
  }

  dropHeld(): void {
    this.floor = null;
    this.held = [];
    this.heldBytes = 0;
    this.tick = [];
  }

  /** Resolves once the socket has drained below `threshold` bytes, or false if the subscription changed. */
  async drained(threshold: number, generation: number, pollMs = 5): Promise<boolean> {
    while (this.socket.bufferedAmount > threshold) {
      if (this.generation !== generation || !this.open) return false;
      await new Promise((r) => setTimeout(r, pollMs));
    }
    return this.generation === generation && this.open;
  }
}
