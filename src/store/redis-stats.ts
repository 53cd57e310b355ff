// What /health/hooks shows about the Redis store: stream figures read live plus the store's own state.
import type { StoreStats } from './types.js';
import type { RedisClient } from './redis-connection.js';
import type { RedisKeys } from './redis-keys.js';
import { topIdOf } from './redis-read.js';

export interface RedisStoreState {
  status: StoreStats['status'];
  [key: string]: unknown;
}

/** Never throws and never waits on a dead Redis: stream figures are null/0 while it is away. */
export async function redisStoreStats(redis: RedisClient, keys: RedisKeys, state: RedisStoreState): Promise<StoreStats> {
  let events = 0;
  let first: string | null = null;
  let last: string | null = null;
  if (redis.status === 'ready') {
    try {
      const k = keys.lifecycle;
      const [len, head, top] = await Promise.all([redis.xlen(k), redis.xrange(k, '-', '+', 'COUNT', 1), topIdOf(redis, k)]);
      events = len;
      first = head[0]?.[0] ?? null;
      last = top;
    } catch {
      // The state below says why (connection, breaker, last_error).
    }
  }
  return {
    kind: 'redis',
    events,
    first_id: first,
    last_id: last,
    durable: true,
    streams: { lifecycle: keys.lifecycle, security: keys.security, performance: keys.performance },
    ...state,
  };
}
