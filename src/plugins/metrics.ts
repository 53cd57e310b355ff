// The app's Prometheus registry and hook metrics, as `app.metrics` (one registry per app, never the global one).
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { HookMetrics } from '../metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: HookMetrics;
  }
}

async function metricsPlugin(app: FastifyInstance) {
  app.decorate('metrics', new HookMetrics());
}

export default fp(metricsPlugin, { name: 'hookhive-metrics' });
