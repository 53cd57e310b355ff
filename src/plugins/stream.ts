// Wires the live stream: @fastify/websocket and one hub per app tailing app.store, closed with 1001 on shutdown.
import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { StreamHub } from '../stream/hub.js';
import { StreamMetrics } from '../stream/metrics.js';
import { STREAM_PROTOCOL } from './access.js';

declare module 'fastify' {
  interface FastifyInstance {
    streamHub: StreamHub;
  }
}

/** Client → server messages are small subscribe requests; anything bigger is refused by `ws` (close 1009). */
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

async function streamPlugin(app: FastifyInstance, opts: { config: Config }) {
  const { config } = opts;
  const hub = new StreamHub({
    store: app.store,
    metrics: new StreamMetrics(app.metrics.registry),
    maxBufferBytes: config.HOOK_WS_MAX_BUFFER_BYTES,
    urgentPriority: config.HOOK_URGENT_PRIORITY,
    batchSize: config.HOOK_BATCH_SIZE,
    flushIntervalMs: config.HOOK_FLUSH_INTERVAL_MS,
    pingIntervalMs: config.HOOK_WS_PING_INTERVAL_MS,
    maxConnections: config.HOOK_WS_MAX_CONNECTIONS,
    replayPageBytes: config.HOOK_HISTORY_MAX_BYTES,
    log: app.log,
  });
  app.decorate('streamHub', hub);
  await app.register(websocket, {
    options: {
      maxPayload: MAX_CLIENT_MESSAGE_BYTES,
      perMessageDeflate: false,
      // A browser that offers subprotocols (the dashboard's bearer token rides in one) needs one chosen back.
      handleProtocols: (protocols) => (protocols.has(STREAM_PROTOCOL) ? STREAM_PROTOCOL : false),
    },
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
  // An upgrade refused before @fastify/websocket's own onRequest hook ran (a 401 from the access hook, a 503
  // while closing) is not cleaned up by it; without this the socket lingers and app.close() never resolves.
  // A callback, not an async hook: it runs on every response and almost never has anything to do.
  app.addHook('onResponse', (request, _reply, done) => {
    const upgrade = request.headers.upgrade;
    if (upgrade !== undefined && !request.ws && /websocket/i.test(upgrade)) request.raw.socket?.destroy();
    done();
  });
  hub.start();
}

export default fp(streamPlugin, { name: 'hookhive-stream', dependencies: ['hookhive-metrics', 'hookhive-store'] });
