// One XREAD BLOCK loop per store on its own connection: the in-process tail of the lifecycle stream.
import type { StoreLogger } from './types.js';
import type { RedisClient } from './redis-connection.js';
import { backoffMs } from './circuit-breaker.js';
import { topIdOf } from './redis-read.js';

export type RawEntry = [id: string, fields: string[]];

export interface TailOptions {
  client: RedisClient;
  key: string;
  blockMs: number;
  /** Most entries per XREAD. */
  count: number;
  log: StoreLogger;
  /** Called with each batch, in stream order. */
  onEntries(entries: RawEntry[]): void;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

/**
 * Settles with `p`, or rejects once `signal` aborts: a command queued on a connection that never
 * comes back (Redis down at shutdown) may never settle, and must not hold up close().
 */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Reads after the last id it delivered, so after an outage it resumes exactly where it stopped:
 * no gap, no duplicate (unless retention trimmed the entries in between). Not Pub/Sub and not a
 * consumer group: every instance reads the whole stream, including other instances' events.
 */
export class StreamTail {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private _lastId: string | null = null;
  private failing = false;

  constructor(private readonly opts: TailOptions) {}

  get lastId(): string | null {
    return this._lastId;
  }

  get running(): boolean {
    return this.loop !== undefined && !this.abort.signal.aborted;
  }

  /** Starts after `fromId`; null: after whatever the top of the stream is once Redis answers. */
  start(fromId: string | null): void {
    if (this.loop) return;
    this._lastId = fromId;
    this.loop = this.run();
  }

  private async topId(): Promise<string> {
    // An empty stream: start from the very beginning, so the first event is not skipped.
    return (await topIdOf(this.opts.client, this.opts.key)) ?? '0-0';
  }

  private async run(): Promise<void> {
    const { client, key, blockMs, count, log } = this.opts;
    const signal = this.abort.signal;
    let attempt = 0;
    // Connection errors surface through the failing XREAD below; the listener keeps them from being "unhandled".
    client.on('error', () => {});
    if (client.status === 'wait') client.connect().catch(() => {});
    while (!signal.aborted) {
      try {
        if (this._lastId === null) this._lastId = await untilAborted(this.topId(), signal);
        const read = client.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', key, this._lastId) as Promise<[string, RawEntry[]][] | null>;
        const res = await untilAborted(read, signal);
        if (this.failing) {
          this.failing = false;
          log.info({ lastId: this._lastId }, 'stream tail: resumed');
        }
        attempt = 0;
        const entries = res?.[0]?.[1];
        if (!entries?.length || signal.aborted) continue;
        this._lastId = (entries[entries.length - 1])[0];
        try {
          this.opts.onEntries(entries);
        } catch (err) {
          log.error({ err }, 'stream tail: a listener failed');
        }
      } catch (err) {
        if (signal.aborted) break;
        if (!this.failing) log.warn({ err, lastId: this._lastId }, 'stream tail: read failed; retrying');
        this.failing = true;
        await sleep(backoffMs(attempt++, 50, 2000), signal);
      }
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    // Ends a pending XREAD BLOCK at once (it rejects, and the loop sees the abort).
    this.opts.client.disconnect();
    await this.loop;
  }
}
