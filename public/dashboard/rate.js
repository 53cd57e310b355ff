// @ts-check
// Events per second in one-second buckets over a fixed window (DOM-free): constant memory whatever the traffic.

const RATE_SECONDS = 60;

export class RateBuckets {
  /** @param {number} seconds how far back the buckets reach */
  constructor(seconds = RATE_SECONDS) {
    this.seconds = seconds;
    /** @type {number[]} */
    this.counts = new Array(seconds).fill(0);
    /** The second (epoch s) of the newest bucket. */
    this.head = 0;
  }

  /** Moves the window to `sec`, zeroing the buckets it passes. @param {number} sec */
  advance(sec) {
    if (sec <= this.head) return;
    const steps = Math.min(this.seconds, sec - this.head);
    for (let i = 1; i <= steps; i++) this.counts[(this.head + i) % this.seconds] = 0;
    this.head = sec;
  }

  /** Counts `n` events at time `ms`; older than the window is ignored (history loads would skew the rate). */
  add(ms = Date.now(), n = 1) {
    const sec = Math.floor(ms / 1000);
    if (this.head === 0) this.head = sec;
    this.advance(sec);
    if (sec <= this.head - this.seconds) return;
    this.counts[sec % this.seconds] += n;
  }

  /** Oldest first, one count per second, ending at `now`'s second. @returns {number[]} */
  series(now = Date.now()) {
    this.advance(Math.floor(now / 1000));
    const out = [];
    for (let i = this.seconds - 1; i >= 0; i--) out.push(this.counts[(((this.head - i) % this.seconds) + this.seconds) % this.seconds]);
    return out;
  }

  /** Mean events/s over the last `window` seconds, the current one included (so a first event shows at once). */
  perSecond(now = Date.now(), window = 10) {
    return this.series(now).slice(-window).reduce((a, b) => a + b, 0) / window;
  }
}
