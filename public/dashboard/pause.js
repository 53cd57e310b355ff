// @ts-check
// The Pause button's buffer (DOM-free): live events held in arrival order while paused, bounded, handed back in order on resume.

/** @template T */
export class PauseBuffer {
  /** @param {number} max more than the table keeps would be evicted on resume anyway, so the oldest go first */
  constructor(max) {
    this.max = max;
    this.paused = false;
    /** @type {T[]} */
    this.held = [];
    /** Events let go while paused because the buffer was full: the table says so on resume. */
    this.dropped = 0;
  }

  pause() { this.paused = true; }

  /** Holds `item` when paused; false means "not paused: show it now". @param {T} item */
  offer(item) {
    if (!this.paused) return false;
    this.held.push(item);
    if (this.held.length > this.max) this.dropped += this.held.splice(0, this.held.length - this.max).length;
    return true;
  }

  /** Unpauses and returns what was held, oldest first, with how many were dropped. */
  resume() {
    const items = this.held;
    const dropped = this.dropped;
    this.paused = false;
    this.held = [];
    this.dropped = 0;
    return { items, dropped };
  }

  /** A filter change starts the table afresh: what was held belonged to the old filters. */
  clear() { this.held = []; this.dropped = 0; }
}
