// The shared EventStore contract against the Redis Streams store on a real redis-server.
import { afterAll, beforeAll } from 'vitest';
import { RedisEventStore } from '../../src/store/redis-store.js';
import { deleteTestKeys, startRedis, uniquePrefix, type TestRedis } from '../helpers/redis.js';
import { defineStoreContract } from './contract.js';
import { silentLog } from './redis-fixtures.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis({ appendonly: false });
});
afterAll(async () => {
  if (redis) await deleteTestKeys(redis.url);
  await redis?.stop();
});

defineStoreContract('redis', {
  create: () =>
    new RedisEventStore({
      url: redis.url,
      prefix: uniquePrefix('contract'),
      ttlSeconds: 3600,
      maxLen: 0,
      spoolMaxEvents: 1000,
      batchSize: 100,
      flushIntervalMs: 200,
      log: silentLog,
    }),
});
