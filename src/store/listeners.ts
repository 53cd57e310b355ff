// The in-process tail's listeners: one place that calls them in order and keeps one failing listener from the rest.
import type { StoreListener, StoreLogger, StoredEvent } from './types.js';

export class Listeners {
  private readonly set = new Set<StoreListener>();

  constructor(private readonly log?: Pick<StoreLogger, 'error'>) {}

  get size(): number {
    return this.set.size;
  }

  add(listener: StoreListener): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  /** Calls every listener; a throwing one is logged and the others still get the events. */
  emit(events: StoredEvent[]): void {
    for (const listener of this.set) {
      try {
        listener(events);
      } catch (err) {
        this.log?.error({ err }, 'store listener failed');
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}
