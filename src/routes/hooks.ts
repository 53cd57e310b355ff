// Ingest routes: POST /hooks, /hooks/batch and /hooks/claude — schema in, pipeline call, schema out.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { BatchInputSchema, BatchResultSchema, HookEventInputSchema, ProcessingResultSchema } from '../schemas/event.js';
import { ClaudeHookInputSchema, ClaudeHookOutputSchema, type ClaudeHookInput } from '../schemas/claude.js';
import { errorResponses } from '../schemas/common.js';
import { normalizeEnvelope, type NormalizedEvent } from '../pipeline/normalize.js';
import { claudeAnswer, claudeToEvent } from '../adapters/claude.js';
import { HookError, ErrorCodes, createError } from '../errors.js';

export default async function hookRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { pipeline, config, state } = app.hive;

  const refuseWhileClosing = () => {
    if (state.shuttingDown) {
      throw createError(ErrorCodes.SHUTTING_DOWN, 'The service is shutting down; retry on another instance', 503, {
        'retry-after': '1',
      });
    }
  };

  app.post(
    '/hooks',
    {
      schema: {
        tags: ['hooks'],
        summary: 'Ingest one hook event',
        description: 'Decides, stores and streams one event. A blocked hook is a 200 with decision "deny".',
        body: HookEventInputSchema,
        response: { 200: ProcessingResultSchema, ...errorResponses(400, 401, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const start = process.hrtime.bigint();
      refuseWhileClosing();
      const outcome = await pipeline.process(normalizeEnvelope(request.body), start);
      // The body of a retry is the original answer, byte for byte; only this header tells them apart.
      if (outcome.duplicate) reply.header('hookhive-duplicate', 'true');
      return outcome.result;
    },
  );

  app.post(
    '/hooks/batch',
    {
      bodyLimit: config.HOOK_BATCH_MAX_PAYLOAD_SIZE,
      schema: {
        tags: ['hooks'],
        summary: 'Ingest up to 1000 hook events',
        description:
          'Results come back in the order of the events. An event that fails on its own (too large, bad timestamp, ' +
          'store unavailable) gets an error item; the others are still processed.',
        body: BatchInputSchema,
        response: { 200: BatchResultSchema, ...errorResponses(400, 401, 413, 415, 503) },
      },
    },
    async (request) => {
      const start = process.hrtime.bigint();
      refuseWhileClosing();
      const now = Date.now();
      const inputs: (NormalizedEvent | HookError)[] = request.body.events.map((e) => {
        try {
          if (JSON.stringify(e).length > config.HOOK_MAX_PAYLOAD_SIZE) {
            return createError(
              ErrorCodes.PAYLOAD_TOO_LARGE,
              `Event is larger than the limit of ${config.HOOK_MAX_PAYLOAD_SIZE} bytes`,
              413,
            );
          }
          return normalizeEnvelope(e, now);
        } catch (err) {
          if (err instanceof HookError) return err;
          throw err;
        }
      });
      const results = await pipeline.processMany(inputs, start);
      results.forEach((r, i) => {
        const given = request.body.events[i]?.event_id;
        if (!r.success && r.event_id === undefined && given !== undefined) r.event_id = given;
      });
      return { results };
    },
  );

  app.post(
    '/hooks/claude',
    {
      schema: {
        tags: ['hooks', 'claude-code'],
        summary: "Claude Code's native HTTP hook",
        description:
          'Accepts the body exactly as a Claude Code `type: "http"` hook sends it and answers with Claude Code hook ' +
          'output: a PreToolUse deny/ask carries hookSpecificOutput; anything else is {} (never an auto-approve).',
        headers: Type.Object({
          'x-agent-id': Type.Optional(Type.String({ description: 'Agent id when the body has none' })),
        }),
        body: ClaudeHookInputSchema,
        response: { 200: ClaudeHookOutputSchema, ...errorResponses(400, 401, 413, 415, 503) },
      },
    },
    async (request) => {
      const start = process.hrtime.bigint();
      refuseWhileClosing();
      const header = request.headers['x-agent-id'];
      const agentHeader = typeof header === 'string' && header ? header : undefined;
      const outcome = await pipeline.process(claudeToEvent(request.body as ClaudeHookInput, agentHeader), start);
      return claudeAnswer(outcome.event);
    },
  );
}
