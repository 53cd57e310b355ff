// Where hooks slower than the SLA threshold are recorded: their own small sink, apart from the event store.
import type { StoredEvent } from './types.js';
import type { RedisClient } from './redis-connection.js';
import type { RedisKeys } from './redis-keys.js';
import { encodeEvent } from './redis-codec.js';

export interface ViolationSink {
  /** Best effort, never throws and never waits: a violation that cannot be recorded now is dropped. */
  record(event: StoredEvent, ms: number): void;
}

export interface RedisViolationOptions {
  redis: RedisClient;
  keys: RedisKeys;
  ttlSeconds: number;
  maxLen: number;
  /** Only while Redis takes writes directly: a violation of a spooled event, or during an outage, is not recorded. */
  writable(eventId: string): boolean;
}

/** The Redis performance stream: the event's fields plus `lifecycle_id` and `duration_ms`, trimmed like the others. */
export class RedisViolationSink implements ViolationSink {
  constructor(private readonly opts: RedisViolationOptions) {}

  record(event: StoredEvent, ms: number): void {
    const { redis, keys, ttlSeconds, maxLen } = this.opts;
    if (!this.opts.writable(event.event_id)) return;
    const minId = `${Math.max(0, Date.now() - ttlSeconds * 1000)}-0`;
    const fields = [...encodeEvent(event), 'lifecycle_id', event.id, 'duration_ms', String(Math.round(ms * 1000) / 1000)];
    redis.xadd(keys.performance, 'MINID', '~', minId, '*', ...fields).catch(() => {});
    if (maxLen > 0) redis.xtrim(keys.performance, 'MAXLEN', '~', maxLen).catch(() => {});
  }
}
