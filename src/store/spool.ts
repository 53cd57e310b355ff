// The outage spool: a bounded FIFO of events waiting for Redis, optionally mirrored to an append-only JSONL file.
import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreLogger, StoredEvent } from './types.js';
import { decodeEvent } from './redis-codec.js';

export interface SpoolEntry {
  /** The event as answered to the client; `id` is provisional until flushed. */
  event: StoredEvent;
  /** Its flat Redis fields, serialized once at append time and reused for the flush. */
  fields: string[];
  /** Its content fingerprint ('' for a line written before fingerprints existed: it matches any content). */
  fingerprint: string;
}

export interface SpoolOptions {
  capacity: number;
  /** Directory of the disk mirror; absent: memory only (lost if the process dies during an outage). */
  dir?: string;
  log: StoreLogger;
}

const FILE_NAME = 'hookhive-spool.jsonl';

const lineOf = (e: SpoolEntry): string => `${JSON.stringify({ id: e.event.id, f: e.fields, fp: e.fingerprint })}\n`;
/** Rewrite the file once this many flushed lines linger in it. */
const MIN_DEAD_LINES = 10_000;

export class Spool {
  private items: SpoolEntry[] = [];
  private head = 0;
  private readonly byEventId = new Map<string, SpoolEntry>();
  private fh: FileHandle | undefined;
  /** Set once the file is open; a rewrite swaps `fh` while appends keep queueing behind it. */
  private diskOn = false;
  private readonly path: string | undefined;
  /** Serializes file operations (group-committed appends, rewrites) in order. */
  private chain: Promise<void> = Promise.resolve();
  private openBatch: { lines: string[]; done: Promise<void> } | null = null;
  private linesOnDisk = 0;
  private rewriteQueued = false;
  private diskError: string | null = null;

  constructor(private readonly opts: SpoolOptions) {
    this.path = opts.dir ? join(opts.dir, FILE_NAME) : undefined;
  }

  /** Opens the disk mirror and loads what a previous run left there; returns how many events were loaded. */
  async open(): Promise<number> {
    if (!this.path || !this.opts.dir) return 0;
    await mkdir(this.opts.dir, { recursive: true });
    let text = '';
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    let bad = 0;
    for (const line of text.split('\n')) {
      if (!line) continue;
      this.linesOnDisk++;
      try {
        const rec = JSON.parse(line) as { id: string; f: string[]; fp?: string };
        const entry: SpoolEntry = { event: decodeEvent(rec.id, rec.f), fields: rec.f, fingerprint: rec.fp ?? '' };
        // A rewrite can race an append and leave a line twice; the first one counts.
        if (this.byEventId.has(entry.event.event_id)) continue;
        this.items.push(entry);
        this.byEventId.set(entry.event.event_id, entry);
      } catch {
        bad++; // a line torn by a crash mid-write
      }
    }
    if (bad) this.opts.log.warn({ path: this.path, bad }, 'spool: skipped unreadable lines');
    this.fh = await open(this.path, 'a');
    this.diskOn = true;
    return this.size;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  get capacity(): number {
    return this.opts.capacity;
  }

  get full(): boolean {
    return this.size >= this.opts.capacity;
  }

  get disk(): { path: string; lines: number; error: string | null } | null {
    return this.path ? { path: this.path, lines: this.linesOnDisk, error: this.diskError } : null;
  }

  get(eventId: string): SpoolEntry | undefined {
    return this.byEventId.get(eventId);
  }

  /** Queues one event; resolves once it is on disk (at once without a disk mirror). */
  push(entry: SpoolEntry): Promise<void> {
    this.items.push(entry);
    this.byEventId.set(entry.event.event_id, entry);
    if (!this.diskOn) return Promise.resolve();
    const line = lineOf(entry);
    let batch = this.openBatch;
    if (!batch) {
      const lines: string[] = [];
      const done = this.enqueue(async () => {
        if (this.openBatch?.lines === lines) this.openBatch = null;
        await this.writeLines(lines);
      });
      batch = { lines, done };
      this.openBatch = batch;
    }
    batch.lines.push(line);
    return batch.done;
  }

  /** The oldest `n` events, oldest first, without removing them. */
  peek(n: number): SpoolEntry[] {
    return this.items.slice(this.head, this.head + n);
  }

  /** Removes the oldest `n` events (they are in Redis now). */
  shift(n: number): void {
    const end = Math.min(this.items.length, this.head + n);
    for (let i = this.head; i < end; i++) this.byEventId.delete((this.items[i]).event.event_id);
    this.head = end;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.diskOn && (this.size === 0 || this.linesOnDisk - this.size > Math.max(MIN_DEAD_LINES, this.opts.capacity))) {
      this.queueRewrite();
    }
  }

  /** Waits for pending disk writes and closes the file; the file stays for the next start. */
  async close(): Promise<void> {
    await this.chain;
    this.diskOn = false;
    const fh = this.fh;
    this.fh = undefined;
    await fh?.close();
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.chain.then(op);
    this.chain = run.catch(() => {});
    return run;
  }

  private async writeLines(lines: string[]): Promise<void> {
    if (!this.fh) return;
    try {
      await this.fh.write(lines.join(''));
      await this.fh.datasync();
      this.linesOnDisk += lines.length;
    } catch (err) {
      // The events are still held in memory and will be flushed; only crash-safety is lost.
      if (!this.diskError) this.opts.log.error({ err, path: this.path }, 'spool: disk write failed; holding in memory only');
      this.diskError = (err as Error).message;
    }
  }

  /** Replaces the file with exactly the events still waiting (an empty file once all are flushed). */
  private queueRewrite(): void {
    if (this.rewriteQueued) return;
    this.rewriteQueued = true;
    void this.enqueue(async () => {
      this.rewriteQueued = false;
      if (!this.fh || !this.path) return;
      const live = this.peek(this.size);
      const tmp = `${this.path}.tmp`;
      try {
        const out = await open(tmp, 'w');
        try {
          if (live.length) await out.write(live.map(lineOf).join(''));
          await out.datasync();
        } finally {
          await out.close();
        }
        const old = this.fh;
        this.fh = undefined;
        await old.close();
        await rename(tmp, this.path);
        this.linesOnDisk = live.length;
      } catch (err) {
        this.opts.log.error({ err, path: this.path }, 'spool: rewrite failed');
      } finally {
        if (!this.fh) this.fh = await open(this.path, 'a').catch(() => undefined);
      }
    });
  }
}
