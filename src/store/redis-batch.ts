// Appends made in one turn of the event loop go to Redis as one script call: one Lua run and one reply for all.
import type { AppendScript, ScriptEvent, ScriptReplyItem } from './redis-scripts.js';

interface Waiting {
  event: ScriptEvent;
  settle: (reply: ScriptReplyItem) => unknown;
  resolve: (value: unknown) => void;
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
  private _sent = 0;
  private _answered = 0;

  /** `onAnswered` runs after each call's reply (or failure) has been settled for every event of its batch. */
  constructor(
    private readonly script: AppendScript,
    private readonly maxEvents: number,
    private readonly onAnswered?: () => void,
  ) {}

  /** Script calls sent so far. */
  get sent(): number {
    return this._sent;
  }

  /**
   * Script calls answered so far, successfully or not. Calls on one connection are answered in order, so when
   * `answered` reaches the `sent` of some moment, every call sent before it has been settled.
   */
  get answered(): number {
    return this._answered;
  }

  /**
   * Resolves with what `settle` makes of this event's reply item, called synchronously as the reply is handled
   * (so what it records is in place before `onAnswered`); rejects when the call fails (every event of its batch
   * does) or `settle` throws.
   */
  add<T>(event: ScriptEvent, settle: (reply: ScriptReplyItem) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ event, settle, resolve: resolve as (value: unknown) => void, reject });
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
    this._sent++;
    this.script.run(batch.map((w) => w.event)).then(
      (replies) => {
        for (let i = 0; i < batch.length; i++) {
          const w = batch[i];
          const reply = replies[i];
          if (!reply) {
            w.reject(new Error('the append script gave no reply for this event'));
            continue;
          }
          try {
            w.resolve(w.settle(reply));
          } catch (err) {
            w.reject(err);
          }
        }
        this.answer();
      },
      (err: unknown) => {
        for (const w of batch) w.reject(err);
        this.answer();
      },
    );
  }

  private answer(): void {
    this._answered++;
    this.onAnswered?.();
  }
}
