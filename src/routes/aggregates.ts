// GET /hooks/aggregates: the aggregator's window summaries (CONTRACT §10), paged by stream id like the events.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import { AggregatesPageSchema, AggregatesQuerySchema } from '../schemas/aggregate.js';
import { errorResponses } from '../schemas/common.js';

export default async function aggregateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app;

  app.get(
    '/hooks/aggregates',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['events'],
        summary: 'Window summaries, oldest first',
        description:
          'Every HOOK_FLUSH_INTERVAL_MS, each agent and session that saw events gets one summary: event and hook-type ' +
          'counts, tool usage with success/error counts and paired durations, decisions, processing time, and what ' +
          'custom rules add. Raw events are never replaced: they stay in /hooks/events.',
        querystring: AggregatesQuerySchema,
        response: { 200: AggregatesPageSchema, ...errorResponses(400, 401, 403, 429, 503) },
      },
    },
    async (request) => {
      const { agent_id, session_id, since, limit } = request.query;
      // The store keeps summaries opaque; what it holds is what the aggregator wrote, in this shape.
      return (await store.aggregates.read({ agent_id, session_id, since, limit: limit ?? 100 })) as Static<typeof AggregatesPageSchema>;
    },
  );
}
