// A small circuit breaker: after failures stop calling Redis, probe again after a backoff that doubles with jitter.

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  threshold?: number;
  /** First cool-down in ms; doubles on every failed probe. */
  baseMs?: number;
  /** Longest cool-down in ms. */
  maxMs?: number;
  now?: () => number;
  random?: () => number;
}

/** Exponential backoff with jitter: a random point in the upper half of min(max, base·2^attempt). */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}

export class CircuitBreaker {
  private _state: BreakerState = 'closed';
  private failures = 0;
  private opens = 0;
  private openUntil = 0;
  private readonly threshold: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(opts: BreakerOptions = {}) {
    this.threshold = opts.threshold ?? 1;
    this.baseMs = opts.baseMs ?? 50;
    this.maxMs = opts.maxMs ?? 1000;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  get state(): BreakerState {
    return this._state;
  }

  /** Milliseconds until a probe is allowed (0 when closed or due). */
  get waitMs(): number {
    return this._state === 'open' ? Math.max(0, this.openUntil - this.now()) : 0;
  }

  /**
   * Whether a call may go out now. An open circuit whose cool-down is over lets exactly one probe
   * through (half-open); its outcome closes or re-opens the circuit.
   */
  tryAcquire(): boolean {
    if (this._state === 'closed') return true;
    if (this._state === 'open' && this.now() >= this.openUntil) {
      this._state = 'half-open';
      return true;
    }
    return false;
  }

  success(): void {
    this._state = 'closed';
    this.failures = 0;
    this.opens = 0;
  }

  failure(): void {
    this.failures++;
    if (this._state === 'half-open' || this.failures >= this.threshold) {
      this._state = 'open';
      this.openUntil = this.now() + backoffMs(this.opens, this.baseMs, this.maxMs, this.random);
      this.opens++;
    }
  }

  /** A strong sign Redis is back (the connection became ready): allow a probe right away. */
  expedite(): void {
    if (this._state === 'open') this.openUntil = this.now();
  }
}
