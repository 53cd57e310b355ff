// Subscriptions indexed by their most selective list filter, so an event is matched against candidates, not everyone.
import type { EventFilter, StoredEvent } from '../store/types.js';
import { matchesFilter } from '../store/filter.js';

export interface Filtered {
  filter: EventFilter;
}

type Family = 'session' | 'agent' | 'hook' | 'any';

/**
 * Each subscription sits in exactly one family (session ids, else agent ids, else hook types, else "any"),
 * under each value of that list; an event looks up its own session, agent and hook type, so a subscription
 * is a candidate at most once per event. The remaining predicates are then checked on the candidates only.
 */
export class SubscriptionIndex<T extends Filtered> {
  private readonly bySession = new Map<string, Set<T>>();
  private readonly byAgent = new Map<string, Set<T>>();
  private readonly byHook = new Map<string, Set<T>>();
  private readonly any = new Set<T>();
  private readonly placed = new Map<T, { family: Family; keys: string[] }>();

  get size(): number {
    return this.placed.size;
  }

  add(sub: T): void {
    this.remove(sub);
    const f = sub.filter;
    let family: Family = 'any';
    let keys: string[] = [];
    if (f.session_ids?.length) [family, keys] = ['session', f.session_ids];
    else if (f.agent_ids?.length) [family, keys] = ['agent', f.agent_ids];
    else if (f.hook_types?.length) [family, keys] = ['hook', f.hook_types];
    if (family === 'any') this.any.add(sub);
    const map = this.mapOf(family);
    if (map) {
      for (const k of keys) {
        let set = map.get(k);
        if (!set) map.set(k, (set = new Set()));
        set.add(sub);
      }
    }
    this.placed.set(sub, { family, keys: [...keys] });
  }

  remove(sub: T): void {
    const p = this.placed.get(sub);
    if (!p) return;
    this.placed.delete(sub);
    if (p.family === 'any') {
      this.any.delete(sub);
      return;
    }
    const map = this.mapOf(p.family) as Map<string, Set<T>>;
    for (const k of p.keys) {
      const set = map.get(k);
      if (!set) continue;
      set.delete(sub);
      if (!set.size) map.delete(k);
    }
  }

  /** Calls `fn` for every subscription whose filter the event passes; returns how many matched. */
  forEachMatch(event: StoredEvent, fn: (sub: T) => void): number {
    let n = 0;
    const visit = (set: Set<T> | undefined) => {
      if (!set) return;
      for (const sub of set) {
        if (matchesFilter(event, sub.filter)) {
          n++;
          fn(sub);
        }
      }
    };
    if (event.session_id !== null) visit(this.bySession.get(event.session_id));
    visit(this.byAgent.get(event.agent_id));
    visit(this.byHook.get(event.hook_type));
    visit(this.any);
    return n;
  }

  private mapOf(family: Family): Map<string, Set<T>> | null {
    if (family === 'session') return this.bySession;
    if (family === 'agent') return this.byAgent;
    if (family === 'hook') return this.byHook;
    return null;
  }
}
