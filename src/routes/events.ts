// History: GET /hooks/events — filtered pages by stream id, or the last N for a dashboard's first paint.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EventsQuerySchema } from '../schemas/query.js';
import { StoredEventSchema } from '../schemas/event.js';
import { errorResponses } from '../schemas/common.js';
import { splitList } from '../store/filter.js';
import { isAfterTop } from '../store/position.js';
import { checkFilter } from '../stream/filters.js';
import { createError, ErrorCodes } from '../errors.js';

const EventsPageSchema = Type.Object(
  {
    events: Type.Array(StoredEventSchema),
    next: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `since` for the next page; null: no more' }),
    truncated: Type.Optional(
      Type.Boolean({ description: '`last=N`: fewer than N came back because of HOOK_HISTORY_MAX_BYTES; older ones exist' }),
    ),
  },
  { title: 'EventsPage' },
);

const bad = (message: string) => createError(ErrorCodes.VALIDATION, message, 400);

export default async function eventRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { store, config } = app;

  app.get(
    '/hooks/events',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['events'],
        summary: 'Stored events, oldest first',
        description:
          'Up to `limit` matching events with id after `since` (from the start of retained history without it). ' +
          '`last=N` instead returns the N most recent matching events, oldest first; it takes no `since` or `limit`. ' +
          'A page holds at most HOOK_HISTORY_MAX_BYTES of events (at least one): `next` continues it. A `since` ' +
          'after the newest stored event is a 400 (the history was reset, or the id is not one of ours).',
        querystring: EventsQuerySchema,
        response: { 200: EventsPageSchema, ...errorResponses(400, 401, 403, 429, 503) },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.last !== undefined && q.limit !== undefined) throw bad('Give either last (the N newest) or limit (a page after since), not both');
      if (q.last !== undefined && q.since !== undefined) throw bad('last returns the newest events and takes no since; page with since and limit instead');
      const checked = checkFilter({
        agent_ids: splitList(q.agent_id),
        session_ids: splitList(q.session_id),
        hook_types: splitList(q.hook_type),
        min_priority: q.min_priority,
      });
      if (!checked.ok) throw createError(checked.error.code, checked.error.message, 400);
      const filter = checked.value;
      const maxBytes = config.HOOK_HISTORY_MAX_BYTES;
      if (q.last !== undefined) {
        const page = await store.readLast({ n: q.last, filter, maxBytes });
        return page.truncated ? { events: page.events, next: null, truncated: true } : { events: page.events, next: null };
      }
      if (q.since !== undefined && isAfterTop(q.since, await store.position())) {
        throw createError(ErrorCodes.BAD_STREAM_ID, `since ${q.since} is after the newest stored event: the history was reset, or the id is not from this service`, 400);
      }
      return store.read({ since: q.since, limit: q.limit ?? 100, filter, maxBytes });
    },
  );
}
