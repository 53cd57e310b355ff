// buildApp(config, overrides?) → a ready Fastify instance; used by server.ts, the CLI and the tests.
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { configList, otelEnvironment, type Config } from './config.js';
import type { EventStore } from './store/types.js';
import type { SecurityValidator } from './security/types.js';
import { strictValidatorCompiler } from './schemas/validator.js';
import { isLoopbackAddress } from './access/origins.js';
import { loggerOptions, withRedaction } from './logging.js';
import metricsPlugin from './plugins/metrics.js';
import errorsPlugin from './plugins/errors.js';
import bodyPlugin from './plugins/body.js';
import accessPlugin from './plugins/access.js';
import limitsPlugin from './plugins/limits.js';
import lifecyclePlugin from './plugins/lifecycle.js';
import securityPlugin from './plugins/security.js';
import storePlugin from './plugins/store.js';
import pipelinePlugin from './plugins/pipeline.js';
import streamPlugin from './plugins/stream.js';
import aggregationPlugin from './plugins/aggregation.js';
import approvalsPlugin from './plugins/approvals.js';
import hookRoutes from './routes/hooks.js';
import agentRoutes from './routes/agents.js';
import eventRoutes from './routes/events.js';
import hookTypeRoutes from './routes/hook-types.js';
import aggregateRoutes from './routes/aggregates.js';
import approvalRoutes from './routes/approvals.js';
import streamRoutes from './routes/stream.js';
import healthRoutes from './routes/health.js';
import metricsRoutes from './routes/metrics.js';
import dashboardRoutes from './routes/dashboard.js';

export interface AppOverrides {
  store?: EventStore;
  validator?: SecurityValidator;
  /** A pino logger options object or instance, replacing the one built from config. */
  logger?: FastifyServerOptions['logger'];
  /** The OTEL_* variables instead of the process's (tests point the span exporter at their own receiver). */
  otelEnv?: Record<string, string | undefined>;
  /** Register @fastify/swagger (a dev dependency) so `app.swagger()` can export openapi.yaml. */
  openapi?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
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
    { name: 'agents', description: "Agents' native hooks, answered in their own format" },
    { name: 'events', description: 'History' },
    { name: 'approvals', description: 'Remote approvals: held requests answered from the dashboard' },
    { name: 'stream', description: 'Live WebSocket stream' },
    { name: 'health', description: 'Health and readiness' },
    { name: 'metrics', description: 'Prometheus' },
  ],
};

export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: overrides.logger === undefined || typeof overrides.logger === 'boolean' ? (overrides.logger ?? loggerOptions(config)) : withRedaction(overrides.logger),
    bodyLimit: config.HOOK_MAX_PAYLOAD_SIZE,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Per-request lines only at debug/trace: at thousands of hooks a second they would dominate the cost.
    logController: new LogController({
      disableRequestLogging: config.LOG_LEVEL !== 'debug' && config.LOG_LEVEL !== 'trace',
    }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.setValidatorCompiler(strictValidatorCompiler);
  app.decorate('config', config);

  if (overrides.openapi) {
    const { default: swagger } = await import('@fastify/swagger');
    await app.register(swagger, { openapi: OPENAPI_INFO });
  }
  // The edge: metrics and errors first (everything reports through them), then what a request meets in order.
  await app.register(metricsPlugin);
  await app.register(errorsPlugin, { failDecision: config.HOOK_FAIL_DECISION });
  await app.register(bodyPlugin, { maxJsonDepth: config.HOOK_MAX_JSON_DEPTH, defaultLimit: config.HOOK_MAX_PAYLOAD_SIZE });
  await app.register(accessPlugin, {
    fullTokens: configList(config.HOOK_AUTH_TOKENS),
    ingestTokens: configList(config.HOOK_INGEST_TOKENS),
    readTokens: configList(config.HOOK_READ_TOKENS),
    allowedOrigins: configList(config.HOOK_ALLOWED_ORIGINS),
    allowedHosts: configList(config.HOOK_ALLOWED_HOSTS),
    loopback: isLoopbackAddress(config.HOST),
  });
  await app.register(limitsPlugin, {
    ratePerMinute: config.HOOK_RATE_LIMIT_PER_MIN,
    maxEventLoopDelayMs: config.HOOK_MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: config.HOOK_MAX_HEAP_USED_BYTES,
    retryAfterSeconds: Math.max(1, Math.ceil(config.HOOK_FLUSH_INTERVAL_MS / 1000)),
  });
  await app.register(lifecyclePlugin);
  // The domain: validator, store, the pipeline over both, and the live stream over the store.
  await app.register(securityPlugin, { config, validator: overrides.validator });
  await app.register(storePlugin, { config, store: overrides.store });
  await app.register(pipelinePlugin, { config });
  // Before the stream: its shutdown hook then runs first, so held requests get `ask` before sockets are closed.
  await app.register(approvalsPlugin, { config, publish: (records) => app.streamHub.publishApprovals(records) });
  await app.register(streamPlugin, { config });
  await app.register(aggregationPlugin, {
    config,
    otelEnv: overrides.otelEnv ?? otelEnvironment(),
    publish: (aggregate) => app.streamHub.publishAggregates([aggregate]),
  });
  // Every route, each declaring its scope.
  await app.register(hookRoutes);
  await app.register(agentRoutes);
  await app.register(eventRoutes);
  await app.register(hookTypeRoutes);
  await app.register(aggregateRoutes);
  await app.register(approvalRoutes);
  await app.register(streamRoutes);
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(dashboardRoutes);
  return app;
}
