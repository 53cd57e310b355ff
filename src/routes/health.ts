// Health: /health/hooks (SLA figures and store state), /health/live and /health/ready.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorBody, ErrorCodes } from '../errors.js';
import { ErrorSchema } from '../schemas/common.js';

const HealthSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('healthy'), Type.Literal('degraded'), Type.Literal('unhealthy')]),
    avg_processing_time_ms: Type.Number(),
    p95_processing_time_ms: Type.Number(),
    performance_violations: Type.Integer({ description: 'Hooks over the threshold since start' }),
    performance_threshold_ms: Type.Number(),
    uptime_seconds: Type.Number(),
    store: Type.Object({}, { additionalProperties: true }),
    metrics: Type.Object({}, { additionalProperties: true }),
  },
  { title: 'HooksHealth' },
);

/** "Few" violations: at most 5% of the recent window. */
const VIOLATION_SHARE = 0.05;

export default async function healthRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { metrics, store, config, lifecycle } = app;
  const publicRoute = { scope: 'public' as const, rateLimit: false as const };
  const startedAt = Date.now();

  app.get(
    '/health/hooks',
    {
      config: publicRoute,
      schema: {
        tags: ['health'],
        summary: 'Hook processing health',
        description:
          'healthy while the recent average is under HOOK_PERFORMANCE_THRESHOLD_MS and at most 5% of recent hooks ' +
          'violated it; degraded otherwise or while the store runs on its spool; unhealthy when nothing can accept events.',
        response: { 200: HealthSchema },
      },
    },
    async () => {
      const w = metrics.window;
      const avg = w.average();
      const recentViolations = w.countAbove(config.HOOK_PERFORMANCE_THRESHOLD_MS);
      const storeStats = await store.stats();
      metrics.storeEvents.set(storeStats.events);
      let status: 'healthy' | 'degraded' | 'unhealthy' = 'healthy';
      if (avg >= config.HOOK_PERFORMANCE_THRESHOLD_MS || recentViolations > w.size * VIOLATION_SHARE) {
        status = 'degraded';
      }
      if (storeStats.status === 'degraded' && status === 'healthy') status = 'degraded';
      if (!store.canAccept()) status = 'unhealthy';
      const processed = await metrics.processed.get();
      const byDecision: Record<string, number> = { allow: 0, ask: 0, deny: 0 };
      let total = 0;
      for (const v of processed.values) {
        const d = String(v.labels.decision);
        byDecision[d] = (byDecision[d] ?? 0) + v.value;
        total += v.value;
      }
      return {
        status,
        avg_processing_time_ms: Math.round(avg * 1000) / 1000,
        p95_processing_time_ms: Math.round(w.percentile(95) * 1000) / 1000,
        performance_violations: await metrics.violationsTotal(),
        performance_threshold_ms: config.HOOK_PERFORMANCE_THRESHOLD_MS,
        uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
        store: storeStats,
        metrics: {
          hooks_processed: total,
          decisions: byDecision,
          recent_window: w.size,
          recent_violations: recentViolations,
        },
      };
    },
  );

  app.get(
    '/health/live',
    {
      config: publicRoute,
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process is up',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: publicRoute,
      schema: {
        tags: ['health'],
        summary: 'Readiness: 503 while shutting down, overloaded, or while neither store nor spool can accept events',
        response: { 200: Type.Object({ status: Type.Literal('ready'), store: Type.String() }), 503: ErrorSchema },
      },
    },
    async (_request, reply) => {
      if (lifecycle.shuttingDown) {
        return reply.code(503).send(errorBody(503, ErrorCodes.SHUTTING_DOWN, 'The service is shutting down'));
      }
      // Under load shedding a balancer should send traffic elsewhere; liveness stays 200.
      if (app.hasDecorator('isUnderPressure') && app.isUnderPressure()) {
        return reply.code(503).send(errorBody(503, ErrorCodes.OVERLOADED, 'The service is overloaded and shedding load'));
      }
      if (!store.canAccept()) {
        return reply
          .code(503)
          .send(errorBody(503, ErrorCodes.STORE_UNAVAILABLE, 'Neither the store nor its spool can accept events'));
      }
      return { status: 'ready' as const, store: store.kind };
    },
  );
}
