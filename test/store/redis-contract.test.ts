// The shared EventStore contract against the Redis Streams store on a real redis-server.
import { RedisEventStore } from '../../src/store/redis-store.js';
import { fileRedis, uniquePrefix } from '../helpers/redis.js';
import { defineStoreContract } from './contract.js';
import { silentLog } from './redis-fixtures.js';

const redis = fileRedis();

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
