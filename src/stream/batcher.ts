// Priority batching of the live fan-out: what one client is owed between frames, shared frame bytes, one deadline queue.
import { eventsFrame, frameEnds, partWeight } from './frames.js';

/** One live event as the hub hands it to clients: serialized once and shared by every client it matches. */
export interface Outgoing {
  /** Dispatch order, hub-wide: clients owed the same events share frame buffers, keyed by these numbers. */
  readonly seq: number;
  readonly id: string;
  readonly json: string;
  /** priority <= HOOK_URGENT_PRIORITY: leaves on the tick it arrived, taking the client's pending events with it. */
  readonly urgent: boolean;
  /** performance.now() at dispatch: a batch falls due HOOK_FLUSH_INTERVAL_MS after its oldest event. */
  readonly at: number;
  /** Whether its fan-out lag was observed: once per event, when it first leaves for some client. */
  lagged: boolean;
}

export interface BatchLimits {
  /** Most events per live frame (HOOK_BATCH_SIZE). */
  maxEvents: number;
  /** Bytes at which a frame is full (the hub's maxFrameBytes). */
  maxBytes: number;
  /** Longest a non-urgent event waits for its frame to fill (HOOK_FLUSH_INTERVAL_MS). */
  intervalMs: number;
}

const weight = (o: Outgoing) => partWeight(o.json);

/**
 * The live events one client is owed, in stream order: held while its replay runs, batched once live. It holds
 * references to the shared JSON; its byte count is what the client is charged against its budget.
 */
export class Pending {
  private items: Outgoing[] = [];
  private _bytes = 0;
  private urgent = 0;
  /** The oldest item a deadline was handed out for: one queue entry per oldest event, not one per tick. */
  private scheduled: Outgoing | null = null;

  constructor(private readonly limits: BatchLimits) {}

  get bytes(): number {
    return this._bytes;
  }

  get length(): number {
    return this.items.length;
  }

  push(o: Outgoing): void {
    this.items.push(o);
    this._bytes += weight(o);
    if (o.urgent) this.urgent++;
  }

  /** Keeps only what `keep` accepts (after a replay: the held events it did not cover). */
  retain(keep: (o: Outgoing) => boolean): void {
    const kept = this.items.filter(keep);
    this.clear();
    for (const o of kept) this.push(o);
  }

  clear(): void {
    this.items = [];
    this._bytes = 0;
    this.urgent = 0;
    this.scheduled = null;
  }

  /**
   * Removes and returns what goes out now: everything when `all` is asked or an urgent event waits (behind the
   * batch, never ahead of it), else whole frames only; a partial last frame waits to fill or fall due.
   */
  take(all: boolean): Outgoing[] {
    const len = this.items.length;
    const n = all || this.urgent ? len : this.wholeFrames();
    if (!n) return [];
    const taken = n === len ? this.items : this.items.slice(0, n);
    if (n === len) this.clear();
    else {
      // Only a batch without urgent events is ever cut, so `urgent` stays 0.
      this.items = this.items.slice(n);
      for (const o of taken) this._bytes -= weight(o);
    }
    return taken;
  }

  /** When the oldest item falls due, if no deadline was handed out for it yet; null otherwise. */
  claimDeadline(): number | null {
    const head = this.items[0];
    if (head === undefined || head === this.scheduled) return null;
    this.scheduled = head;
    return head.at + this.limits.intervalMs;
  }

  /** Whether the oldest item is due by `at` (a deadline that fired; a stale one finds a younger head not due). */
  dueBy(at: number): boolean {
    const head = this.items[0];
    return head !== undefined && head.at + this.limits.intervalMs <= at;
  }

  /** How many leading items fill whole frames, split the way the frames will be. */
  private wholeFrames(): number {
    const { maxEvents, maxBytes } = this.limits;
    const len = this.items.length;
    // A frame fills by count or by bytes, so below both nothing is whole: the common case, in O(1).
    if (len < maxEvents && this._bytes < maxBytes) return 0;
    const weights = this.items.map(weight);
    const ends = frameEnds(weights, maxBytes, maxEvents);
    const lastStart = ends.length > 1 ? ends[ends.length - 2] : 0;
    let lastBytes = 0;
    for (let i = lastStart; i < len; i++) lastBytes += weights[i];
    return len - lastStart >= maxEvents || lastBytes >= maxBytes ? len : lastStart;
  }
}

export interface BuiltFrame {
  buffer: Buffer;
  events: number;
}

/** Frames built in one dispatch or sweep: clients owed the very same events get the very same buffers. */
export class FrameCache {
  private readonly built = new Map<string, BuiltFrame[]>();

  constructor(private readonly limits: BatchLimits) {}

  of(items: readonly Outgoing[]): BuiltFrame[] {
    const key = items.length === 1 ? String(items[0].seq) : items.map((o) => o.seq).join(',');
    let frames = this.built.get(key);
    if (!frames) {
      const parts = items.map((o) => o.json);
      const ends = frameEnds(parts.map(partWeight), this.limits.maxBytes, this.limits.maxEvents);
      frames = ends.map((end, k) => {
        const start = k ? ends[k - 1] : 0;
        return { buffer: eventsFrame(ends.length === 1 ? parts : parts.slice(start, end)), events: end - start };
      });
      this.built.set(key, frames);
    }
    return frames;
  }
}

interface Entry<T> {
  item: T;
  at: number;
}

/** Timers fire on whole milliseconds; an entry this close to due is treated as due rather than re-armed for 1 ms. */
const SLACK_MS = 1;

/**
 * One timer for every client's batch deadline, instead of one per client. Entries arrive nearly in due order (a
 * replay's held events can be older), so they are inserted sorted from the tail and the timer is armed for the
 * head. A sweep hands over at most `maxPerSweep` due entries and re-arms for the rest, so a moment when
 * thousands fall due does not hold the event loop. Entries are not removed when a batch leaves early; the
 * callback checks whether its client is still due (`Pending.dueBy`).
 */
export class DeadlineQueue<T> {
  private entries: Entry<T>[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;

  constructor(
    private readonly onDue: (due: Entry<T>[]) => void,
    private readonly maxPerSweep = 512,
  ) {}

  get size(): number {
    return this.entries.length - this.head;
  }

  /** `at` is a performance.now() time. */
  schedule(item: T, at: number): void {
    let i = this.entries.length;
    while (i > this.head && this.entries[i - 1].at > at) i--;
    if (i === this.entries.length) this.entries.push({ item, at });
    else this.entries.splice(i, 0, { item, at });
    if (at < this.armedFor) this.arm();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
    this.entries = [];
    this.head = 0;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
    if (this.head >= this.entries.length) {
      this.entries = [];
      this.head = 0;
      return;
    }
    const at = this.entries[this.head].at;
    this.armedFor = at;
    this.timer = setTimeout(() => this.sweep(), Math.max(0, Math.ceil(at - performance.now())));
    // Pending batches never keep a process alive: shutdown flushes them itself.
    this.timer.unref();
  }

  private sweep(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = performance.now() + SLACK_MS;
    const due: Entry<T>[] = [];
    while (this.head < this.entries.length && due.length < this.maxPerSweep) {
      const e = this.entries[this.head];
      if (e.at > now) break;
      due.push(e);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    // Armed before the callback, which may schedule again (the queue stays consistent either way).
    this.arm();
    if (due.length) this.onDue(due);
  }
}
