// Appends made in one turn of the event loop go to Redis as one script call: one Lua run and one reply for all.
import type { AppendScript, ScriptEvent, ScriptReplyItem } from './redis-scripts.js';

interface Waiting {
  event: ScriptEvent;
  resolve: (reply: ScriptReplyItem) => void;
  reject: (err: unknown) => void;
}

/**
 * Under load many requests finish judging in the same turn; each used to make its own EVALSHA, and on a machine
 * whose cores the service shares with Redis, Redis's time per call is what runs out first. The batch goes out
 * with setImmediate (after the turn's other I/O callbacks), or at once when `maxEvents` are waiting. Calls keep
 * their order: batches are queued on the connection in the order they were made.
 */
export class AppendBatcher {
  private queue: Waiting[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  /** Script calls sent whose reply has not been handled yet, and the latest of them. */
  private inflight = 0;
  private latest: Promise<unknown> | undefined;

  constructor(
    private readonly script: AppendScript,
    private readonly maxEvents: number,
  ) {}

  /** Resolves with this event's reply item; rejects when the script call fails (every event of its batch does). */
  add(event: ScriptEvent): Promise<ScriptReplyItem> {
    return new Promise<ScriptReplyItem>((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (this.queue.length >= this.maxEvents) this.flush();
      else this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const batch = this.queue;
    this.queue = [];
    if (!batch.length) return;
    const call = this.script.run(batch.map((w) => w.event));
    this.inflight++;
    this.latest = call;
    call.then(
      (replies) => {
        this.inflight--;
        for (let i = 0; i < batch.length; i++) {
          const reply = replies[i];
          if (reply) batch[i].resolve(reply);
          else batch[i].reject(new Error('the append script gave no reply for this event'));
        }
      },
      (err: unknown) => {
        this.inflight--;
        for (const w of batch) w.reject(err);
      },
    );
  }

  /**
   * Null when no call is waiting for its reply; else a promise that resolves once every call sent so far has
   * been answered and its callers have run (their promise reactions drained, so what they keep is kept). Calls
   * on one connection are answered in order, so waiting for the latest is waiting for all.
   */
  settled(): Promise<void> | null {
    if (!this.inflight || !this.latest) return null;
    const afterReactions = () => new Promise<void>((resolve) => setImmediate(resolve));
    return this.latest.then(afterReactions, afterReactions);
  }
}
