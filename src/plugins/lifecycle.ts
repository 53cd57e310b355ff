// Whether the app is shutting down, as `app.lifecycle`: set by app.close() itself (preClose), so an embedder's close counts too.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: { readonly shuttingDown: boolean };
  }
}

async function lifecyclePlugin(app: FastifyInstance) {
  const state = { shuttingDown: false };
  app.decorate('lifecycle', state);
  app.addHook('preClose', async () => {
    state.shuttingDown = true;
    // A request in flight when closing began would otherwise leave its keep-alive connection open, and the
    // server's close would wait on it for the whole keep-alive timeout. Node reads this when each response
    // ends: from now on an idle connection is closed at once. (A per-response hook did this before, at a
    // cost on every request of the service's life.)
    app.server.keepAliveTimeout = 1;
  });
}

export default fp(lifecyclePlugin, { name: 'hookhive-lifecycle' });
