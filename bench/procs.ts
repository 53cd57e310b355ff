// The processes a bench run starts (redis-server, services, reference, stream clients), stopped at the end, on error and on Ctrl-C.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnService, freePort } from '../test/helpers/service.js';
import { startRedis, type TestRedis } from '../test/helpers/redis.js';

export interface Proc {
  name: string;
  url: string;
  pid: number;
  proc: ChildProcess;
  /** SIGTERM and the exit code (the service drains on SIGTERM and must exit 0). */
  stop(): Promise<number | null>;
}

const running = new Set<{ name: string; stop: () => Promise<unknown>; kill: () => void }>();

/** Stops everything still running; safe to call twice. Each stop is bounded so a stuck child cannot hang the bench. */
export async function stopAll(): Promise<void> {
  const all = [...running];
  running.clear();
  await Promise.all(
    all.map((p) => Promise.race([p.stop(), new Promise((r) => setTimeout(r, 12_000))]).finally(() => p.kill())),
  );
}

let hooked = false;
/** Ctrl-C or a kill of the bench stops its children before it exits; a plain exit SIGKILLs whatever is left. */
function hookSignals(): void {
  if (hooked) return;
  hooked = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: stopping the processes this bench started`);
      void stopAll().finally(() => process.exit(130));
    });
  }
  process.once('exit', () => {
    for (const p of running) p.kill();
  });
}

export function track(name: string, proc: ChildProcess, stop: () => Promise<unknown>): void {
  hookSignals();
  const entry = { name, stop, kill: () => void (proc.exitCode === null && proc.signalCode === null && proc.kill('SIGKILL')) };
  running.add(entry);
  proc.once('exit', () => running.delete(entry));
}

let built = false;
/**
 * `npm run build`, once per bench run: the service is measured as `npm start` runs it (compiled, `dist/`), and
 * from the sources as they are now, not from a `dist/` left by an older checkout. Through tsx it cost about
 * 15 % more CPU per request (the names tsx gives every function made per request). Skipped when `dist/` is newer
 * than every source and build setting (as right after `npm ci`, which builds): a build takes 5-15 s here.
 */
export function buildService(): void {
  if (built) return;
  if (!distIsCurrent()) {
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  built = true;
}

/** Whether the oldest compiled file in dist/ is newer than the newest file under src/ and the build's settings. */
export function distIsCurrent(root = '.'): boolean {
  const mtimes = (dir: string, keep: (name: string) => boolean) =>
    readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && keep(e.name))
      .map((e) => statSync(join(e.parentPath, e.name)).mtimeMs);
  try {
    const compiled = mtimes('dist', (name) => name.endsWith('.js'));
    if (!compiled.length) return false;
    const settings = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'].map((f) => statSync(join(root, f)).mtimeMs);
    return Math.min(...compiled) > Math.max(...mtimes('src', () => true), ...settings);
  } catch {
    return false; // no dist/ yet, or unreadable: build
  }
}

/** The service (`dist/server.js`, built first) in its own process, as `npm start` runs it. */
export async function startService(name: string, env: Record<string, string> = {}): Promise<Proc> {
  buildService();
  const svc = await spawnService({ LOG_LEVEL: 'warn', ...env }, { built: true });
  const stop = () => svc.kill('SIGTERM');
  track(name, svc.proc, stop);
  return { name, url: svc.url, pid: svc.proc.pid ?? 0, proc: svc.proc, stop };
}

/** The reference server (bench/reference.ts) in its own process, like the service. */
export const startReference = (): Promise<Proc> => startBench('reference', 'bench/reference.ts');

/** The floor (bench/floor.ts) on the given Redis, in its own process. */
export const startFloor = (redisUrl: string, prefix: string): Promise<Proc> =>
  startBench('floor', 'bench/floor.ts', { REDIS_URL: redisUrl, HOOK_STREAM_PREFIX: prefix });

/** One of the bench's own servers, run through tsx as a child process and awaited until `/health/live` answers. */
async function startBench(name: string, script: string, env: Record<string, string> = {}): Promise<Proc> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (proc.exitCode === null) proc.kill('SIGTERM');
    return exited;
  };
  track(name, proc, stop);
  const url = `http://127.0.0.1:${port}`;
  await waitUp(url, proc, name);
  return { name, url, pid: proc.pid ?? 0, proc, stop };
}

export async function waitUp(url: string, proc: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health/live`)).ok) return;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null) throw new Error(`${what} exited ${proc.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${what} did not start within 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A redis-server of our own on a free port (never the machine's 6379), AOF with fsync every second. */
export async function startOwnRedis(): Promise<TestRedis & { version: string; pid: number }> {
  if (process.env.REDIS_URL) throw new Error('unset REDIS_URL: the bench starts and stops its own redis-server');
  const redis = await startRedis({ appendonly: true, args: ['--appendfsync', 'everysec'] });
  // startRedis keeps its child to itself; kill() sends the signal synchronously, which is all the exit hook needs.
  const entry = { name: 'redis-server', stop: () => redis.stop(), kill: () => void redis.kill() };
  hookSignals();
  running.add(entry);
  return { ...redis, stop: async () => (running.delete(entry), redis.stop()), version: redisVersion(), pid: await redisPid(redis.url) };
}

/** The server's own process id, as it reports it (INFO server), so its CPU can be read. */
async function redisPid(url: string): Promise<number> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    return Number(/process_id:(\d+)/.exec(await client.info('server'))?.[1] ?? NaN);
  } finally {
    client.disconnect();
  }
}

/**
 * CPU time (user + system) a process has used so far, in ms: from /proc (Linux), or this process's own
 * `process.cpuUsage()`; NaN where neither is available.
 */
export function cpuMs(pid: number): number {
  if (pid === process.pid) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

function redisVersion(): string {
  const out = execFileSync('redis-server', ['--version'], { encoding: 'utf8' });
  return /v=(\S+)/.exec(out)?.[1] ?? out.trim();
}

/** Resident set size of a process in MB, from /proc (Linux only; NaN elsewhere). */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : NaN;
  } catch {
    return NaN;
  }
}
