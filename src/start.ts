// Starting the service for real: config from the environment, graceful shutdown, listen.
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { ConfigError, configList, loadConfig, type Config } from './config.js';
import { buildApp } from './app.js';
import { flushLogs } from './logging.js';
import { isLoopbackAddress } from './access/origins.js';
import { isPrimaryOf, runPrimary } from './workers.js';

/** A closed stdout or stderr (`| head`) must cost log lines, never the process or its shutdown. */
function ignoreBrokenPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
}

export async function startServer(config: Config): Promise<FastifyInstance> {
  ignoreBrokenPipes();
  const app = await buildApp(config);
  const tokens = [config.HOOK_AUTH_TOKENS, config.HOOK_INGEST_TOKENS, config.HOOK_READ_TOKENS].flatMap(configList);
  if (!isLoopbackAddress(config.HOST) && tokens.length === 0) {
    app.log.warn(
      { host: config.HOST },
      'SECURITY: listening beyond loopback with no tokens: anyone who can reach this address can read every prompt and ' +
        'command and post events. Set HOOK_AUTH_TOKENS / HOOK_INGEST_TOKENS / HOOK_READ_TOKENS, or HOST=127.0.0.1.',
    );
  }
  // The first signal drains (stop accepting, finish in-flight, flush the store); a second exits at once.
  closeWithGrace({ delay: config.HOOK_SHUTDOWN_TIMEOUT_MS, logger: false }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'fatal error, shutting down');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
    app.log.info('shut down cleanly');
    await flushLogs();
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  return app;
}

/** Loads config from the environment and starts; a bad config or failed start exits 1 with a message. */
export async function runFromEnv(env: Record<string, string | undefined> = process.env): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`hookhive: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  if (isPrimaryOf(config)) {
    runPrimary(config);
    return;
  }
  try {
    await startServer(config);
  } catch (err) {
    process.stderr.write(`hookhive: failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
