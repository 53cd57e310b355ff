// Client-side batching: queued events leave through POST /hooks/batch; each caller gets its own item's answer.
import { HookClientError, type Transport } from './transport.js';
import type { BatchOptions, ProcessingResult } from './types.js';

/** The service takes at most this many events per batch request. */
const MAX_PER_REQUEST = 1000;

interface Queued {
  body: Record<string, unknown>;
  resolve: (r: ProcessingResult) => void;
  reject: (e: unknown) => void;
}

type BatchItem = ProcessingResult | { success: false; event_id?: string; error: { statusCode: number; code: string; message: string } };

/** What one `flush()` delivered: stored events, and events whose promise was rejected. */
export interface FlushResult {
  sent: number;
  failed: number;
}

export class Batcher {
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Flushes run one after another, so events reach the service in the order they were queued. */
  private chain: Promise<unknown> = Promise.resolve();
  private readonly maxEvents: number;
  private readonly intervalMs: number;

  constructor(
    private readonly transport: Transport,
    opts: BatchOptions,
  ) {
    this.maxEvents = Math.min(MAX_PER_REQUEST, Math.max(1, opts.maxEvents ?? 100));
    this.intervalMs = Math.max(0, opts.flushIntervalMs ?? 1000);
  }

  /** Resolves with this event's own answer once its batch was sent; rejects with its own error. */
  enqueue(body: Record<string, unknown>): Promise<ProcessingResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ body, resolve, reject });
      if (this.queue.length >= this.maxEvents) {
        void this.flush();
      } else if (!this.timer) {
        // unref: a pending flush must never keep a finished process alive (close() is how to deliver the rest).
        this.timer = setTimeout(() => void this.flush(), this.intervalMs).unref();
      }
    });
  }

  /** Sends everything queued so far; never rejects, since each event's promise carries its own outcome. */
  flush(): Promise<FlushResult> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const taken = this.queue;
    this.queue = [];
    const run = this.chain.then(async () => {
      const total: FlushResult = { sent: 0, failed: 0 };
      for (let i = 0; i < taken.length; i += MAX_PER_REQUEST) {
        const r = await this.send(taken.slice(i, i + MAX_PER_REQUEST));
        total.sent += r.sent;
        total.failed += r.failed;
      }
      return total;
    });
    this.chain = run;
    return run;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async send(items: Queued[]): Promise<FlushResult> {
    if (items.length === 0) return { sent: 0, failed: 0 };
    let results: BatchItem[];
    try {
      const answer = (await this.transport.post('/hooks/batch', { events: items.map((q) => q.body) })) as { results?: BatchItem[] };
      if (!Array.isArray(answer.results) || answer.results.length !== items.length) {
        throw new HookClientError('POST /hooks/batch: the answer does not have one result per event', 200, 'HOOKS_CLIENT_BAD_ANSWER');
      }
      results = answer.results;
    } catch (err) {
      // The whole request failed (after its retries): every event in it failed.
      for (const q of items) q.reject(err);
      return { sent: 0, failed: items.length };
    }
    let failed = 0;
    results.forEach((r, i) => {
      const q = items[i];
      if ('error' in r) {
        failed++;
        q.reject(new HookClientError(r.error.message, r.error.statusCode, r.error.code));
      } else {
        q.resolve(r);
      }
    });
    return { sent: items.length - failed, failed };
  }
}
