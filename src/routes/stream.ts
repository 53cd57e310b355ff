// GET /hooks/stream: the WebSocket upgrade (auth first), query filters handed to the hub, socket events wired to it.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../schemas/common.js';
import { createError, ErrorCodes } from '../errors.js';
import { parseQuerySubscription } from '../stream/filters.js';

const StreamQuerySchema = Type.Object(
  {
    agent_ids: Type.Optional(Type.String({ description: 'Comma-separated agent ids' })),
    session_ids: Type.Optional(Type.String({ description: 'Comma-separated session ids' })),
    hook_types: Type.Optional(Type.String({ description: 'Comma-separated hook types' })),
    min_priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'Keep events with priority <= N (1 is most urgent)' })),
    since: Type.Optional(Type.String({ description: 'Replay stored events after this stream id, then go live' })),
    epoch: Type.Optional(Type.String({ description: 'The `epoch` of the `subscribed` frame `since` came from: another epoch means history was lost' })),
    aggregates: Type.Optional(Type.Boolean({ description: 'Also send `{"type":"aggregates","aggregates":[...]}` frames: the window summaries of the agents and sessions the filters pass' })),
    approvals: Type.Optional(Type.Boolean({ description: 'Also send `{"type":"approvals","approvals":[...]}` frames whenever an approval opens or closes (remote approvals), whatever the filters' })),
    token: Type.Optional(Type.String({ description: 'Auth token for clients that can set neither Authorization nor a subprotocol' })),
  },
  { additionalProperties: false },
);

const DESCRIPTION =
  'Upgrades to a WebSocket. The server sends `{"type":"subscribed","filters","recovered","last_id","epoch"}` for every ' +
  'subscription, `{"type":"hook_events","events":[...]}` in stream order, and `{"type":"error","code","message"}` for ' +
  'a bad filter or message (the connection stays open); with `approvals=true` also `{"type":"approvals","approvals":[...]}` whenever an ' +
  'approval opens or closes. Send `{"type":"subscribe","filters":{...},"since":"<id>","epoch":"<epoch>"}` to ' +
  'replace the filters. Close codes: 1001 shutting down, 1013 connection limit, 4008 slow consumer. ' +
  'Credentials: `Authorization: Bearer`, or (browsers) the subprotocols `hookhive` and `hookhive.bearer.<base64url token>`. ' +
  'An `Origin` other than the service\'s own or HOOK_ALLOWED_ORIGINS is refused with 403. A plain GET (no upgrade) is answered 426.';

export default async function streamRoutes(app: FastifyInstance) {
  const hub = app.streamHub;
  app.route({
    method: 'GET',
    url: '/hooks/stream',
    schema: {
      tags: ['stream'],
      summary: 'Live, filtered, resumable event stream (WebSocket)',
      description: DESCRIPTION,
      querystring: StreamQuerySchema,
      response: {
        101: { description: 'Switching Protocols: the WebSocket stream', type: 'null' },
        ...errorResponses(401, 403, 421, 426),
      },
    },
    // Credentials, Host and Origin are checked by the access plugin before any WebSocket exists.
    config: { scope: 'read' },
    // Documented above but checked by the hub: a bad filter must be an error frame on an open socket, not a 400.
    validatorCompiler: () => (value: unknown) => ({ value }),
    handler: async () => {
      throw createError(ErrorCodes.UPGRADE_REQUIRED, 'GET /hooks/stream is a WebSocket endpoint; connect with a WebSocket client', 426, {
        upgrade: 'websocket',
      });
    },
    wsHandler: (socket, request) => {
      const session = hub.connect(socket);
      if (!session) return;
      socket.on('close', () => hub.disconnect(session));
      socket.on('pong', () => hub.pong(session));
      socket.on('message', (data, isBinary) => {
        if (isBinary) {
          hub.error(session, { code: ErrorCodes.VALIDATION, message: 'send text (JSON) messages, not binary' });
          return;
        }
        // A text message arrives as one Buffer, or as fragments when the client split it.
        hub.message(session, (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)).toString('utf8'));
      });
      const parsed = parseQuerySubscription(request.query as Record<string, unknown>);
      if (parsed.ok) void hub.subscribe(session, parsed.value);
      else hub.error(session, parsed.error);
    },
  });
}
