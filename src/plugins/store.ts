// The event store as `app.store` (Redis Streams or the embedded one) and its SLA-violation sink; closed with the app.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { EventStore } from '../store/types.js';
import type { ViolationSink } from '../store/violations.js';
import { createStore } from '../store/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    store: EventStore;
    violations: ViolationSink | undefined;
  }
}

export interface StorePluginOptions {
  config: Config;
  store?: EventStore;
}

async function storePlugin(app: FastifyInstance, opts: StorePluginOptions) {
  const created = opts.store ? { store: opts.store } : createStore(opts.config, app.log, { registry: app.metrics.registry });
  await created.store.init();
  app.decorate('store', created.store);
  app.decorate('violations', created.violations);
  app.addHook('onClose', async () => created.store.close());
}

export default fp(storePlugin, { name: 'hookhive-store', dependencies: ['hookhive-metrics'] });
