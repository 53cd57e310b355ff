// Wires the live stream: @fastify/websocket, one hub per app tailing app.hive.store, and 1001 on shutdown.
import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { StreamHub } from '../stream/hub.js';
import { StreamMetrics } from '../stream/metrics.js';
import streamRoutes from '../routes/stream.js';

declare module 'fastify' {
  interface FastifyInstance {
    streamHub: StreamHub;
  }
}

/** Client → server messages are small subscribe requests; anything bigger is refused by `ws` (close 1009). */
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

async function streamPlugin(app: FastifyInstance) {
  const { config, store, metrics } = app.hive;
  const hub = new StreamHub({
    store,
    metrics: new StreamMetrics(metrics.registry),
    maxBufferBytes: config.HOOK_WS_MAX_BUFFER_BYTES,
    pingIntervalMs: config.HOOK_WS_PING_INTERVAL_MS,
    maxConnections: config.HOOK_WS_MAX_CONNECTIONS,
    log: app.log,
  });
  app.decorate('streamHub', hub);
  await app.register(websocket, {
    options: { maxPayload: MAX_CLIENT_MESSAGE_BYTES, perMessageDeflate: false },
    // A client vanishing mid-frame is routine for a stream, not an error worth a stack trace.
    errorHandler: (err, socket, request) => {
      request.log.info({ err: err.message }, 'stream socket error; terminating');
      socket.terminate();
    },
    // Replaces the plugin's default, which closes sockets without a code; without closing them here
    // app.close() would wait forever on open sockets.
    preClose: async () => {
      await hub.close();
      app.websocketServer.close();
    },
  });
  // An upgrade refused before @fastify/websocket's own onRequest hook ran (a 401 from the auth hook, a 503
  // while closing) is not cleaned up by it; without this the socket lingers and app.close() never resolves.
  app.addHook('onResponse', async (request) => {
    if (!request.ws && /websocket/i.test(request.headers.upgrade ?? '')) request.raw.socket?.destroy();
  });
  // Closing is the preClose above: @fastify/websocket always runs it on app.close().
  hub.start();
  await app.register(streamRoutes);
}

export default fp(streamPlugin, { name: 'hookhive-stream', dependencies: ['hookhive-core'] });
