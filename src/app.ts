// buildApp(config, overrides?) → a ready Fastify instance; used by server.ts, the CLI and the tests.
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import type { EventStore } from './store/types.js';
import type { SecurityValidator } from './security/types.js';
import errorsPlugin from './plugins/errors.js';
import hivePlugin from './plugins/hive.js';
import authPlugin from './plugins/auth.js';
import hookRoutes from './routes/hooks.js';
import eventRoutes from './routes/events.js';
import healthRoutes from './routes/health.js';
import metricsRoutes from './routes/metrics.js';
import streamPlugin from './plugins/stream.js';
import dashboardRoutes from './routes/dashboard.js';

export interface AppOverrides {
  store?: EventStore;
  validator?: SecurityValidator;
  /** A pino logger options object or instance, replacing the one built from config. */
  logger?: FastifyServerOptions['logger'];
  /** Register @fastify/swagger (a dev dependency) so `app.swagger()` can export openapi.yaml. */
  openapi?: boolean;
}

const OPENAPI_INFO = {
  openapi: '3.0.3',
  info: {
    title: 'hookhive',
    version: '0.1.0',
    description:
      'Lifecycle-hook service for AI coding agents: every hook is decided (shell-parsing security validator), ' +
      'stored (Redis Streams or embedded memory) and streamed live over /hooks/stream.',
  },
  servers: [{ url: 'http://127.0.0.1:8000' }],
  tags: [
    { name: 'hooks', description: 'Ingest' },
    { name: 'claude-code', description: "Claude Code's native HTTP hook" },
    { name: 'events', description: 'History' },
    { name: 'stream', description: 'Live WebSocket stream' },
    { name: 'health', description: 'Health and readiness' },
    { name: 'metrics', description: 'Prometheus' },
  ],
};

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  const base = { level: config.LOG_LEVEL };
  // Pretty output only for a person at a terminal; JSON lines everywhere else.
  if (process.stdout.isTTY && config.LOG_LEVEL !== 'silent') {
    return { ...base, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } };
  }
  return base;
}

export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: overrides.logger ?? loggerOptions(config),
    bodyLimit: config.HOOK_MAX_PAYLOAD_SIZE,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Per-request lines only at debug/trace: at thousands of hooks a second they would dominate the cost.
    logController: new LogController({
      disableRequestLogging: config.LOG_LEVEL !== 'debug' && config.LOG_LEVEL !== 'trace',
    }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: false } },
  });
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // Only JSON is accepted; Fastify's default text/plain parser would turn a 415 into a confusing 400.
  app.removeContentTypeParser('text/plain');

  if (overrides.openapi) {
    const { default: swagger } = await import('@fastify/swagger');
    await app.register(swagger, { openapi: OPENAPI_INFO });
  }
  await app.register(errorsPlugin, { maxPayloadSize: config.HOOK_MAX_PAYLOAD_SIZE });
  await app.register(authPlugin, { tokens: config.HOOK_AUTH_TOKENS });
  await app.register(hivePlugin, { config, store: overrides.store, validator: overrides.validator });
  await app.register(hookRoutes);
  await app.register(eventRoutes);
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(streamPlugin);
  await app.register(dashboardRoutes);
  return app;
}
