// The ingest pipeline as `app.pipeline`: validator, store and metrics wired with the config's budgets and limits.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { HookPipeline } from '../pipeline/pipeline.js';
import { createRedactor } from '../pipeline/redact.js';
import { configList } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    pipeline: HookPipeline;
  }
}

async function pipelinePlugin(app: FastifyInstance, opts: { config: Config }) {
  const { config } = opts;
  const tokens = [config.HOOK_AUTH_TOKENS, config.HOOK_INGEST_TOKENS, config.HOOK_READ_TOKENS].flatMap(configList);
  app.decorate(
    'pipeline',
    new HookPipeline({
      store: app.store,
      validator: app.validator,
      metrics: app.metrics,
      violations: app.violations,
      performanceThresholdMs: config.HOOK_PERFORMANCE_THRESHOLD_MS,
      failDecision: config.HOOK_FAIL_DECISION,
      validationBudgetMs: config.HOOK_VALIDATION_BUDGET_MS,
      maxPayloadBytes: config.HOOK_MAX_PAYLOAD_SIZE,
      // The service's own tokens never reach an event, whatever their shape and whatever HOOK_REDACT_SECRETS says.
      redactor: config.HOOK_REDACT_SECRETS || tokens.length ? createRedactor({ literals: tokens, patterns: config.HOOK_REDACT_SECRETS }) : undefined,
      retryAfterSeconds: Math.max(1, Math.ceil(config.HOOK_FLUSH_INTERVAL_MS / 1000)),
    }),
  );
}

export default fp(pipelinePlugin, {
  name: 'hookhive-pipeline',
  dependencies: ['hookhive-metrics', 'hookhive-security', 'hookhive-store'],
});
