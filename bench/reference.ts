// The bench's reference: a bare Fastify 5 route that validates the same Claude Code body and does nothing else.
import Fastify from 'fastify';
import { ClaudeHookInputSchema, ClaudeHookOutputSchema } from '../src/schemas/claude.js';

// Same body limit and schema as the service's /hooks/claude; no logging, no plugins, no store: the limit of the stack.
const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
app.post('/hooks/claude', { schema: { body: ClaudeHookInputSchema, response: { 200: ClaudeHookOutputSchema } } }, async () => ({}));
app.get('/health/live', async () => ({ status: 'ok' }));

const close = () => void app.close().then(() => process.exit(0));
process.once('SIGTERM', close);
process.once('SIGINT', close);
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
