// ioredis clients for the store: an auto-pipelined command connection and a blocking-read duplicate.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { backoffMs } from './circuit-breaker.js';

export type RedisClient = Redis | Cluster;

export interface ConnectionOptions {
  url?: string;
  /** `host:port,host:port` seeds: Redis Cluster instead of `url`. */
  clusterNodes?: string;
  /** A write slower than this is treated as failed (the event is spooled; idempotency absorbs a late success). */
  commandTimeoutMs: number;
  /** Longest pause between reconnect attempts. */
  reconnectMaxMs: number;
  connectTimeoutMs: number;
}

/** The connection settings a URL carries (credentials, TLS, db) in ioredis form. */
function urlOptions(url: string | undefined): Partial<RedisOptions> {
  if (!url) return {};
  const u = new URL(url);
  const out: Partial<RedisOptions> = { host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) };
  if (u.username) out.username = decodeURIComponent(u.username);
  if (u.password) out.password = decodeURIComponent(u.password);
  const db = u.pathname.replace(/^\//, '');
  if (db) out.db = Number(db);
  if (u.protocol === 'rediss:') out.tls = {};
  return out;
}

function parseClusterNodes(nodes: string): { host: string; port: number }[] {
  return nodes
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const i = s.lastIndexOf(':');
      return i > 0 ? { host: s.slice(0, i), port: Number(s.slice(i + 1)) } : { host: s, port: 6379 };
    });
}

/**
 * The write connection. `maxRetriesPerRequest: 0` and no offline queue: a write either goes out on a
 * live connection now or fails now, and the store's spool (not the client library) retries it, in
 * order and idempotently. Unanswered writes are not resent on reconnect for the same reason.
 */
export function createCommandClient(opts: ConnectionOptions): RedisClient {
  const common: RedisOptions = {
    lazyConnect: true,
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: opts.commandTimeoutMs,
    connectTimeout: opts.connectTimeoutMs,
    retryStrategy: (times) => backoffMs(times - 1, 50, opts.reconnectMaxMs),
  };
  if (opts.clusterNodes) {
    const fromUrl = urlOptions(opts.url);
    const clusterOptions: ClusterOptions = {
      lazyConnect: true,
      enableAutoPipelining: true,
      enableOfflineQueue: false,
      clusterRetryStrategy: (times) => backoffMs(times - 1, 50, opts.reconnectMaxMs),
      redisOptions: {
        ...common,
        username: fromUrl.username,
        password: fromUrl.password,
        tls: fromUrl.tls,
      },
    };
    return new Cluster(parseClusterNodes(opts.clusterNodes), clusterOptions);
  }
  return new Redis({ ...common, ...urlOptions(opts.url) });
}

/**
 * The blocking-read connection (XREAD BLOCK must not share the write socket). It may queue while
 * disconnected and has no command timeout (a BLOCK would trip it); `blockingTimeout` still ends an
 * XREAD stuck on a dead socket.
 */
export function createBlockingClient(client: RedisClient, blockMs: number): RedisClient {
  const override: Partial<RedisOptions> = {
    enableAutoPipelining: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    commandTimeout: undefined,
    blockingTimeout: blockMs,
    lazyConnect: true,
  };
  if (client instanceof Cluster) {
    return client.duplicate(undefined, {
      enableAutoPipelining: false,
      enableOfflineQueue: true,
      lazyConnect: true,
      redisOptions: { ...client.options.redisOptions, ...override },
    });
  }
  return client.duplicate(override);
}

/** QUIT politely, but never wait long for a dead server. */
export async function closeClient(client: RedisClient, timeoutMs = 1000): Promise<void> {
  if (client.status === 'end') return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.quit().catch(() => undefined),
      new Promise((r) => {
        timer = setTimeout(r, timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
