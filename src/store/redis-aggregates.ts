// Window summaries in Redis: the `hook_aggregate_events` stream, one entry per window however many instances summarize it.
import type { AggregatePage, AggregateQuery, AggregateRecord, AggregateStore, StoredAggregateRecord } from './types.js';
import type { RedisClient } from './redis-connection.js';
import type { RedisKeys } from './redis-keys.js';
import { matches, onceKey } from './memory-aggregates.js';
import { StoreUnavailableError } from './errors.js';

/**
 * How long a window's key is kept: every instance closes a window within a few seconds of the others, so the key
 * only has to outlive that (with room for a slow or briefly disconnected instance), not the stream's retention —
 * a key per agent per window kept for a day would be millions of keys.
 */
const WINDOW_KEY_TTL_MS = 10 * 60 * 1000;

/**
 * KEYS: [1] the aggregates stream, [2] the window's key. ARGV: [1] the key's ttl ms, [2] MINID threshold, [3] window key,
 * [4] agent id, [5] session id, [6] the summary's JSON. Every instance sharing the Redis sees the same events and
 * summarizes the same windows; the first to run this for a window appends it, the others learn its id.
 */
const PUT_SCRIPT = `
if redis.call('SET', KEYS[2], '', 'NX', 'PX', ARGV[1]) then
  local id = redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[2], '*', 'key', ARGV[3], 'agent_id', ARGV[4], 'session_id', ARGV[5], 'json', ARGV[6])
  redis.call('SET', KEYS[2], id, 'PX', ARGV[1])
  return {1, id}
end
return {0, redis.call('GET', KEYS[2])}
`;

type PutCommand = (...args: string[]) => Promise<[number, string]>;

export interface RedisAggregateOptions {
  redis: RedisClient;
  keys: RedisKeys;
  ttlSeconds: number;
  /** The `Retry-After` of a read refused while Redis is away (the event store's own). */
  retryAfterMs: number;
}

/** Entries read per round while looking for a page of matching summaries, and rounds at most per page. */
const SCAN_COUNT = 500;
const SCAN_ROUNDS = 20;

export class RedisAggregateStore implements AggregateStore {
  private readonly command: PutCommand;

  constructor(private readonly opts: RedisAggregateOptions) {
    opts.redis.defineCommand('hookhivePutAggregate', { lua: PUT_SCRIPT, numberOfKeys: 2 });
    this.command = (opts.redis as unknown as { hookhivePutAggregate: PutCommand }).hookhivePutAggregate.bind(opts.redis);
  }

  async put(record: AggregateRecord): Promise<{ id: string; stored: boolean }> {
    const { keys, ttlSeconds } = this.opts;
    const minId = `${Math.max(0, Date.now() - ttlSeconds * 1000)}-0`;
    const [stored, id] = await this.command(
      keys.aggregates,
      keys.aggregateKey(onceKey(record)),
      String(WINDOW_KEY_TTL_MS),
      minId,
      record.key,
      record.agent_id,
      record.session_id ?? '',
      JSON.stringify(record),
    );
    return { id, stored: stored === 1 };
  }

  /** Like the event history: while Redis is away a read is a StoreUnavailableError (503), not a misleading empty page. */
  async read(query: AggregateQuery): Promise<AggregatePage> {
    try {
      return await this.scan(query);
    } catch (err) {
      throw new StoreUnavailableError(`Aggregates are unavailable while Redis is unreachable (${(err as Error).message}); retry later`, this.opts.retryAfterMs);
    }
  }

  /** Reads forward from `since`, a bounded number of entries, keeping those of the agent/session asked for. */
  private async scan(query: AggregateQuery): Promise<AggregatePage> {
    const out: StoredAggregateRecord[] = [];
    let cursor = query.since === undefined ? '-' : `(${query.since}`;
    for (let round = 0; round < SCAN_ROUNDS; round++) {
      const entries = await this.opts.redis.xrange(this.opts.keys.aggregates, cursor, '+', 'COUNT', SCAN_COUNT);
      for (const [id, fields] of entries) {
        const a = decode(id, fields);
        if (!a || !matches(a, query)) continue;
        if (out.length === query.limit) return { aggregates: out, next: out[out.length - 1].id };
        out.push(a);
      }
      if (entries.length < SCAN_COUNT) return { aggregates: out, next: null };
      cursor = `(${entries[entries.length - 1][0]}`;
    }
    // Scanned as far as one request may: the client goes on from the last entry looked at.
    return { aggregates: out, next: cursor.slice(1) };
  }
}

function decode(id: string, fields: string[]): StoredAggregateRecord | null {
  const i = fields.indexOf('json');
  if (i < 0 || i + 1 >= fields.length) return null;
  try {
    const parsed = JSON.parse(fields[i + 1]) as AggregateRecord;
    return typeof parsed === 'object' && parsed !== null && typeof parsed.key === 'string' ? { ...parsed, id } : null;
  } catch {
    return null;
  }
}
