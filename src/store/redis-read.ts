// Reads over the lifecycle stream: history pages (XRANGE/XREVRANGE in chunks, bounded in bytes), the top id, the position.
import { randomUUID } from 'node:crypto';
import type { EventFilter, LastOptions, LastPage, ReadOptions, ReadPage, StoredEvent, StreamPosition } from './types.js';
import type { RedisClient } from './redis-connection.js';
import type { RedisKeys } from './redis-keys.js';
import { isEmptyFilter, matchesFilter } from './filter.js';
import { decodeEvent } from './redis-codec.js';
import { streamIdBefore } from './stream-id.js';

const MAX_CHUNK = 1000;

type RawEntry = [string, string[]];

function chunkSize(wanted: number, filter: EventFilter | undefined): number {
  // Unfiltered, one more than the page tells whether there is a next page; filtered, read ahead.
  return Math.min(MAX_CHUNK, isEmptyFilter(filter) ? wanted + 1 : Math.max(200, wanted * 4));
}

/** An entry's size as stored: its fields are the JSON the event will be served as, give or take the names. */
function entryBytes(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) n += f.length + 3;
  return n;
}

/** Same answers as the memory store: `next` is set only when another matching event exists. */
export async function readHistory(redis: RedisClient, key: string, opts: ReadOptions): Promise<ReadPage> {
  const events: StoredEvent[] = [];
  const count = chunkSize(opts.limit, opts.filter);
  const budget = opts.maxBytes ?? Infinity;
  let used = 0;
  let start = opts.since ? `(${opts.since}` : '-';
  let more = false;
  for (;;) {
    const entries = (await redis.xrange(key, start, '+', 'COUNT', count)) as RawEntry[];
    for (const [id, fields] of entries) {
      const event = decodeEvent(id, fields);
      if (!matchesFilter(event, opts.filter)) continue;
      const bytes = entryBytes(fields);
      if (events.length < opts.limit && (events.length === 0 || used + bytes <= budget)) {
        events.push(event);
        used += bytes;
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

/** The `n` most recent matching events that fit the byte budget, oldest first. */
export async function readLastHistory(redis: RedisClient, key: string, opts: LastOptions): Promise<LastPage> {
  const out: StoredEvent[] = [];
  const count = chunkSize(opts.n, opts.filter);
  const budget = opts.maxBytes ?? Infinity;
  let used = 0;
  let truncated = false;
  let end = '+';
  while (out.length < opts.n && !truncated) {
    const entries = (await redis.xrevrange(key, end, '-', 'COUNT', count)) as RawEntry[];
    for (const [id, fields] of entries) {
      const event = decodeEvent(id, fields);
      if (!matchesFilter(event, opts.filter)) continue;
      const bytes = entryBytes(fields);
      if (out.length > 0 && used + bytes > budget) {
        truncated = true;
        break;
      }
      out.push(event);
      used += bytes;
      if (out.length >= opts.n) break;
    }
    const last = entries[entries.length - 1];
    if (entries.length < count || !last) break;
    end = `(${last[0]}`;
  }
  return { events: out.reverse(), truncated };
}

/** The newest id of a stream, or null when it is empty or missing: the one way every caller reads it. */
export async function topIdOf(redis: RedisClient, key: string): Promise<string | null> {
  return ((await redis.xrevrange(key, '+', '-', 'COUNT', 1)) as RawEntry[])[0]?.[0] ?? null;
}

/**
 * Redis 7.0 does not record which ids trimming removed, but it counts `entries-added`: when that
 * equals the length nothing was trimmed (exact). Otherwise only the oldest entries were removed (we
 * never XDEL), so the answer is the largest id below the first retained one — an upper bound.
 */
async function trimmedThroughOf(redis: RedisClient, key: string): Promise<string | null> {
  let info: unknown[];
  try {
    info = (await redis.xinfo('STREAM', key)) as unknown[];
  } catch (err) {
    if (/no such key/i.test((err as Error).message)) return null;
    throw err;
  }
  const field = (name: string) => info[info.indexOf(name) + 1];
  if (Number(field('entries-added')) <= Number(field('length'))) return null;
  const first = field('first-entry') as [string, unknown] | null;
  return first ? streamIdBefore(first[0]) : String(field('last-generated-id'));
}

interface EpochRecord {
  epoch: string;
  origin: string;
}

/**
 * The history's epoch lives in its own key, created once (SET NX). A flushed Redis loses it with the streams,
 * so the next reader creates a new one: a client resuming from the old history learns that it is gone. When
 * the stream already has entries (the key is new, the data is not), they all belong to the new epoch.
 */
async function epochOf(redis: RedisClient, keys: RedisKeys, top: string | null): Promise<EpochRecord> {
  const stored = parseEpoch(await redis.get(keys.epoch));
  if (stored) return stored;
  const fresh: EpochRecord = { epoch: randomUUID(), origin: top ? '0-0' : streamIdBefore(`${Date.now()}-0`) };
  if ((await redis.set(keys.epoch, JSON.stringify(fresh), 'NX')) === 'OK') return fresh;
  // Another instance created it first: theirs counts.
  return parseEpoch(await redis.get(keys.epoch)) ?? fresh;
}

function parseEpoch(text: string | null): EpochRecord | null {
  if (!text) return null;
  try {
    const rec = JSON.parse(text) as Partial<EpochRecord>;
    return typeof rec.epoch === 'string' && typeof rec.origin === 'string' ? (rec as EpochRecord) : null;
  } catch {
    return null;
  }
}

export async function positionOf(redis: RedisClient, keys: RedisKeys): Promise<StreamPosition> {
  const [top, trimmedThrough] = await Promise.all([topIdOf(redis, keys.lifecycle), trimmedThroughOf(redis, keys.lifecycle)]);
  const { epoch, origin } = await epochOf(redis, keys, top);
  return { top, trimmedThrough, epoch, origin };
}
