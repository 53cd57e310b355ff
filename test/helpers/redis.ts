// A real redis-server for tests: spawned on a free port in its own temp dir (or REDIS_URL), killable and restartable.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { randomUUID } from 'node:crypto';
import { freePort } from './service.js';

export interface RedisServerOptions {
  /** AOF persistence, so data survives kill() + restart(). Default true. */
  appendonly?: boolean;
  /** Extra `redis-server` arguments, e.g. ['--appendfsync', 'always']. */
  args?: string[];
}

export interface TestRedis {
  url: string;
  port: number;
  /** True when this helper spawned the server (kill/restart work); false with an external REDIS_URL. */
  owned: boolean;
  /** SIGKILL: no shutdown save, no goodbye to clients. */
  kill(): Promise<void>;
  /** Starts again on the same port and dir (with appendonly the data comes back). */
  restart(): Promise<void>;
  /** Graceful stop and removal of the temp dir. */
  stop(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that hangs with its connections open, the way an overloaded or swapped-out one does. */
  pause(): void;
  resume(): void;
}

/** An external server from REDIS_URL is shared: tests must use their own key prefix there. */
const externalRedisUrl = process.env.REDIS_URL;

/** For tests that kill and restart Redis: they skip, saying why, when REDIS_URL points at a shared server. */
export const canKillRedis = !externalRedisUrl;
export const killSkipNote = canKillRedis ? '' : ' [skipped: REDIS_URL is set; kill/restart need a spawned redis-server]';

/** Says once, visibly, why kill/restart tests of a file are skipped. */
export function noteKillSkip(file: string): void {
  if (!canKillRedis) console.warn(`${file}:${killSkipNote}`);
}

const prefixes = new Set<string>();

/** A key prefix no other test uses, so tests can share one server without FLUSHALL. */
export function uniquePrefix(name = 'test'): string {
  const prefix = `hhtest:${name}:${randomUUID().slice(0, 8)}:`;
  prefixes.add(prefix);
  return prefix;
}

/** Deletes the keys under the prefixes this test file made (never anything else: the server may be shared). */
export async function deleteTestKeys(url: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await client.del(...keys);
      } while (cursor !== '0');
    }
    prefixes.clear();
  } finally {
    client.disconnect();
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ port, host: '127.0.0.1' });
    let buf = '';
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    // LOADING answers `-LOADING ...` while the AOF is read back: not ready yet.
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startRedis(opts: RedisServerOptions = {}): Promise<TestRedis> {
  if (externalRedisUrl) {
    const port = Number(new URL(externalRedisUrl).port || 6379);
    const unsupported = async () => {
      throw new Error('kill/restart need a spawned redis-server (REDIS_URL is set)');
    };
    const refuse = () => {
      throw new Error('pause/resume need a spawned redis-server (REDIS_URL is set)');
    };
    return { url: externalRedisUrl, port, owned: false, kill: unsupported, restart: unsupported, stop: async () => {}, pause: refuse, resume: refuse };
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hookhive-redis-'));
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
    '--appendonly', opts.appendonly === false ? 'no' : 'yes', '--daemonize', 'no', '--logfile', '',
    ...(opts.args ?? []),
  ];
  let proc: ChildProcess | undefined;
  let log = '';

  const launch = async () => {
    log = '';
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (c) => (log = (log + c).slice(-4000)));
    child.stderr?.on('data', (c) => (log = (log + c).slice(-4000)));
    proc = child;
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`redis-server exited ${child.exitCode}: ${log}`);
      return ping(port);
    }, `redis-server on ${port}`);
  };
  const exit = async (signal: NodeJS.Signals) => {
    const child = proc;
    proc = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    child.kill('SIGCONT'); // a paused server acts on the signal only once it runs again
    await exited;
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    owned: true,
    kill: () => exit('SIGKILL'),
    restart: async () => {
      await exit('SIGKILL');
      await launch();
    },
    stop: async () => {
      await exit('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    pause: () => void proc?.kill('SIGSTOP'),
    resume: () => void proc?.kill('SIGCONT'),
  };
}

/**
 * One redis-server (no AOF) for a test file: started before its tests; after them, the keys its prefixes made are
 * deleted and the server stopped. Read `url` in tests and hooks, once it has started.
 */
export function fileRedis(): { readonly url: string } {
  let server: TestRedis | undefined;
  beforeAll(async () => {
    server = await startRedis({ appendonly: false });
  });
  afterAll(async () => {
    if (!server) return;
    await deleteTestKeys(server.url);
    await server.stop();
  });
  return {
    get url() {
      if (!server) throw new Error("the test file's redis-server has not started");
      return server.url;
    },
  };
}
