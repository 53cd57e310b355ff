// Shared bits of the Redis store tests: a quiet logger and a store factory with test-sized settings.
import { RedisEventStore, type RedisStoreOptions } from '../../src/store/redis-store.js';
import type { StoreLogger } from '../../src/store/types.js';
import { uniquePrefix } from '../helpers/redis.js';

export const silentLog: StoreLogger = { info() {}, warn() {}, error() {} };

/** Collects log lines, to assert on what the store says (and that it does not crash while saying it). */
export function recordingLog(): StoreLogger & { lines: { level: string; msg: string; obj: object }[] } {
  const lines: { level: string; msg: string; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg: string) => void lines.push({ level, msg, obj });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

function makeRedisStore(url: string, extra: Partial<RedisStoreOptions> = {}): RedisEventStore {
  return new RedisEventStore({
    url,
    prefix: uniquePrefix('store'),
    ttlSeconds: 3600,
    maxLen: 0,
    spoolMaxEvents: 1000,
    batchSize: 50,
    flushIntervalMs: 200,
    reconnectMaxMs: 200,
    log: silentLog,
    ...extra,
  });
}

/** Opens (and initialises) stores on a server whose URL is known later, and remembers them for closing. */
export function storeOpener(url: () => string) {
  const stores: RedisEventStore[] = [];
  const open = async (extra: Partial<RedisStoreOptions> = {}): Promise<RedisEventStore> => {
    const s = makeRedisStore(url(), extra);
    stores.push(s);
    await s.init();
    return s;
  };
  const closeAll = () => Promise.all(stores.splice(0).map((s) => s.close()));
  return { open, closeAll };
}
