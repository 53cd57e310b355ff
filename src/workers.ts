// HOOK_WORKERS > 1: a primary process forks that many service processes sharing one port (node:cluster) and one Redis.
import cluster, { type Worker } from 'node:cluster';
import { pino } from 'pino';
import type { Config } from './config.js';
import { loggerOptions } from './logging.js';

/** A worker that dies sooner than this after starting is not restarted again at once (a crash loop). */
const MIN_UPTIME_MS = 5000;
const RESTART_DELAY_MS = 1000;

/**
 * Runs the primary: forks the workers, restarts one that dies while serving, and on SIGTERM/SIGINT asks every
 * worker to drain (each shuts down as a single process would) and exits 0 once all did, 1 if one did not.
 * The primary serves nothing itself: the cluster module hands each new connection to a worker in turn.
 */
export function runPrimary(config: Config): void {
  const log = pino(loggerOptions(config));
  const started = new Map<Worker, number>();
  let stopping = false;
  let failed = false;

  const fork = () => {
    const worker = cluster.fork();
    started.set(worker, Date.now());
  };

  cluster.on('exit', (worker, code, signal) => {
    const uptime = Date.now() - (started.get(worker) ?? 0);
    started.delete(worker);
    if (code !== 0 && code !== null) failed = true;
    if (stopping) {
      if (started.size === 0) process.exit(failed ? 1 : 0);
      return;
    }
    log.error({ pid: worker.process.pid, code, signal, uptimeMs: uptime }, 'worker died; starting another');
    setTimeout(fork, uptime < MIN_UPTIME_MS ? RESTART_DELAY_MS : 0).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: no more waiting.
      for (const worker of started.keys()) worker.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, workers: started.size }, 'shutting down the workers');
    if (started.size === 0) process.exit(0);
    for (const worker of started.keys()) worker.process.kill('SIGTERM');
    // Each worker bounds its own drain by HOOK_SHUTDOWN_TIMEOUT_MS; the primary waits a little longer than that.
    setTimeout(() => {
      log.error('workers did not stop in time; killing them');
      for (const worker of started.keys()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, config.HOOK_SHUTDOWN_TIMEOUT_MS + 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  log.info({ workers: config.HOOK_WORKERS, port: config.PORT }, 'starting workers');
  for (let i = 0; i < config.HOOK_WORKERS; i++) fork();
}

export const isPrimaryOf = (config: Config): boolean => config.HOOK_WORKERS > 1 && cluster.isPrimary;
