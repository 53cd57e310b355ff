// History: GET /hooks/events — filtered pages by stream id, or the last N for a dashboard's first paint.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EventsQuerySchema } from '../schemas/query.js';
import { StoredEventSchema } from '../schemas/event.js';
import { errorResponses } from '../schemas/common.js';
import { splitList } from '../store/filter.js';
import type { EventFilter } from '../store/types.js';

const EventsPageSchema = Type.Object(
  {
    events: Type.Array(StoredEventSchema),
    next: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `since` for the next page; null: no more' }),
  },
  { title: 'EventsPage' },
);

export default async function eventRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.hive;

  app.get(
    '/hooks/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Stored events, oldest first',
        description:
          'Up to `limit` matching events with id after `since` (from the start of retained history without it). ' +
          '`last=N` instead returns the N most recent matching events, oldest first.',
        querystring: EventsQuerySchema,
        response: { 200: EventsPageSchema, ...errorResponses(400, 401, 503) },
      },
    },
    async (request) => {
      const q = request.query;
      const filter: EventFilter = {};
      const agents = splitList(q.agent_id);
      const sessions = splitList(q.session_id);
      const types = splitList(q.hook_type);
      if (agents) filter.agent_ids = agents;
      if (sessions) filter.session_ids = sessions;
      if (types) filter.hook_types = types;
      if (q.min_priority !== undefined) filter.min_priority = q.min_priority;
      if (q.last !== undefined) {
        return { events: await store.readLast(q.last, filter), next: null };
      }
      const page = await store.read({ since: q.since, limit: q.limit ?? 100, filter });
      return page;
    },
  );
}
