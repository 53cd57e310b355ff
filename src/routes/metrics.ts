// GET /metrics: the app's Prometheus registry in text format.
import type { FastifyInstance } from 'fastify';

export default async function metricsRoutes(app: FastifyInstance) {
  const { metrics, store } = app;
  app.get(
    '/metrics',
    {
      config: { scope: 'public', rateLimit: false },
      schema: {
        tags: ['metrics'],
        summary: 'Prometheus metrics (hooks_* plus process metrics)',
        produces: ['text/plain'],
        response: { 200: { type: 'string', description: 'Prometheus text exposition format' } },
      },
    },
    async (_request, reply) => {
      metrics.storeEvents.set((await store.stats()).events);
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
}
