// Chooses the store: Redis Streams when REDIS_URL/REDIS_CLUSTER_NODES is set, else the embedded memory store.
import type { Registry } from 'prom-client';
import type { Config } from '../config.js';
import type { EventStore, StoreLogger } from './types.js';
import { MemoryEventStore } from './memory-store.js';
import { RedisEventStore } from './redis-store.js';
import type { ViolationSink } from './violations.js';

export interface CreateStoreOptions {
  /** The app's Prometheus registry, for the Redis store's metrics. */
  registry?: Registry;
}

export interface CreatedStore {
  store: EventStore;
  /** Where SLA violations are recorded (the Redis performance stream); none on the memory store. */
  violations?: ViolationSink;
}

export function createStore(config: Config, log: StoreLogger, opts: CreateStoreOptions = {}): CreatedStore {
  if (config.REDIS_URL || config.REDIS_CLUSTER_NODES) {
    log.info(
      {
        store: 'redis',
        cluster: Boolean(config.REDIS_CLUSTER_NODES),
        prefix: config.HOOK_STREAM_PREFIX,
        retentionSeconds: config.REDIS_HOOK_STREAMS_TTL,
        spoolDir: config.HOOK_SPOOL_DIR ?? null,
      },
      'Using the Redis Streams store',
    );
    const store = new RedisEventStore({
      url: config.REDIS_URL,
      clusterNodes: config.REDIS_CLUSTER_NODES,
      prefix: config.HOOK_STREAM_PREFIX,
      ttlSeconds: config.REDIS_HOOK_STREAMS_TTL,
      maxLen: config.HOOK_STREAM_MAXLEN,
      spoolMaxEvents: config.HOOK_SPOOL_MAX_EVENTS,
      spoolDir: config.HOOK_SPOOL_DIR,
      batchSize: config.HOOK_BATCH_SIZE,
      flushIntervalMs: config.HOOK_FLUSH_INTERVAL_MS,
      log,
      registry: opts.registry,
    });
    return { store, violations: store.violations };
  }
  log.warn(
    { store: 'memory', maxEvents: config.HOOK_MEMORY_MAX_EVENTS, maxBytes: config.HOOK_MEMORY_MAX_BYTES },
    'No REDIS_URL: using the embedded in-memory store; event history does not survive a restart',
  );
  return { store: new MemoryEventStore({ maxEvents: config.HOOK_MEMORY_MAX_EVENTS, maxBytes: config.HOOK_MEMORY_MAX_BYTES }) };
}

export type { EventStore, StoreLogger } from './types.js';
export type { ViolationSink } from './violations.js';
