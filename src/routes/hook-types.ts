// GET /hooks/types: the hook types the generic envelope accepts and their default priorities (CONTRACT §2), for the dashboard's filter.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { HOOK_TYPES, MAX_PRIORITY, MIN_PRIORITY, defaultPriority } from '../schemas/hook-types.js';
import { errorResponses } from '../schemas/common.js';

const HookTypesSchema = Type.Object(
  {
    hook_types: Type.Array(
      Type.Object({
        name: Type.String(),
        priority: Type.Integer({ minimum: MIN_PRIORITY, maximum: MAX_PRIORITY, description: 'Default priority (1 is most urgent)' }),
      }),
    ),
  },
  { title: 'HookTypes' },
);

export default async function hookTypeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Built once: the list is fixed for the life of the process.
  const body = { hook_types: HOOK_TYPES.map((name) => ({ name, priority: defaultPriority(name) })) };

  app.get(
    '/hooks/types',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['events'],
        summary: 'Hook types and their default priorities',
        description:
          'The types `POST /hooks` accepts, in lifecycle order, with the priority each gets when none is sent. ' +
          'The dashboard builds its filter from this list, so a type added to the service appears there unchanged.',
        response: { 200: HookTypesSchema, ...errorResponses(401, 403, 429) },
      },
    },
    async () => body,
  );
}
