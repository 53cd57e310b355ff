// Starting the service for real: config from the environment, graceful shutdown, listen.
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildApp } from './app.js';

export async function startServer(config: Config): Promise<FastifyInstance> {
  const app = await buildApp(config);
  // The first signal drains (stop accepting, finish in-flight, flush the store); a second exits at once.
  closeWithGrace({ delay: config.HOOK_SHUTDOWN_TIMEOUT_MS }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'fatal error, shutting down');
    else app.log.info({ signal }, 'shutting down');
    app.hive.state.shuttingDown = true;
    await app.close();
    app.log.info('shut down cleanly');
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
  try {
    await startServer(config);
  } catch (err) {
    process.stderr.write(`hookhive: failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
