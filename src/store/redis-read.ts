// History reads over the lifecycle stream: XRANGE/XREVRANGE in chunks, filtered like the memory store.
import type { EventFilter, ReadOptions, ReadPage, StoredEvent } from './types.js';
import type { RedisClient } from './redis-connection.js';
import { isEmptyFilter, matchesFilter } from './filter.js';
import { decodeEvent } from './redis-codec.js';
import { streamIdBefore } from './stream-id.js';

const MAX_CHUNK = 1000;

function chunkSize(wanted: number, filter: EventFilter | undefined): number {
  // Unfiltered, one more than the page tells whether there is a next page; filtered, read ahead.
  return Math.min(MAX_CHUNK, isEmptyFilter(filter) ? wanted + 1 : Math.max(200, wanted * 4));
}

/** Same answers as the memory store: `next` is set only when another matching event exists. */
export async function readHistory(redis: RedisClient, key: string, opts: ReadOptions): Promise<ReadPage> {
  const events: StoredEvent[] = [];
  const count = chunkSize(opts.limit, opts.filter);
  let start = opts.since ? `(${opts.since}` : '-';
  let more = false;
  for (;;) {
    const entries = await redis.xrange(key, start, '+', 'COUNT', count);
    for (const [id, fields] of entries) {
      const event = decodeEvent(id, fields);
      if (!matchesFilter(event, opts.filter)) continue;
      if (events.length < opts.limit) {
        events.push(event);
      } else {
        more = true;
        break;
      }
    }
    const last = entries[entries.length - 1];
    if (more || entries.length < count || !last) break;
    start = `(${last[0]}`;
  }
  const last = events[events.length - 1];
  return { events, next: more && last ? last.id : null };
}

/** The `n` most recent matching events, oldest first. */
export async function readLastHistory(
  redis: RedisClient,
  key: string,
  n: number,
  filter?: EventFilter,
): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  const count = chunkSize(n, filter);
  let end = '+';
  while (out.length < n) {
    const entries = await redis.xrevrange(key, end, '-', 'COUNT', count);
    for (const [id, fields] of entries) {
      const event = decodeEvent(id, fields);
      if (matchesFilter(event, filter)) out.push(event);
      if (out.length >= n) break;
    }
    const last = entries[entries.length - 1];
    if (entries.length < count || !last) break;
    end = `(${last[0]}`;
  }
  return out.reverse();
}

export async function topIdOf(redis: RedisClient, key: string): Promise<string | null> {
  return (await redis.xrevrange(key, '+', '-', 'COUNT', 1))[0]?.[0] ?? null;
}

export async function firstIdOf(redis: RedisClient, key: string): Promise<string | null> {
  return (await redis.xrange(key, '-', '+', 'COUNT', 1))[0]?.[0] ?? null;
}

/**
 * Redis 7.0 does not record which ids trimming removed, but it counts `entries-added`: when that
 * equals the length nothing was trimmed (exact). Otherwise only the oldest entries were removed (we
 * never XDEL), so the answer is the largest id below the first retained one — an upper bound.
 */
export async function trimmedThroughOf(redis: RedisClient, key: string): Promise<string | null> {
  if ((await redis.exists(key)) === 0) return null;
  const info = (await redis.xinfo('STREAM', key)) as unknown[];
  const field = (name: string) => info[info.indexOf(name) + 1];
  if (Number(field('entries-added')) <= Number(field('length'))) return null;
  const first = field('first-entry') as [string, unknown] | null;
  return first ? streamIdBefore(first[0]) : String(field('last-generated-id'));
}
