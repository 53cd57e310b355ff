// Answers that must leave by a deadline: one timer for all of them instead of one per request.

interface Waiter {
  at: number;
  expire: () => void;
  done: boolean;
}

/**
 * Deadlines arrive nearly in order (receipt plus one fixed budget), so a FIFO with a single timer set for its
 * head serves them: a request that settles in time costs a queue entry, not a timer armed and cleared. An entry
 * slightly out of order expires with the one before it, a little early, never late.
 */
export class Deadlines {
  private queue: Waiter[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  /** Resolves with the promise's value, or with `undefined` once `at` (performance.now() time) has passed. */
  within<T>(promise: Promise<T>, at: number): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      const w: Waiter = { at, done: false, expire: () => resolve(undefined) };
      promise.then(
        (v) => {
          w.done = true;
          resolve(v);
        },
        (err: Error) => {
          w.done = true;
          reject(err);
        },
      );
      this.queue.push(w);
      if (this.timer === undefined) this.arm();
    });
  }

  private arm(): void {
    while (this.head < this.queue.length && (this.queue[this.head]).done) this.head++;
    if (this.head >= this.queue.length) {
      this.queue = [];
      this.head = 0;
      this.timer = undefined;
      return;
    }
    const next = this.queue[this.head];
    this.timer = setTimeout(() => this.fire(), Math.max(0, next.at - performance.now()));
  }

  private fire(): void {
    const now = performance.now();
    while (this.head < this.queue.length) {
      const w = this.queue[this.head];
      if (!w.done && w.at > now) break;
      if (!w.done) {
        w.done = true;
        w.expire();
      }
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }
}
