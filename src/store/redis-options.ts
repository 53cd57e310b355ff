// Options of the Redis store (createStore fills them from the config; tests shorten the timings).
import type { Registry } from 'prom-client';
import type { StoreLogger } from './types.js';

export interface RedisStoreOptions {
  url?: string;
  clusterNodes?: string;
  prefix: string;
  ttlSeconds: number;
  /** Optional cap per stream (0: time-based retention only). */
  maxLen: number;
  spoolMaxEvents: number;
  spoolDir?: string;
  /** Most spooled events per flush round trip. */
  batchSize: number;
  /** Longest pause between flush attempts while Redis is failing. */
  flushIntervalMs: number;
  log: StoreLogger;
  registry?: Registry;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  reconnectMaxMs?: number;
  blockMs?: number;
  /** How long close() keeps trying to flush the spool. */
  closeTimeoutMs?: number;
}
