// Wires the domain (store, validator, metrics, pipeline) into the app as `app.hive`, and closes it.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { EventStore } from '../store/types.js';
import type { SecurityValidator } from '../security/types.js';
import { createStore } from '../store/index.js';
import { createSecurityValidator } from '../security/index.js';
import { HookMetrics } from '../metrics.js';
import { HookPipeline } from '../pipeline/pipeline.js';

export interface Hive {
  config: Config;
  store: EventStore;
  validator: SecurityValidator;
  metrics: HookMetrics;
  pipeline: HookPipeline;
  /** Set when a shutdown signal arrived: readiness turns 503, new hooks are refused. */
  state: { shuttingDown: boolean };
}

declare module 'fastify' {
  interface FastifyInstance {
    hive: Hive;
  }
}

export interface HiveOptions {
  config: Config;
  store?: EventStore;
  validator?: SecurityValidator;
}

async function hivePlugin(app: FastifyInstance, opts: HiveOptions) {
  const { config } = opts;
  const metrics = new HookMetrics();
  const validator =
    opts.validator ??
    (await createSecurityValidator({
      enabled: config.HOOK_SECURITY_VALIDATION_ENABLED,
      blocking: config.HOOK_DANGEROUS_COMMAND_BLOCKING,
      auditMode: config.HOOK_SECURITY_AUDIT_MODE,
      rulesFile: config.HOOK_SECURITY_RULES_FILE,
      cacheSize: config.HOOK_SECURITY_CACHE_SIZE,
      registry: metrics.registry,
    }));
  const store = opts.store ?? (await createStore(config, app.log, { registry: metrics.registry }));
  await store.init();
  const pipeline = new HookPipeline({
    store,
    validator,
    metrics,
    performanceThresholdMs: config.HOOK_PERFORMANCE_THRESHOLD_MS,
    retryAfterSeconds: Math.max(1, Math.ceil(config.HOOK_FLUSH_INTERVAL_MS / 1000)),
    // The Redis store keeps SLA violations in its performance stream.
    onViolation: store.recordViolation ? (event, ms) => store.recordViolation?.(event, ms) : undefined,
  });
  app.decorate('hive', { config, store, validator, metrics, pipeline, state: { shuttingDown: false } });
  app.addHook('onClose', async () => {
    await store.close();
    validator.close();
  });
}

export default fp(hivePlugin, { name: 'hookhive-core' });
