// The bench's floor: what persisting and streaming each event cost with none of the service's guarantees.
// The reference's route and schema, one auto-pipelined XADD per event (no idempotency, no validation of the command,
// no aggregation, no spool, no metrics), and one batched frame per tick to every stream client, in the frame shape the
// service sends. No real service can do less per event; the bench runs it beside the reference and the service.
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
import { Redis } from 'ioredis';
import { ClaudeHookInputSchema, ClaudeHookOutputSchema } from '../src/schemas/claude.js';

const redis = new Redis(process.env.REDIS_URL ?? '', { enableAutoPipelining: true, maxRetriesPerRequest: 1 });
const key = `${process.env.HOOK_STREAM_PREFIX ?? ''}floor:events`;
const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
await app.register(websocket);

const sockets = new Set<{ send(data: Buffer): void }>();
let pending: string[] = [];
let scheduled = false;
function flush(): void {
  scheduled = false;
  const frame = Buffer.from(`{"type":"hook_events","events":[${pending.join(',')}]}`);
  pending = [];
  for (const socket of sockets) socket.send(frame);
}

app.get('/hooks/stream', { websocket: true }, (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.send(Buffer.from('{"type":"subscribed","filters":{}}'));
});

app.post('/hooks/claude', { schema: { body: ClaudeHookInputSchema, response: { 200: ClaudeHookOutputSchema } } }, async (req) => {
  const body = req.body as { session_id: string; tool_use_id?: string };
  const payload = JSON.stringify(body);
  const toolUseId = JSON.stringify(body.tool_use_id ?? null);
  const id = await redis.xadd(key, '*', 'correlation_id', body.tool_use_id ?? '', 'payload', payload);
  pending.push(`{"id":"${id}","hook_type":"PreToolUse","session_id":${JSON.stringify(body.session_id)},"correlation_id":${toolUseId},"payload":${payload}}`);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
  return {};
});
app.get('/health/live', async () => ({ status: 'ok' }));

const close = () => void app.close().then(() => redis.quit()).then(() => process.exit(0));
process.once('SIGTERM', close);
process.once('SIGINT', close);
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
