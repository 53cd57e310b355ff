// Window summaries in memory: a bounded ring beside the embedded event store, one entry per window key.
import type { AggregatePage, AggregateQuery, AggregateRecord, AggregateStore, StoredAggregateRecord } from './types.js';
import { StreamIdGenerator, compareStreamIds } from './stream-id.js';

export class MemoryAggregateStore implements AggregateStore {
  private readonly items: StoredAggregateRecord[] = [];
  private readonly byKey = new Map<string, string>();
  private readonly ids = new StreamIdGenerator();

  constructor(private readonly maxItems = 10_000) {}

  put(record: AggregateRecord): Promise<{ id: string; stored: boolean }> {
    const key = onceKey(record);
    const known = this.byKey.get(key);
    if (known !== undefined) return Promise.resolve({ id: known, stored: false });
    const id = this.ids.next();
    this.items.push({ ...record, id });
    this.byKey.set(key, id);
    while (this.items.length > this.maxItems) {
      const dropped = this.items.shift();
      if (dropped) this.byKey.delete(onceKey(dropped));
    }
    return Promise.resolve({ id, stored: true });
  }

  read(query: AggregateQuery): Promise<AggregatePage> {
    const out: StoredAggregateRecord[] = [];
    let next: string | null = null;
    for (const a of this.items) {
      if (query.since !== undefined && compareStreamIds(a.id, query.since) <= 0) continue;
      if (!matches(a, query)) continue;
      if (out.length === query.limit) {
        next = out[out.length - 1].id;
        break;
      }
      out.push(a);
    }
    return Promise.resolve({ aggregates: out, next });
  }
}

/**
 * What makes a summary "the same one": its window key, kept apart for a partial summary (a window an instance
 * closed early, at shutdown), so that one never keeps out the full summary another instance stores later.
 */
export function onceKey(record: AggregateRecord): string {
  return record.partial === true ? `${record.key}|partial` : record.key;
}

export function matches(a: AggregateRecord, q: Pick<AggregateQuery, 'agent_id' | 'session_id'>): boolean {
  return (q.agent_id === undefined || a.agent_id === q.agent_id) && (q.session_id === undefined || a.session_id === q.session_id);
}
