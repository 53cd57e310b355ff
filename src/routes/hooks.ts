// Generic ingest: POST /hooks and /hooks/batch — schema in, pipeline call, schema out.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { BatchInputSchema, BatchResultSchema, HookEventInputSchema, ProcessingResultSchema } from '../schemas/event.js';
import { errorResponses } from '../schemas/common.js';
import { normalizeEnvelope, type Incoming } from '../pipeline/normalize.js';
import { addToReport } from '../pipeline/prepare.js';
import { HookError, ErrorCodes, createError } from '../errors.js';
import type { SanitizeNotes } from '../json/sanitize.js';

/** What the edge removed from an event's body becomes part of what is stored about it. */
export function withNotes(incoming: Incoming, notes: SanitizeNotes | undefined): Incoming {
  const report = notes ? addToReport(incoming.event.sanitized, notes) : undefined;
  return report ? { ...incoming, event: { ...incoming.event, sanitized: report } } : incoming;
}

export function shuttingDownError(): HookError {
  return createError(ErrorCodes.SHUTTING_DOWN, 'The service is shutting down; retry on another instance', 503, { 'retry-after': '1' });
}

export default async function hookRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { pipeline, config, lifecycle } = app;

  app.post(
    '/hooks',
    {
      config: { scope: 'ingest' },
      schema: {
        tags: ['hooks'],
        summary: 'Ingest one hook event',
        description:
          'Decides, stores and streams one event. A blocked hook is a 200 with decision "deny". The same event_id with ' +
          'the same content is answered with the stored result; with other content it is a 409.',
        body: HookEventInputSchema,
        response: { 200: ProcessingResultSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const start = process.hrtime.bigint();
      if (lifecycle.shuttingDown) throw shuttingDownError();
      const outcome = await pipeline.process(withNotes(normalizeEnvelope(request.body), request.facts.notes), start);
      // The body of a retry is the original answer, byte for byte; only this header tells them apart.
      if (outcome.duplicate) reply.header('hookhive-duplicate', 'true');
      return outcome.result;
    },
  );

  app.post(
    '/hooks/batch',
    {
      bodyLimit: config.HOOK_BATCH_MAX_PAYLOAD_SIZE,
      config: { scope: 'ingest', bodyItems: 'events' },
      schema: {
        tags: ['hooks'],
        summary: 'Ingest up to 1000 hook events',
        description:
          'Results come back in the order of the events. An event that fails on its own (too large, bad timestamp, ' +
          'reused event_id, store unavailable) gets an error item; the others are still processed.',
        body: BatchInputSchema,
        response: { 200: BatchResultSchema, ...errorResponses(400, 401, 403, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      const start = process.hrtime.bigint();
      if (lifecycle.shuttingDown) throw shuttingDownError();
      const now = Date.now();
      const notes = request.facts.itemNotes ?? [];
      const items: (Incoming | HookError)[] = request.body.events.map((e, i) => {
        try {
          if (JSON.stringify(e).length > config.HOOK_MAX_PAYLOAD_SIZE) {
            return createError(ErrorCodes.PAYLOAD_TOO_LARGE, `Event is larger than the limit of ${config.HOOK_MAX_PAYLOAD_SIZE} bytes`, 413);
          }
          return withNotes(normalizeEnvelope(e, now), notes[i]);
        } catch (err) {
          if (err instanceof HookError) return err;
          throw err;
        }
      });
      const results = await pipeline.processMany(items, start);
      results.forEach((r, i) => {
        const given = request.body.events[i]?.event_id;
        if (!r.success && r.event_id === undefined && given !== undefined) r.event_id = given;
      });
      return { results };
    },
  );
}
